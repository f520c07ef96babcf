"""A visible message strip: what just happened (saved, undone) or what went wrong, and why."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget

_STYLES = {
    "info": "background: #eef3f8; color: #1f3b57; border: 1px solid #c5d5e6;",
    "ok": "background: #e6f4ea; color: #14532d; border: 1px solid #9bd3ad;",
    "warning": "background: #fff4e5; color: #7a4100; border: 1px solid #f0b25a;",
    "error": "background: #fdecea; color: #8a1c14; border: 2px solid #d93025; font-weight: bold;",
}


class StatusBanner(QLabel):
    """Stays on screen until the next message; errors are red and bold, not a modal box."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("statusBanner")
        self.setWordWrap(True)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        self.level = "info"
        self.show_message("", "info")

    def show_message(self, text: str, level: str = "info") -> None:
        self.level = level if level in _STYLES else "info"
        self.setStyleSheet(f"QLabel#statusBanner {{ {_STYLES[self.level]} padding: 4px 8px; }}")
        self.setText(text)

    def retranslate(self) -> None:
        """Messages are written in the language of the moment; nothing to redo here."""
