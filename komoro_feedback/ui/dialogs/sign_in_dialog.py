"""Sign in on a laptop file: choose yourself from the staff list (remembered for next time)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from komoro_feedback.config import UserSettings
from komoro_feedback.domain.errors import KomoroError
from komoro_feedback.i18n.translation import _
from komoro_feedback.services.quick_catalog import QuickStaffList
from komoro_feedback.services.sign_in_rule import SETUP_ADMIN
from komoro_feedback.store.os_account import os_account

from komoro_feedback.ui.widgets.status_banner import StatusBanner

if TYPE_CHECKING:  # the dialog can show before SQLAlchemy and the services load
    from komoro_feedback.services.container import Services
    from komoro_feedback.services.identity_service import IdentityService


class SignInDialog(QDialog):
    """Shown by ui/app.py before the window when the database is an SQLite file."""

    def __init__(
        self,
        services: Services | QuickStaffList,
        settings: UserSettings,
        parent: QWidget | None = None,
    ) -> None:
        """`services`: the open services, or the staff list of a ready file read before them
        (then the choice is only checked here, and `chosen` is signed in once they open)."""
        super().__init__(parent)
        if isinstance(services, QuickStaffList):
            self.identity: IdentityService | QuickStaffList = services
            self._os_user = os_account()
        else:
            self.identity = services.identity
            self._os_user = services.actor.os_user
        self.settings = settings
        self.chosen: str | None = None
        self.setWindowTitle(_("サインイン — Komoro Feedback"))
        self.banner = StatusBanner(self)
        self.banner.setVisible(False)  # until there is something to say: not a box to fill in
        self.person = QComboBox(self)
        self.person.setAccessibleName(_("職員"))
        self.person.setMinimumWidth(260)
        self.note = QLabel(self)
        self.note.setWordWrap(True)
        self.os_user = QLabel(self)
        form = QFormLayout()
        form.addRow(_("職員"), self.person)
        form.addRow(_("OSのアカウント"), self.os_user)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("サインイン"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("終了する"))
        self.buttons.accepted.connect(self.sign_in)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addLayout(form)
        layout.addWidget(self.note)
        layout.addWidget(self.buttons)
        self._fill()

    def _fill(self) -> None:
        people = self.identity.people()
        setup = self.identity.needs_setup()
        if setup:
            self.person.addItem(_(SETUP_ADMIN), _(SETUP_ADMIN))
        for p in people:
            self.person.addItem(
                _("{name}（{role}）").format(name=p.name, role=_(p.role.label)), p.name
            )
        remembered = self.person.findData(self.settings.recorder)
        self.person.setCurrentIndex(max(remembered, 0))
        self.os_user.setText(self._os_user or _("（不明）"))
        lines = [
            _(
                "このパソコンのデータベースファイルでは、名前の選択は取り違えを防ぐためのものです。"
                "ファイル自体は暗号化とロックで守ります。OSのアカウントも履歴に記録されます。"
            )
        ]
        if setup:
            lines.append(
                _(
                    "職員名簿に管理者がいません。初期設定の管理者として開き、"
                    "設定 → 職員の管理 で管理者を決めてください。"
                )
            )
        self.note.setText("\n".join(lines))

    def sign_in(self) -> bool:
        name = str(self.person.currentData() or "")
        try:
            self.identity.sign_in(name)
        except KomoroError as exc:
            self.banner.show_message(str(exc), "error")
            self.banner.setVisible(True)
            return False
        self.chosen = name
        if name != _(SETUP_ADMIN):
            self.settings.recorder = name  # the default next time on this computer
            self.settings.save()
        self.accept()
        return True
