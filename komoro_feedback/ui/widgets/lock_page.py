"""What a locked window shows instead of its pages: who is signed in and how to come back."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from komoro_feedback.i18n.translation import _


class LockPage(QWidget):
    """No comment, name or list is visible here; the pages behind keep what was typed."""

    unlock_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("lock_page")
        self.title = QLabel(self)
        self.title.setObjectName("lock_title")
        font = self.title.font()
        font.setPointSize(font.pointSize() + 6)
        self.title.setFont(font)
        self.who = QLabel(self)
        self.who.setObjectName("lock_who")
        self.secret = QLineEdit(self)
        self.secret.setObjectName("lock_secret")
        self.secret.setEchoMode(QLineEdit.EchoMode.Password)
        self.secret.setMaximumWidth(320)
        self.secret.setAccessibleName(_("パスワード"))  # until prepare() names the secret asked
        self.button = QPushButton(self)
        self.button.setObjectName("lock_unlock")
        self.button.setDefault(True)
        self.message = QLabel(self)
        self.message.setObjectName("lock_message")
        self.message.setStyleSheet("color: #b00020;")
        layout = QVBoxLayout(self)
        layout.addStretch(2)
        for w in (self.title, self.who, self.secret, self.button, self.message):
            layout.addWidget(w, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(3)
        self.button.clicked.connect(self._on_button_clicked)
        self.secret.returnPressed.connect(self._on_button_clicked)
        self._secret_label = ""
        self.retranslate()

    def prepare(self, who: str, secret_label: str) -> None:
        self.who.setText(who)
        self._secret_label = secret_label
        self.secret.clear()
        self.secret.setVisible(bool(secret_label))
        self.secret.setPlaceholderText(secret_label)
        self.secret.setAccessibleName(secret_label)
        self.message.clear()
        (self.secret if secret_label else self.button).setFocus()

    def show_error(self, text: str) -> None:
        self.message.setText(text)
        self.secret.selectAll()

    def retranslate(self) -> None:
        self.title.setText(_("画面をロックしました"))
        self.button.setText(_("サインインして再開"))
        self.button.setAccessibleName(_("サインインして再開"))

    def _on_button_clicked(self) -> None:
        self.unlock_requested.emit(self.secret.text())
