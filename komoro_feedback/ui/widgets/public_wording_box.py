"""公開用の文面 and 公開しない for one comment, in the detail pane (「市民の声と市の対応」)."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QLabel, QPlainTextEdit, QVBoxLayout, QWidget

from komoro_feedback.domain.publication import PublicWording
from komoro_feedback.i18n.translation import _
from komoro_feedback.services.publish.service import PublishService


class PublicWordingBox(QWidget):
    """Shows the wording that would be published (the masked text until staff edit it)."""

    def __init__(self, publish: PublishService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.publish = publish
        self._wording: PublicWording | None = None
        self.text = QPlainTextEdit()
        self.text.setObjectName("detail_public_text")
        self.text.setTabChangesFocus(True)
        self.text.setMinimumHeight(60)
        # a few lines: the comment's own text and the answer above need the room more
        self.text.setMaximumHeight(self.fontMetrics().lineSpacing() * 5 + 12)
        self.excluded = QCheckBox()
        self.excluded.setObjectName("detail_public_excluded")
        self.note = QLabel()
        self.note.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.text)
        layout.addWidget(self.excluded)
        layout.addWidget(self.note)
        self.excluded.toggled.connect(lambda on: self.text.setEnabled(not on))
        self.retranslate()

    def show_for(self, comment_id: str) -> None:
        self._wording = w = self.publish.wording(comment_id)
        self.text.setPlainText(w.text)
        self.text.setPlaceholderText(w.default_text)
        self.excluded.setChecked(w.excluded)
        self._update_note()

    def changed(self) -> bool:
        w = self._wording
        if w is None:
            return False
        return (self.text.toPlainText().strip(), self.excluded.isChecked()) != (w.text, w.excluded)

    def save(self) -> None:
        """Store the wording if it changed (empty: back to the masked text)."""
        if self._wording is None or not self.changed():
            return
        self._wording = self.publish.set_wording(
            self._wording.comment_id, self.text.toPlainText(), self.excluded.isChecked()
        )
        self.text.setPlainText(self._wording.text)
        self._update_note()

    def _update_note(self) -> None:
        w = self._wording
        if w is not None and w.edited:
            self.note.setText(_("職員が編集した文面です（空にすると元の文面に戻ります）。"))
        else:
            self.note.setText(_("本文から電話番号・メール・氏名を伏せた文面です。編集できます。"))

    def retranslate(self) -> None:
        self.text.setAccessibleName(_("公開用の文面"))
        self.excluded.setText(_("公開しない"))
        self.excluded.setAccessibleName(_("公開しない"))
        self._update_note()
