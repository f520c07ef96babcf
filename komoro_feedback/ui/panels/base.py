"""The contract every page of the main window follows."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from komoro_feedback.config import UserSettings
from komoro_feedback.services.container import Services


class Panel(QWidget):
    """A page of the main window: built from services, refreshed on demand, re-translatable."""

    #: Stable key of the page (navigation, screenshots, tests).
    key = "panel"

    def __init__(
        self, services: Services, settings: UserSettings, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.services = services
        self.settings = settings

    def title(self) -> str:
        """The page's name in the navigation, in the current language."""
        raise NotImplementedError

    def refresh(self) -> None:
        """Reload what the page shows from the services (called when it is shown)."""

    def on_data_changed(self) -> None:
        """Someone (another window, laptop or colleague) changed data: update what is safe.

        Never discards what the user is typing or editing; read-only views just refresh.
        """

    def retranslate(self) -> None:
        """Re-set every user-visible string after a language change, keeping typed input."""
