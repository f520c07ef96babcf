"""Placeholder for the reports page (being built)."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from komoro_feedback.config import UserSettings
from komoro_feedback.i18n.translation import _
from komoro_feedback.services.container import Services

from komoro_feedback.ui.panels.base import Panel


class ReportsPanel(Panel):
    """The reports page."""

    key = "reports"

    def __init__(
        self, services: Services, settings: UserSettings, parent: QWidget | None = None
    ) -> None:
        super().__init__(services, settings, parent)
        self._label = QLabel(self)
        QVBoxLayout(self).addWidget(self._label)
        self.retranslate()

    def title(self) -> str:
        return _("帳票")

    def retranslate(self) -> None:
        self._label.setText(_("準備中"))
