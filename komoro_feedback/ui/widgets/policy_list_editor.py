"""Edit the policies of one comment: the primary first, add by typing part of a code or title."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from komoro_feedback.domain.catalog import Policy, Programme
from komoro_feedback.i18n.translation import _

_ID_ROLE = Qt.ItemDataRole.UserRole


class PolicyListEditor(QWidget):
    """The chosen policies in order (the first is 主 / primary) and a typed chooser to add one."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._policies: dict[int, Policy] = {}
        self.chosen = QListWidget()
        self.chosen.setObjectName("detail_policies")
        self.chosen.setMaximumHeight(72)
        # Long policy titles are elided (full title in the tooltip), never scrolled sideways.
        self.chosen.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.chosen.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.chosen.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.chooser = QComboBox()
        self.chooser.setObjectName("detail_policy_chooser")
        self.chooser.setEditable(True)
        self.chooser.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.chooser.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.chooser.setMinimumContentsLength(8)
        completer = self.chooser.completer()
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.add_button = QPushButton()
        self.remove_button = QPushButton()
        self.primary_button = QPushButton()
        side = QVBoxLayout()
        side.addWidget(self.primary_button)
        side.addWidget(self.remove_button)
        side.addStretch(1)
        top = QHBoxLayout()
        top.addWidget(self.chosen, 1)
        top.addLayout(side)
        adder = QHBoxLayout()
        adder.addWidget(self.chooser, 1)
        adder.addWidget(self.add_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addLayout(adder)
        self.add_button.clicked.connect(self._on_add_clicked)
        self.remove_button.clicked.connect(self._on_remove_clicked)
        self.primary_button.clicked.connect(self._on_primary_clicked)
        self.retranslate()

    def set_programme(self, programmes: list[Programme]) -> None:
        """Offer the policies of these programmes (old comments may use an older one)."""
        self._policies = {p.id: p for prog in programmes for p in prog.policies()}
        self.chooser.clear()
        current = next(
            (p for p in programmes if p.is_current), programmes[0] if programmes else None
        )
        for p in current.policies() if current else []:
            self.chooser.addItem(f"{p.code} {p.mark.value} {p.title}", p.id)
        self.chooser.setCurrentIndex(-1)

    def ids(self) -> tuple[int, ...]:
        return tuple(int(self.chosen.item(i).data(_ID_ROLE)) for i in range(self.chosen.count()))

    def set_ids(self, ids: tuple[int, ...]) -> None:
        self.chosen.clear()
        for pid in ids:
            self._append(pid)
        self._relabel()

    def _append(self, pid: int) -> None:
        item = QListWidgetItem()
        item.setData(_ID_ROLE, pid)
        self.chosen.addItem(item)

    def _relabel(self) -> None:
        for i in range(self.chosen.count()):
            item = self.chosen.item(i)
            p = self._policies.get(int(item.data(_ID_ROLE)))
            text = f"{p.mark.value} {p.code} {p.title}" if p else str(item.data(_ID_ROLE))
            item.setText((_("主") + "｜" if i == 0 else "　 ") + text)
            item.setToolTip(p.title if p else "")

    def add(self, policy_id: int) -> None:
        if policy_id in self.ids():
            return
        self._append(policy_id)
        self._relabel()
        self.changed.emit()

    def _on_add_clicked(self) -> None:
        i = self.chooser.findText(self.chooser.currentText())
        data = self.chooser.itemData(i) if i >= 0 else self.chooser.currentData()
        if data is not None:
            self.add(int(data))
            self.chooser.setCurrentIndex(-1)
            self.chooser.clearEditText()

    def _on_remove_clicked(self) -> None:
        row = self.chosen.currentRow()
        if row >= 0:
            self.chosen.takeItem(row)
            self._relabel()
            self.changed.emit()

    def _on_primary_clicked(self) -> None:
        row = self.chosen.currentRow()
        if row > 0:
            item = self.chosen.takeItem(row)
            self.chosen.insertItem(0, item)
            self.chosen.setCurrentRow(0)
            self._relabel()
            self.changed.emit()

    def retranslate(self) -> None:
        self.add_button.setText(_("追加"))
        self.remove_button.setText(_("外す"))
        self.primary_button.setText(_("主にする"))
        self.chooser.lineEdit().setPlaceholderText(_("政策の番号か名称の一部"))
        self._relabel()
