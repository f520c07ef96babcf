"""The app's password prompt: masked input, Cancel means no password."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QInputDialog, QLineEdit
from pytestqt.qtbot import QtBot

from komoro_feedback.ui.dialogs.password_dialog import qt_password_prompt


def _answer(text: str | None) -> None:
    def act() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, QInputDialog)
        assert dialog.textEchoMode() == QLineEdit.EchoMode.Password
        assert "komoro@db.city.local" in dialog.labelText()
        if text is None:
            dialog.reject()
        else:
            dialog.setTextValue(text)
            dialog.accept()

    QTimer.singleShot(0, act)


def test_typed_password_is_returned_and_cancel_gives_none(qtbot: QtBot) -> None:
    ask = qt_password_prompt()
    where = "postgresql+psycopg://komoro@db.city.local:5432/komoro"
    _answer("秘密のパスワード")
    assert ask(where) == "秘密のパスワード"
    _answer(None)
    assert ask(where) is None
