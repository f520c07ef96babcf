"""The detail pane's personal-data row: a reason, then 「個人情報を表示」 shows name and contact."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from komoro_feedback.domain.errors import KomoroError
from komoro_feedback.domain.roles import Action
from komoro_feedback.i18n.translation import _
from komoro_feedback.services.container import Services

from komoro_feedback.ui.widgets.access_reason_box import AccessReasonBox

#: (message, level) shown by the pane's banner; an empty message hides it.
Report = Callable[[str, str], None]


class SpeakerRevealRow(QWidget):
    """Nothing personal is shown until asked for with a reason (which the access log keeps)."""

    def __init__(self, services: Services, report: Report, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self._report = report
        self._comment_id: str | None = None
        self.reason = AccessReasonBox()
        self.button = QPushButton()
        self.button.setObjectName("detail_speaker_button")
        self.button.clicked.connect(self.reveal)
        self.shown = QLabel()
        self.shown.setObjectName("detail_speaker")
        self.shown.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.reason)
        layout.addWidget(self.button)
        layout.addWidget(self.shown, 1)

    def show_for(self, comment_id: str, *, has_speaker: bool) -> None:
        """A comment is shown: its personal data is hidden again, the button follows the role."""
        self._comment_id = comment_id
        self.shown.clear()
        access = self.services.access
        allowed = access.can(Action.REVEAL_PERSONAL)
        self.button.setEnabled(has_speaker and allowed)
        self.reason.setEnabled(has_speaker and allowed)
        self.button.setToolTip(
            access.why_not(Action.REVEAL_PERSONAL)
            if not allowed
            else ("" if has_speaker else _("個人情報は記録されていません"))
        )

    def reveal(self) -> None:
        """Personal data only on this explicit request."""
        if self._comment_id is None:
            return
        purpose = self.reason.purpose()
        if purpose is None:
            self._report(_("個人情報を表示する理由を選んでください。"), "error")
            self.reason.combo.setFocus()
            return
        try:
            sp = self.services.comments.speaker(self._comment_id, purpose)
        except KomoroError as exc:
            self._report(str(exc), "error")
            return
        self._report("", "ok")
        if sp is None or sp.empty:
            self.shown.setText(_("（記録なし）"))
        else:
            self.shown.setText(f"{sp.name}　{sp.contact}".strip())

    def retranslate(self) -> None:
        self.button.setText(_("個人情報を表示"))
        self.reason.retranslate()
