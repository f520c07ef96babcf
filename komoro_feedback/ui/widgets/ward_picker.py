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
    """Type part of a ward or district name (kana and width ignored), Up/Down, Enter.

    `ward_id()` is None for 市全域 (city-wide). `ward_chosen` is emitted with the ward id
    (or None) whenever the user picks an entry.
    """

    ward_chosen = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._wards: dict[int, Ward] = {}
        self._district_names: dict[int, str] = {}
        self._ward_id: int | None = None
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
        self.tree.clear()
        self.tree.addTopLevelItem(self._leaf(_("市全域"), CITY_WIDE))
        for d in districts:
            head = QTreeWidgetItem([d.name])
            head.setFlags(Qt.ItemFlag.ItemIsEnabled)
            head.setData(0, _ID_ROLE, None)
            font = head.font(0)
            font.setBold(True)
            head.setFont(0, font)
            for w in d.wards:
                label = w.name + (_("（準区）") if w.kind == "quasi" else "")
                head.addChild(self._leaf(label, w.id))
            self.tree.addTopLevelItem(head)
        self.tree.expandAll()
        if self._ward_id is not None and self._ward_id not in self._wards:
            self._ward_id = None
        self._apply_filter()
        self._show_choice()

    def ward_id(self) -> int | None:
        """The chosen ward, or None for 市全域."""
        return self._ward_id

    def set_ward_id(self, ward_id: int | None) -> None:
        self._ward_id = ward_id if ward_id in self._wards else None
        self._show_choice()
        self._select(self._ward_id if self._ward_id is not None else CITY_WIDE)

    def ward_name(self) -> str:
        if self._ward_id is None:
            return _("市全域")
        return self._wards[self._ward_id].name

    def retranslate(self) -> None:
        self.filter_edit.setPlaceholderText(_("区名・地区名を入力して絞り込み、Enterで決定"))
        city = self.tree.topLevelItem(0)
        if city is not None:
            city.setText(0, _("市全域"))
        self._show_choice()

    # --- behaviour --------------------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.filter_edit and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            key = event.key()
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not event.modifiers():
                item = self.tree.currentItem()
                if item is not None and item.data(0, _ID_ROLE) is not None:
                    self._choose(item)
                return True
            if move_current(self.tree, key, _is_choice):
                return True
            if key == Qt.Key.Key_Escape and self.filter_edit.text():
                self.filter_edit.clear()
                return True
        return super().eventFilter(watched, event)

    def _leaf(self, label: str, ward_id: int) -> QTreeWidgetItem:
        item = QTreeWidgetItem([label])
        item.setData(0, _ID_ROLE, ward_id)
        return item

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
                match = not key or district_match or key in normalize_for_search(child.text(0))
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
            self._select(self._ward_id if self._ward_id is not None else CITY_WIDE)
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
        self.filter_edit.blockSignals(True)
        self.filter_edit.clear()
        self.filter_edit.blockSignals(False)
        self._apply_filter()
        self._select(value)
        self._show_choice()
        self.ward_chosen.emit(self._ward_id)

    def _show_choice(self) -> None:
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
