"""Choose one or more policies of the programme by typing any part of a code or title."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from komoro_feedback.domain.catalog import Policy, Programme
from komoro_feedback.domain.text import normalize_for_search
from komoro_feedback.i18n.translation import _

from komoro_feedback.ui.widgets.filter_keys import move_current

_ID_ROLE = Qt.ItemDataRole.UserRole


def policy_label(policy: Policy) -> str:
    """ "★ 1-04 title" as shown in lists."""
    return f"{policy.mark.value} {policy.code} {policy.title}"


class PolicyPicker(QWidget):
    """A filter line over the programme's policies and the list of chosen ones.

    The filter looks at codes, titles, the policies' texts and the everyday words citizens
    use for them (title matches first). Enter adds the highlighted policy; the first chosen
    policy is the primary one (主). `make_selected_primary()` is Alt+M on the capture page.
    Backspace in an empty filter line removes the last chosen policy. `changed` is emitted
    whenever the chosen policies change.
    """

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._policies: dict[int, Policy] = {}
        self._pillars: dict[int, str] = {}
        self._chosen: list[int] = []
        self._keys: dict[int, str] = {}
        self._more: dict[int, str] = {}
        self.filter_edit = QLineEdit(self)
        self.filter_edit.setObjectName("policyFilter")
        self.filter_edit.setClearButtonEnabled(True)
        self.tree = QTreeWidget(self)
        self.tree.setObjectName("policyTree")
        self.tree.setColumnCount(3)
        self.tree.setRootIsDecorated(False)
        self.tree.setUniformRowHeights(True)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.chosen_label = QLabel(self)
        self.chosen_label.setWordWrap(True)
        self.chosen_list = QListWidget(self)
        self.chosen_list.setObjectName("policyChosen")
        self._fit_to_font()
        self.chosen_list.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.chosen_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.primary_button = QPushButton(self)
        self.remove_button = QPushButton(self)
        buttons = QHBoxLayout()
        buttons.addWidget(self.chosen_label, 1)
        buttons.addWidget(self.primary_button)
        buttons.addWidget(self.remove_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.filter_edit)
        layout.addWidget(self.tree, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.chosen_list)
        self.setFocusProxy(self.filter_edit)
        self.filter_edit.textChanged.connect(self._on_filter_text_changed)
        self.filter_edit.installEventFilter(self)
        self.tree.itemActivated.connect(self._on_tree_item_activated)
        self.tree.itemDoubleClicked.connect(self._on_tree_item_activated)
        self.primary_button.clicked.connect(self._on_primary_clicked)
        self.remove_button.clicked.connect(self._on_remove_clicked)
        self.chosen_list.installEventFilter(self)
        self.retranslate()

    # --- public API -------------------------------------------------------------------------
    def set_programme(
        self, programme: Programme, words: dict[str, list[str]] | None = None
    ) -> None:
        """Offer the programme's policies in programme order; drops choices not in it.

        `words`: everyday words per policy code, searched after codes and titles.
        """
        self._policies = {p.id: p for p in programme.policies()}
        self._pillars = {pl.number: f"{pl.number} {pl.field}" for pl in programme.pillars}
        self._keys = {
            p.id: normalize_for_search(f"{p.code} {p.code.replace('-', '')} {p.title}")
            for p in self._policies.values()
        }
        self._more = {
            p.id: normalize_for_search(" ".join([p.text, *(words or {}).get(p.code, [])]))
            for p in self._policies.values()
        }
        self.tree.clear()
        for p in self._policies.values():
            item = QTreeWidgetItem(
                [f"{p.mark.value} {p.code}", p.title, self._pillars.get(p.pillar_number, "")]
            )
            item.setData(0, _ID_ROLE, p.id)
            item.setToolTip(1, f"{p.code} {p.title}\n\n{p.text}")
            self.tree.addTopLevelItem(item)
        self._chosen = [pid for pid in self._chosen if pid in self._policies]
        self._apply_filter()
        self._show_chosen()

    def add_policy(self, policy_id: int) -> None:
        """Add a policy to the chosen ones (the first added is primary); ignores repeats."""
        if policy_id in self._policies and policy_id not in self._chosen:
            self._chosen.append(policy_id)
            self._show_chosen()
            self.changed.emit()

    def remove_policy(self, policy_id: int) -> None:
        if policy_id in self._chosen:
            self._chosen.remove(policy_id)
            self._show_chosen()
            self.changed.emit()

    def set_primary(self, policy_id: int) -> None:
        """Make a chosen policy the primary one (adds it if needed)."""
        if policy_id not in self._policies:
            return
        if policy_id in self._chosen:
            self._chosen.remove(policy_id)
        self._chosen.insert(0, policy_id)
        self._show_chosen()
        self.changed.emit()

    def policy_ids(self) -> tuple[int, ...]:
        """The chosen policies, primary first."""
        return tuple(self._chosen)

    def set_policy_ids(self, ids: tuple[int, ...] | list[int]) -> None:
        self._chosen = [pid for pid in dict.fromkeys(ids) if pid in self._policies]
        self._show_chosen()
        self.changed.emit()

    def clear_policies(self) -> None:
        self.set_policy_ids(())

    def policy(self, policy_id: int) -> Policy | None:
        return self._policies.get(policy_id)

    def retranslate(self) -> None:
        self.filter_edit.setPlaceholderText(
            _("コード（例 1-04）や政策名の一部を入力し、Enterで追加")
        )
        self.tree.setHeaderLabels([_("コード"), _("政策"), _("柱")])
        self.primary_button.setText(_("主にする (Alt+M)"))
        self.primary_button.setToolTip(_("選んだ政策を主な政策にします"))
        self.remove_button.setText(_("外す (Del)"))
        self.remove_button.setToolTip(_("選んだ政策を外します（入力欄が空のときは Backspace）"))
        self._show_chosen()

    # --- behaviour --------------------------------------------------------------------------
    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange and hasattr(self, "chosen_list"):
            self._fit_to_font()

    def _fit_to_font(self) -> None:
        """Small minimums, in lines of the current text size: the capture page must fit a
        1024x600 screen (1280x720 with large text) with suggestions shown."""
        line = self.fontMetrics().height()
        self.chosen_list.setMaximumHeight(line * 3 + 8)
        self.chosen_list.setMinimumHeight(line * 2 + 6)
        self.tree.setMinimumHeight(line * 4)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.KeyPress:
            return super().eventFilter(watched, event)
        assert isinstance(event, QKeyEvent)
        key = event.key()
        if watched is self.filter_edit:
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not event.modifiers():
                item = self.tree.currentItem()
                if item is not None and not item.isHidden():
                    self._add_item(item)
                return True
            if move_current(self.tree, key, lambda _item: True):
                return True
            if key == Qt.Key.Key_Backspace and not self.filter_edit.text() and self._chosen:
                self.remove_policy(self._chosen[-1])
                return True
            if key == Qt.Key.Key_Escape and self.filter_edit.text():
                self.filter_edit.clear()
                return True
        elif watched is self.chosen_list and key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            self._on_remove_clicked()
            return True
        return super().eventFilter(watched, event)

    def _on_filter_text_changed(self, _text: str) -> None:
        self._apply_filter()

    def _apply_filter(self) -> None:
        key = normalize_for_search(self.filter_edit.text())
        compact = key.replace("-", "").replace(" ", "")
        first: QTreeWidgetItem | None = None
        first_other: QTreeWidgetItem | None = None
        for i in range(self.tree.topLevelItemCount()):
            item = self.tree.topLevelItem(i)
            pid = int(item.data(0, _ID_ROLE))
            haystack = self._keys.get(pid, "")
            titled = not key or key in haystack or (bool(compact) and compact in haystack)
            other = not titled and key in self._more.get(pid, "")
            item.setHidden(not (titled or other))
            if titled and first is None:
                first = item
            if other and first_other is None:
                first_other = item
        first = first or first_other
        if first is not None:
            self.tree.setCurrentItem(first)
            self.tree.scrollToItem(first)

    def _on_tree_item_activated(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        self._add_item(item)

    def _add_item(self, item: QTreeWidgetItem) -> None:
        self.add_policy(int(item.data(0, _ID_ROLE)))
        self.filter_edit.clear()

    def _selected_chosen_id(self) -> int | None:
        item = self.chosen_list.currentItem()
        if item is None and self.chosen_list.count():
            item = self.chosen_list.item(self.chosen_list.count() - 1)
        return None if item is None else int(item.data(_ID_ROLE))

    def make_selected_primary(self) -> None:
        """The selected chosen policy (or the last added) becomes the primary one."""
        self._on_primary_clicked()

    def _on_primary_clicked(self) -> None:
        pid = self._selected_chosen_id()
        if pid is not None:
            self.set_primary(pid)

    def _on_remove_clicked(self) -> None:
        pid = self._selected_chosen_id()
        if pid is not None:
            self.remove_policy(pid)

    def _show_chosen(self) -> None:
        self.chosen_list.clear()
        for i, pid in enumerate(self._chosen):
            p = self._policies[pid]
            prefix = _("【主】") if i == 0 else "　　"
            item = QListWidgetItem(f"{prefix}{policy_label(p)}")
            item.setData(_ID_ROLE, pid)
            item.setToolTip(policy_label(p))
            self.chosen_list.addItem(item)
        self.chosen_label.setText(
            _("選んだ政策: {n}件（最初が主な政策）").format(n=len(self._chosen))
            if self._chosen
            else _("政策は未選択です")
        )
