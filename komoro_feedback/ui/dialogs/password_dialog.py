"""Ask for a PostgreSQL password when neither the keyring nor libpq's .pgpass has it."""

from __future__ import annotations

from PySide6.QtWidgets import QInputDialog, QLineEdit, QWidget

from komoro_feedback.config import PasswordPrompt
from komoro_feedback.i18n.translation import _


def qt_password_prompt(parent: QWidget | None = None) -> PasswordPrompt:
    """The prompt callback for `config.password_provider(url, prompt=...)` in the app.

    Wire it where the app opens the database:
    `Database(url, password_provider=password_provider(url, prompt=qt_password_prompt()))`.
    """

    def ask(where: str) -> str | None:
        text, ok = QInputDialog.getText(
            parent,
            _("データベースのパスワード"),
            _("{where} のパスワード（OSの資格情報ストアに保存します）").format(where=where),
            QLineEdit.EchoMode.Password,
        )
        return text if ok and text else None

    return ask
