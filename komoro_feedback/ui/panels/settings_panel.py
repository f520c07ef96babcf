"""The settings page: database, language, who is signed in, text size, date style, idle lock;
the administrator's catalog, retention and access-log dialogs (greyed out for other roles)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from komoro_feedback.config import UserSettings
from komoro_feedback.domain.roles import Action
from komoro_feedback.i18n.translation import _
from komoro_feedback.services.container import Services

from komoro_feedback.ui.dialogs.access_log_dialog import AccessLogDialog
from komoro_feedback.ui.dialogs.department_admin_dialog import DepartmentAdminDialog
from komoro_feedback.ui.dialogs.privacy_dialog import PrivacyDialog
from komoro_feedback.ui.dialogs.staff_admin_dialog import StaffAdminDialog
from komoro_feedback.ui.dialogs.ward_admin_dialog import WardAdminDialog
from komoro_feedback.ui.panels.base import Panel
from komoro_feedback.ui.widgets.status_banner import StatusBanner

if TYPE_CHECKING:  # with the package key tools (cryptography): opened from here only
    from komoro_feedback.ui.dialogs.security_dialog import SecurityDialog

LANGUAGES = (("ja", "日本語"), ("en", "English"))


def settings_database_url(entry: str) -> str:
    """Turn what the user typed (a file path or a URL) into the URL to keep in settings.

    Raises ValueError with a message for a URL that holds a password or cannot be read.
    """
    entry = entry.strip()
    if not entry:
        return ""
    if "://" not in entry:
        return f"sqlite:///{Path(entry).expanduser().resolve()}"
    try:
        url = make_url(entry)
    except ArgumentError as exc:
        raise ValueError(_("データベースURLを読み取れません: {err}").format(err=exc)) from exc
    if url.password:
        raise ValueError(
            _(
                "パスワードを含むURLは設定ファイルに保存しません。パスワードを除いたURLを入力してください。"
                "パスワードは起動時に尋ねます（OSの資格情報ストアがあればそこに保存）。"
                "環境変数 KOMORO_DATABASE_URL や .pgpass ファイルでも指定できます。"
            )
        )
    return entry


class SettingsPanel(Panel):
    """Changes apply at once (the database on the next start) and are saved to settings.json."""

    key = "settings"
    language_changed = Signal(str)
    text_size_changed = Signal(bool)
    idle_lock_changed = Signal(int)

    def __init__(
        self, services: Services, settings: UserSettings, parent: QWidget | None = None
    ) -> None:
        super().__init__(services, settings, parent)
        self.banner = StatusBanner(self)
        self.db_edit = QLineEdit(self)
        self.db_browse = QPushButton(self)
        self.db_apply = QPushButton(self)
        self.db_current = QLabel(self)
        self.db_current.setWordWrap(True)
        self.language_combo = QComboBox(self)
        for code, name in LANGUAGES:
            self.language_combo.addItem(name, code)
        # Who is signed in is chosen at start (or by the server), never typed here.
        self.signed_in = QLabel(self)
        self.signed_in.setObjectName("settings_signed_in")
        self.idle_spin = QSpinBox(self)
        self.idle_spin.setObjectName("settings_idle_lock")
        self.idle_spin.setRange(0, 240)
        self.size_combo = QComboBox(self)
        self.date_combo = QComboBox(self)
        self.ward_button = QPushButton(self)
        self.department_button = QPushButton(self)
        self.staff_button = QPushButton(self)
        self.privacy_button = QPushButton(self)
        self.access_log_button = QPushButton(self)
        self.access_log_button.setObjectName("settings_access_log")
        db_row = QHBoxLayout()
        db_row.addWidget(self.db_edit, 1)
        db_row.addWidget(self.db_browse)
        db_row.addWidget(self.db_apply)
        self.form = QFormLayout()
        self.labels = [QLabel(self) for _i in range(7)]
        self.form.addRow(self.labels[0], db_row)
        self.form.addRow("", self.db_current)
        self.form.addRow(self.labels[1], self.language_combo)
        self.form.addRow(self.labels[2], self.signed_in)
        self.form.addRow(self.labels[3], self.size_combo)
        self.form.addRow(self.labels[4], self.date_combo)
        self.form.addRow(self.labels[5], self.idle_spin)
        self.general_box = QGroupBox(self)
        self.general_box.setLayout(self.form)
        self.general_box.setMaximumWidth(1000)
        self.admin_box = QGroupBox(self)
        self.admin_box.setMaximumWidth(1000)
        # Two rows of three: six buttons in one row would need 960 px, more than a 1024 px
        # laptop leaves beside the navigation.
        admin = QGridLayout(self.admin_box)
        self.security_button = QPushButton(self)
        for i, b in enumerate((*self._admin_buttons(), self.security_button)):
            admin.addWidget(b, i // 3, i % 3)
        admin.setColumnStretch(3, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.addWidget(self.banner)
        layout.addWidget(self.general_box)
        layout.addWidget(self.admin_box)
        layout.addStretch(1)
        self.db_browse.clicked.connect(self._on_browse_clicked)
        self.db_apply.clicked.connect(self.apply_database)
        self.db_edit.returnPressed.connect(self.apply_database)
        self.language_combo.activated.connect(self._on_language_activated)
        self.idle_spin.editingFinished.connect(self.apply_idle_lock)
        self.size_combo.activated.connect(self._on_size_activated)
        self.date_combo.activated.connect(self._on_date_activated)
        self.ward_button.clicked.connect(self.open_ward_admin)
        self.department_button.clicked.connect(self.open_department_admin)
        self.staff_button.clicked.connect(self.open_staff_admin)
        self.privacy_button.clicked.connect(self.open_privacy)
        self.access_log_button.clicked.connect(self.open_access_log)
        self.security_button.clicked.connect(self.open_security)
        self.retranslate()
        self.refresh()

    def title(self) -> str:
        return _("設定")

    def refresh(self) -> None:
        s = self.settings
        self.db_edit.setText(s.database_url)
        self.language_combo.setCurrentIndex(max(self.language_combo.findData(s.language), 0))
        self.signed_in.setText(self.services.access.who())
        if not self.idle_spin.hasFocus():
            self.idle_spin.setValue(s.idle_lock_minutes)
        self.apply_permissions()
        self.size_combo.setCurrentIndex(1 if s.large_text else 0)
        self.date_combo.setCurrentIndex(1 if s.date_style == "era" else 0)
        self._show_current_db()

    def retranslate(self) -> None:
        for label, text in zip(
            self.labels,
            (
                _("データベース"),
                _("言語"),
                _("サインイン中"),
                _("文字サイズ"),
                _("日付の表記"),
                _("自動ロック"),
            ),
            strict=False,
        ):
            label.setText(text)
        self.general_box.setTitle(_("全般"))
        self.admin_box.setTitle(_("管理（区・担当課・職員・個人情報）"))
        self.db_edit.setPlaceholderText(
            _("空欄: このパソコンの標準ファイル。ファイルのパス、または postgresql://…")
        )
        self.db_browse.setText(_("ファイルを選ぶ…"))
        self.db_apply.setText(_("適用（再起動後に有効）"))
        self.idle_spin.setSuffix(_(" 分（0 で無効）"))
        self.idle_spin.setToolTip(
            _("この時間、操作がないと画面を隠し、もう一度サインインを求めます。")
        )
        self.signed_in.setText(self.services.access.who())
        for combo, items in (
            (self.size_combo, (_("標準"), _("大きく"))),
            (self.date_combo, (_("西暦（2024年4月1日）"), _("和暦（令和6年4月1日）"))),
        ):
            index = combo.currentIndex()
            combo.clear()
            combo.addItems(list(items))
            combo.setCurrentIndex(max(index, 0))
        self.ward_button.setText(_("区の管理（追加・名称変更・合区）…"))
        self.department_button.setText(_("担当課の管理…"))
        self.staff_button.setText(_("職員の管理…"))
        self.privacy_button.setText(_("個人情報の保存期間…"))
        self.security_button.setText(_("暗号化とパッケージの鍵…"))
        self.access_log_button.setText(_("個人情報の閲覧記録…"))
        self.apply_permissions()
        self._show_current_db()
        if self.banner.level == "info":
            self.banner.show_message(
                _("言語・文字サイズ・日付の表記・自動ロックはすぐに反映されます。"), "info"
            )

    # --- actions ----------------------------------------------------------------------------
    def apply_database(self) -> bool:
        try:
            url = settings_database_url(self.db_edit.text())
        except ValueError as exc:
            self.banner.show_message(str(exc), "error")
            return False
        self.settings.database_url = url
        self.settings.save()
        self.db_edit.setText(url)
        self.banner.show_message(_("接続先を保存しました。次回の起動から使われます。"), "ok")
        return True

    def _admin_buttons(self) -> tuple[QPushButton, ...]:
        return (
            self.ward_button,
            self.department_button,
            self.staff_button,
            self.privacy_button,
            self.access_log_button,
        )

    def apply_permissions(self) -> None:
        """Grey out what the signed-in role may not do, saying why in the tooltip."""
        access = self.services.access
        for button, action in (
            (self.ward_button, Action.CATALOG),
            (self.department_button, Action.CATALOG),
            (self.staff_button, Action.CATALOG),
            (self.privacy_button, Action.RETENTION),
            (self.access_log_button, Action.RETENTION),
            (self.idle_spin, Action.CATALOG),
        ):
            button.setEnabled(access.can(action))
            if not access.can(action):
                button.setToolTip(access.why_not(action))
            elif button is not self.idle_spin:
                button.setToolTip("")

    def apply_idle_lock(self) -> None:
        minutes = self.idle_spin.value()
        if minutes == self.settings.idle_lock_minutes:
            return
        self.settings.idle_lock_minutes = minutes
        self.settings.save()
        self.idle_lock_changed.emit(minutes)
        self.banner.show_message(
            _("自動ロックを {n} 分にしました。").format(n=minutes)
            if minutes
            else _("自動ロックを無効にしました。"),
            "ok",
        )

    def set_language(self, code: str) -> None:
        self.settings.language = code
        self.settings.save()
        self.language_changed.emit(code)
        self.refresh()

    def open_ward_admin(self) -> WardAdminDialog:
        dialog = WardAdminDialog(self.services, self)
        dialog.open()
        return dialog

    def open_department_admin(self) -> DepartmentAdminDialog:
        dialog = DepartmentAdminDialog(self.services, self)
        dialog.open()
        return dialog

    def open_privacy(self) -> PrivacyDialog:
        dialog = PrivacyDialog(self.services, self)
        dialog.open()
        return dialog

    def open_access_log(self) -> AccessLogDialog:
        dialog = AccessLogDialog(self.services, self.settings, self)
        dialog.open()
        return dialog

    def open_security(self) -> SecurityDialog:
        from komoro_feedback.ui.dialogs.security_dialog import SecurityDialog

        dialog = SecurityDialog(self.services, self.settings, self)
        dialog.open()
        return dialog

    def open_staff_admin(self) -> StaffAdminDialog:
        dialog = StaffAdminDialog(self.services, self)
        dialog.open()
        return dialog

    def _show_current_db(self) -> None:
        self.db_current.setText(_("使用中: {db}").format(db=self.services.db.describe()))

    def _on_browse_clicked(self) -> None:
        name, _filter = QFileDialog.getSaveFileName(
            self,
            _("データベースファイル"),
            self.db_edit.text().removeprefix("sqlite:///"),
            "SQLite (*.sqlite3 *.db)",
            options=QFileDialog.Option.DontConfirmOverwrite,
        )
        if name:
            self.db_edit.setText(name)
            self.apply_database()

    def _on_language_activated(self, index: int) -> None:
        self.set_language(str(self.language_combo.itemData(index)))

    def _on_size_activated(self, index: int) -> None:
        self.settings.large_text = index == 1
        self.settings.save()
        self.text_size_changed.emit(index == 1)

    def _on_date_activated(self, index: int) -> None:
        self.settings.date_style = "era" if index == 1 else "western"
        self.settings.save()
        self.banner.show_message(_("日付の表記を変更しました。"), "ok")
