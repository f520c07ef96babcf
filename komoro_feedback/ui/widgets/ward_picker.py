"""Choose a ward (or 市全域) by typing: a filter line over the wards grouped by district."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLabel,
    QLineEdit,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from komoro_feedback.domain.catalog import District, Ward
from komoro_feedback.domain.text import normalize_for_search
from komoro_feedback.i18n.translation import _

from komoro_feedback.ui.widgets.filter_keys import move_current

#: Item data for the city-wide choice (a comment with no ward).
CITY_WIDE = -1
_ID_ROLE = Qt.ItemDataRole.UserRole


class WardPicker(QWidget):
    """Type part of a ward or district name or reading (kana and width ignored), Up/Down, Enter.

    Nothing is chosen until the user picks an entry: `has_choice()` tells whether one was
    picked, `ward_id()` is then the ward or None for 市全域 (city-wide). `ward_chosen` is
    emitted with the ward id (or None) whenever the user picks an entry. The wards of the
    meeting's districts can be numbered (`set_quick_wards`): with the filter empty, the digit
    1..9 (0 for the tenth) picks that ward at once.
    """

    ward_chosen = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._wards: dict[int, Ward] = {}
        self._district_names: dict[int, str] = {}
        self._ward_id: int | None = None
        self._chosen = False
        self._quick: list[int] = []
        self._keys: dict[int, str] = {}
        self.filter_edit = QLineEdit(self)
        self.filter_edit.setObjectName("wardFilter")
        self.filter_edit.setClearButtonEnabled(True)
        self.tree = QTreeWidget(self)
        self.tree.setObjectName("wardTree")
        self.tree.setHeaderHidden(True)
        self.tree.setRootIsDecorated(False)
        self.tree.setIndentation(14)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.choice_label = QLabel(self)
        self.choice_label.setObjectName("wardChoice")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.filter_edit)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.choice_label)
        self.setFocusProxy(self.filter_edit)
        self.filter_edit.textChanged.connect(self._on_filter_text_changed)
        self.filter_edit.installEventFilter(self)
        self.tree.itemActivated.connect(self._on_tree_item_activated)
        self.tree.itemClicked.connect(self._on_tree_item_activated)
        self.retranslate()

    # --- public API -------------------------------------------------------------------------
    def set_districts(self, districts: list[District]) -> None:
        """Show these districts and their (active) wards; keeps the choice if it still exists."""
        self._wards = {w.id: w for d in districts for w in d.wards}
        self._district_names = {d.id: d.name for d in districts}
        self._keys = {
            w.id: normalize_for_search(f"{w.name} {w.reading}") for w in self._wards.values()
        }
        self._quick = [q for q in self._quick if q in self._wards]
        self._fill_tree(districts)
        if self._ward_id is not None and self._ward_id not in self._wards:
            self._ward_id, self._chosen = None, False
        self._apply_filter()
        self._show_choice()

    def set_quick_wards(self, ward_ids: list[int]) -> None:
        """Number these wards 1..9, 0 (the meeting's own): a digit picks one at once."""
        self._quick = [w for w in ward_ids if w in self._wards][:10]
        for item in _leaves(self.tree):
            item.setText(0, self._label(item.data(0, _ID_ROLE)))

    def quick_wards(self) -> list[int]:
        return list(self._quick)

    def has_choice(self) -> bool:
        """Whether the user picked a ward or 市全域 for this comment."""
        return self._chosen

    def clear_choice(self) -> None:
        """Back to 'not chosen' (a new speaker): nothing is carried over."""
        self._ward_id, self._chosen = None, False
        self.filter_edit.clear()
        self.tree.setCurrentItem(None)  # type: ignore[arg-type]
        self.tree.clearSelection()
        self._show_choice()

    def choose(self, ward_id: int | None) -> None:
        """Pick a ward (None: 市全域) as if the user had chosen it in the list."""
        self._pick(CITY_WIDE if ward_id is None else ward_id)

    def ward_id(self) -> int | None:
        """The chosen ward, or None for 市全域."""
        return self._ward_id

    def set_ward_id(self, ward_id: int | None) -> None:
        """Show a ward (None: 市全域) as chosen, without the `ward_chosen` signal."""
        self._ward_id = ward_id if ward_id in self._wards else None
        self._chosen = True
        self._show_choice()
        self._select(self._ward_id if self._ward_id is not None else CITY_WIDE)

    def ward_name(self, ward_id: int | None = None) -> str:
        """The name of a ward (default: the chosen one), 市全域 for None."""
        wid = self._ward_id if ward_id is None and self._chosen else ward_id
        if wid is None or wid not in self._wards:
            return _("市全域")
        return self._wards[wid].name

    def retranslate(self) -> None:
        self.filter_edit.setPlaceholderText(_("区名・地区名を入力して絞り込み、Enterで決定"))
        for item in _leaves(self.tree):
            item.setText(0, self._label(item.data(0, _ID_ROLE)))
        self._show_choice()

    # --- behaviour --------------------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.filter_edit and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            key = event.key()
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not event.modifiers():
                item = self.tree.currentItem()
                if item is not None and not item.isHidden() and item.data(0, _ID_ROLE) is not None:
                    self._choose(item)
                return True
            if self._quick_pick(event):
                return True
            if move_current(self.tree, key, _is_choice):
                return True
            if key == Qt.Key.Key_Escape and self.filter_edit.text():
                self.filter_edit.clear()
                return True
        return super().eventFilter(watched, event)

    def _fill_tree(self, districts: list[District]) -> None:
        self.tree.clear()
        self.tree.addTopLevelItem(self._leaf(CITY_WIDE))
        for d in districts:
            head = QTreeWidgetItem([d.name])
            head.setFlags(Qt.ItemFlag.ItemIsEnabled)
            head.setData(0, _ID_ROLE, None)
            font = head.font(0)
            font.setBold(True)
            head.setFont(0, font)
            for w in d.wards:
                head.addChild(self._leaf(w.id))
            self.tree.addTopLevelItem(head)
        self.tree.expandAll()

    def _label(self, ward_id: int) -> str:
        if ward_id == CITY_WIDE:
            return _("市全域")
        ward = self._wards[ward_id]
        label = ward.name + (_("（準区）") if ward.kind == "quasi" else "")
        if ward_id in self._quick:
            label = f"{(self._quick.index(ward_id) + 1) % 10}  {label}"
        return label

    def _leaf(self, ward_id: int) -> QTreeWidgetItem:
        item = QTreeWidgetItem([self._label(ward_id)])
        item.setData(0, _ID_ROLE, ward_id)
        if ward_id != CITY_WIDE and self._wards[ward_id].reading:
            item.setToolTip(0, self._wards[ward_id].reading)
        return item

    def _quick_pick(self, event: QKeyEvent) -> bool:
        """A digit typed into the empty filter picks that numbered ward of the meeting."""
        text = event.text()
        if self.filter_edit.text() or len(text) != 1 or not text.isdigit() or not self._quick:
            return False
        index = (int(text) - 1) % 10
        if index < len(self._quick):
            self._pick(self._quick[index])
        return True

    def _pick(self, ward_id: int) -> None:
        for item in _leaves(self.tree):
            if item.data(0, _ID_ROLE) == ward_id:
                self._choose(item)
                return

    def _on_filter_text_changed(self, _text: str) -> None:
        self._apply_filter()

    def _apply_filter(self) -> None:
        key = normalize_for_search(self.filter_edit.text())
        first: QTreeWidgetItem | None = None
        for i in range(self.tree.topLevelItemCount()):
            top = self.tree.topLevelItem(i)
            if top.childCount() == 0:  # 市全域
                visible = not key or key in normalize_for_search(top.text(0)) or key in "しぜんいき"
                top.setHidden(not visible)
                if visible and first is None and key:
                    first = top
                continue
            district_match = bool(key) and key in normalize_for_search(top.text(0))
            shown = 0
            for j in range(top.childCount()):
                child = top.child(j)
                own = self._keys.get(int(child.data(0, _ID_ROLE)), "")
                match = not key or district_match or key in own
                child.setHidden(not match)
                if match:
                    shown += 1
                    if first is None and key:
                        first = child
            top.setHidden(shown == 0)
        if first is not None:
            self.tree.setCurrentItem(first)
            self.tree.scrollToItem(first)
            self._show_choice()
        elif not key:
            if self._chosen:
                self._select(self._ward_id if self._ward_id is not None else CITY_WIDE)
            else:
                self.tree.setCurrentItem(None)  # type: ignore[arg-type]
                self.tree.clearSelection()
            self._show_choice()
        else:
            self.choice_label.setText(
                _("「{text}」に当たる区はありません（Escで消去）").format(
                    text=self.filter_edit.text().strip()
                )
            )

    def _select(self, ward_id: int) -> None:
        for item in _leaves(self.tree):
            if item.data(0, _ID_ROLE) == ward_id:
                self.tree.setCurrentItem(item)
                self.tree.scrollToItem(item)
                return

    def _on_tree_item_activated(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        if item.data(0, _ID_ROLE) is not None:
            self._choose(item)

    def _choose(self, item: QTreeWidgetItem) -> None:
        value = int(item.data(0, _ID_ROLE))
        self._ward_id = None if value == CITY_WIDE else value
        self._chosen = True
        self.filter_edit.blockSignals(True)
        self.filter_edit.clear()
        self.filter_edit.blockSignals(False)
        self._apply_filter()
        self._select(value)
        self._show_choice()
        self.ward_chosen.emit(self._ward_id)

    def _show_choice(self) -> None:
        if not self._chosen:
            self.choice_label.setText(_("選択中: （未選択）"))
            return
        if self._ward_id is None:
            text = _("市全域")
        else:
            ward = self._wards[self._ward_id]
            text = f"{ward.name}（{self._district_names.get(ward.district_id, '')}）"
        self.choice_label.setText(_("選択中: {ward}").format(ward=text))


def _is_choice(item: QTreeWidgetItem) -> bool:
    return item.data(0, _ID_ROLE) is not None


def _leaves(tree: QTreeWidget) -> list[QTreeWidgetItem]:
    out = []
    for i in range(tree.topLevelItemCount()):
        top = tree.topLevelItem(i)
        if top.childCount() == 0:
            out.append(top)
        out.extend(top.child(j) for j in range(top.childCount()))
    return out
