"""The administrator's protection of personal data outside the server: whether laptops must be
encrypted, and the key file that seals meeting packages on this PC."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from komoro_feedback.config import UserSettings
from komoro_feedback.domain.errors import KomoroError
from komoro_feedback.i18n.translation import _
from komoro_feedback.services.container import Services
from komoro_feedback.services.package_crypto import KeyFileKeys

from komoro_feedback.ui.widgets.status_banner import StatusBanner


class SecurityDialog(QDialog):
    """Encryption of this database (state and rule) and the package key file of this PC."""

    def __init__(
        self, services: Services, settings: UserSettings, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.services = services
        self.settings = settings
        self.setWindowTitle(_("暗号化とパッケージの鍵"))
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.banner = StatusBanner(self)
        self.banner.setVisible(False)
        self.state = QLabel(self)
        self.state.setWordWrap(True)
        self.require_check = QCheckBox(
            _("ノートPCで暗号化されていないデータベースを使わせない（管理者の設定）"), self
        )
        self.require_check.setAccessibleName(_("暗号化を必須にする"))
        self.key_edit = QLineEdit(self)
        self.key_edit.setAccessibleName(_("パッケージの鍵ファイル"))
        self.key_edit.setPlaceholderText(
            _("管理者から受け取った鍵ファイル（空欄: 毎回パスフレーズ）")
        )
        browse = QPushButton(_("参照…"), self)
        browse.clicked.connect(self._on_browse_clicked)
        key_row = QHBoxLayout()
        key_row.addWidget(self.key_edit, 1)
        key_row.addWidget(browse)
        form = QFormLayout()
        form.addRow(_("このデータベース"), self.state)
        form.addRow("", self.require_check)
        form.addRow(_("パッケージの鍵"), key_row)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.buttons.button(QDialogButtonBox.StandardButton.Close).setText(_("閉じる"))
        self.save_button = self.buttons.addButton(_("保存"), QDialogButtonBox.ButtonRole.ActionRole)
        self.save_button.clicked.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addLayout(form)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(640)
        self._load()

    def _load(self) -> None:
        db = self.services.db
        if db.sqlite_path is None:
            text = _("サーバーのデータベースです（暗号化と権限はサーバー側で管理します）。")
        elif db.encrypted:
            text = _("暗号化されています（SQLCipher）。")
        else:
            text = _(
                "暗号化されていません。アプリを閉じて「komoro-feedback encrypt --db {p}」で"
                "暗号化できます。"
            ).format(p=db.sqlite_path)
        self.state.setText(text)
        try:
            self.require_check.setChecked(self.services.encryption.required())
        except KomoroError as exc:
            self._show(str(exc), "error")
        self.key_edit.setText(self.settings.package_key_file)

    def _on_browse_clicked(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(self, _("パッケージの鍵ファイル"))
        if path:
            self.key_edit.setText(path)

    def save(self) -> bool:
        """Save the rule (in the database) and the key file (in this user's settings)."""
        text = self.key_edit.text().strip()
        try:
            keys = KeyFileKeys.load(Path(text)) if text else None
            if self.require_check.isChecked() != self.services.encryption.required():
                self.services.encryption.set_required(self.require_check.isChecked())
        except KomoroError as exc:
            self._show(str(exc), "error")
            return False
        self.settings.package_key_file = str(Path(text).resolve()) if text else ""
        self.settings.save()
        self.services.packages.keys = keys
        message = (
            _("保存しました。パッケージは鍵ID {id} の鍵で保護します。").format(id=keys.id)
            if keys
            else _("保存しました。パッケージは毎回パスフレーズで保護します。")
        )
        self._show(message, "ok")
        return True

    def _show(self, text: str, level: str) -> None:
        self.banner.show_message(text, level)
        self.banner.setVisible(True)
