"""Why personal data is needed: a reason from the fixed list (and a note for その他)."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLineEdit, QWidget

from komoro_feedback.domain.access_log import AccessPurpose, AccessReason
from komoro_feedback.i18n.translation import _


class AccessReasonBox(QWidget):
    """First item 「理由を選ぶ…」: nothing is shown or written until a reason is chosen."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.combo = QComboBox(self)
        self.combo.setObjectName("access_reason")
        self.note = QLineEdit(self)
        self.note.setObjectName("access_reason_note")
        self.note.setVisible(False)
        self.combo.addItem("", None)
        for reason in AccessReason:
            self.combo.addItem("", reason)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.combo)
        layout.addWidget(self.note, 1)
        self.combo.currentIndexChanged.connect(self._on_combo_changed)
        self.retranslate()

    def purpose(self) -> AccessPurpose | None:
        data = self.combo.currentData()
        if data is None:
            return None
        return AccessPurpose(AccessReason(data), self.note.text())

    def choose(self, reason: AccessReason, note: str = "") -> None:
        self.combo.setCurrentIndex(self.combo.findData(reason))
        self.note.setText(note)

    def retranslate(self) -> None:
        self.combo.setAccessibleName(_("個人情報を扱う理由"))
        self.combo.setItemText(0, _("理由を選ぶ…"))
        for i, reason in enumerate(AccessReason, start=1):
            self.combo.setItemText(i, _(reason.label))
        self.note.setPlaceholderText(_("理由（その他）"))
        self.note.setAccessibleName(_("理由（その他）"))

    def _on_combo_changed(self, _index: int) -> None:
        self.note.setVisible(self.combo.currentData() == AccessReason.OTHER)
