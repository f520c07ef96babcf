"""The idle lock: after N minutes without input the window hides its contents until the person
signs in again (their password on PostgreSQL; the SQLCipher passphrase once the file is
encrypted, through an Unlocker passed in by the composition root)."""

from __future__ import annotations

import hmac
from typing import Protocol

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication

from komoro_feedback.i18n.translation import _
from komoro_feedback.services.container import Services

_INPUT_EVENTS = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
        QEvent.Type.InputMethod,
        QEvent.Type.TouchBegin,
        QEvent.Type.TabletPress,
    }
)


class Unlocker(Protocol):
    """What the lock page asks for and how it checks it (the SQLCipher hook plugs in here)."""

    def secret_label(self) -> str:
        """The label of the secret to type ("" when none is asked for)."""
        ...

    def unlock(self, secret: str) -> str | None:
        """None when the person may go on; else the message to show."""
        ...


class SignInAgain:
    """Default: on PostgreSQL the login's password (checked by the server); on an encrypted
    file its passphrase; on a plain file the person confirms who they are and must still be on
    the staff list."""

    def __init__(self, services: Services) -> None:
        self.services = services

    def secret_label(self) -> str:
        if self.services.db.passphrase is not None:  # an encrypted laptop file
            return _("データベースのパスフレーズ")
        return _("パスワード") if self.services.db.is_postgresql else ""

    def unlock(self, secret: str) -> str | None:
        identity = self.services.identity
        passphrase = self.services.db.passphrase
        if passphrase is not None and not hmac.compare_digest(
            secret.encode("utf-8"), passphrase.encode("utf-8")
        ):
            return _("パスフレーズが違います。")
        if self.services.db.is_postgresql:
            if not identity.verify_password(secret):
                return _("パスワードが違います。")
            return None
        name = self.services.actor.name
        if name in {p.name for p in identity.people()}:
            identity.sign_in(name)  # the role as the list says now
        elif not identity.needs_setup():
            return _("「{name}」は職員名簿にいません。アプリを起動し直してください。").format(
                name=name
            )
        return None


class IdleWatcher(QObject):
    """Counts time since the last key, click or mouse move anywhere in the application."""

    idle = Signal()

    def __init__(self, minutes: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.idle)
        self.paused = False
        self.set_minutes(minutes)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)

    def set_minutes(self, minutes: int) -> None:
        self.set_timeout_ms(max(minutes, 0) * 60_000)

    def set_timeout_ms(self, ms: int) -> None:
        """0: off. Tests use a few hundred milliseconds."""
        self.timer.setInterval(ms)
        self.restart()

    def restart(self) -> None:
        if self.timer.interval() > 0 and not self.paused:
            self.timer.start()
        else:
            self.timer.stop()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _INPUT_EVENTS and not self.paused and self.timer.interval() > 0:
            self.timer.start()
        return False

    def stop(self) -> None:
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
        self.timer.stop()
