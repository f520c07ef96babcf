"""Common frame of the administrator dialogs: a list, action buttons, a message strip."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QInputDialog,
    QPushButton,
    QTreeWidget,
    QVBoxLayout,
    QWidget,
)

from komoro_feedback.domain.errors import KomoroError
from komoro_feedback.i18n.translation import _
from komoro_feedback.services.container import Services

from komoro_feedback.ui.widgets.status_banner import StatusBanner


class AdminListDialog(QDialog):
    """Subclasses fill `tree` in reload() and add buttons with add_action()."""

    def __init__(self, services: Services, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.setWindowTitle(title)
        self.banner = StatusBanner(self)
        self.tree = QTreeWidget(self)
        self.tree.setAlternatingRowColors(True)
        self.button_row = QHBoxLayout()
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.button(QDialogButtonBox.StandardButton.Close).setText(_("閉じる"))
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addWidget(self.tree, 1)
        layout.addLayout(self.button_row)
        layout.addWidget(close)
        self.resize(560, 520)

    def add_action(self, text: str, slot: Callable[[], None]) -> QPushButton:
        button = QPushButton(text, self)
        button.clicked.connect(slot)
        self.button_row.addWidget(button)
        return button

    def run(self, action: Callable[[], object], done: str) -> bool:
        """Call one service method; show what happened (or why not) and reload the list."""
        try:
            action()
        except KomoroError as exc:
            self.banner.show_message(str(exc), "error")
            return False
        self.banner.show_message(done, "ok")
        self.reload()
        return True

    def ask_text(self, title: str, label: str, text: str = "") -> str | None:
        value, ok = QInputDialog.getText(self, title, label, text=text)
        return value.strip() if ok and value.strip() else None

    def reload(self) -> None:
        raise NotImplementedError
