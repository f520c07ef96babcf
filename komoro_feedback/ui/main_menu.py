"""The main window's menu bar: file, edit (withdraw the last entry), view (text size), help.

Every menu opens from the keyboard (Alt+letter, or Alt / F10 then the arrow keys), and every
action with a key is described for the shortcut list.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QFileDialog, QMessageBox

from komoro_feedback.config import backups_dir, log_dir, settings_file
from komoro_feedback.domain.errors import KomoroError
from komoro_feedback.domain.roles import Action
from komoro_feedback.i18n.translation import N_, _

from komoro_feedback.ui.dialogs.help_dialog import GUIDE_TAB, KEYS_TAB, PLACES_TAB, HelpDialog
from komoro_feedback.ui.panels.capture_keys import WITHDRAW_KEYS
from komoro_feedback.ui.shortcuts import SECTION_WINDOW, describe

if TYPE_CHECKING:
    from komoro_feedback.ui.dialogs.about_dialog import AboutDialog
    from komoro_feedback.ui.dialogs.conflict_dialog import ConflictDialog
    from komoro_feedback.ui.dialogs.package_dialog import PackageExportDialog, PackageImportDialog
    from komoro_feedback.ui.main_window import MainWindow

# The package, conflict and about dialogs (and the package service, cryptography and ReportLab
# under them) are imported when opened, not with the window: about 0.3 s of every start.


class MainMenu:
    """Builds the menus on a MainWindow and keeps their labels in the current language."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window
        bar = window.menuBar()
        self.file_menu = bar.addMenu("")
        self.edit_menu = bar.addMenu("")
        self.view_menu = bar.addMenu("")
        self.help_menu = bar.addMenu("")
        self.new_meeting_action = _action(window, "Ctrl+N", N_("新しい会議"))
        self.new_meeting_action.triggered.connect(self._on_new_meeting)
        self.backup_action = QAction(window)
        self.backup_action.triggered.connect(self._on_backup)
        self.quit_action = _action(
            window, "Ctrl+Q", N_("アプリを終了（入力中の内容は下書きに残る）")
        )
        self.quit_action.triggered.connect(window.close)
        self.withdraw_action = _action(
            window, WITHDRAW_KEYS, N_("直前の記録を取り消す（確認あり）")
        )
        self.withdraw_action.triggered.connect(window.withdraw_last_entry)
        self.edit_menu.addAction(self.withdraw_action)
        self.menu_bar_action = _action(window, "F10", N_("メニューを開く"))
        self.menu_bar_action.triggered.connect(self._on_menu_bar)
        window.addAction(self.menu_bar_action)
        self.package_export_action = QAction(window)
        self.package_export_action.triggered.connect(self._on_package_export)
        self.package_import_action = QAction(window)
        self.package_import_action.triggered.connect(self._on_package_import)
        self.conflicts_action = QAction(window)
        self.conflicts_action.triggered.connect(self._on_conflicts)
        self.file_menu.addAction(self.new_meeting_action)
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.package_export_action)
        self.file_menu.addAction(self.package_import_action)
        self.file_menu.addAction(self.conflicts_action)
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.backup_action)
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.quit_action)
        self.size_menu = self.view_menu.addMenu("")
        group = QActionGroup(window)
        self.normal_text_action = QAction(window, checkable=True)
        self.large_text_action = QAction(window, checkable=True)
        for action, large in ((self.normal_text_action, False), (self.large_text_action, True)):
            group.addAction(action)
            self.size_menu.addAction(action)
            action.triggered.connect(lambda _=False, big=large: self._on_text_size(big))
        self.guide_action = _action(window, "F1", N_("操作ガイドを開く"))
        self.guide_action.triggered.connect(lambda: self.show_help(GUIDE_TAB))
        self.keys_action = _action(window, "Ctrl+/", N_("ショートカット一覧を開く"))
        self.keys_action.triggered.connect(lambda: self.show_help(KEYS_TAB))
        self.places_action = QAction(window)
        self.places_action.triggered.connect(lambda: self.show_help(PLACES_TAB))
        self.about_action = QAction(window)
        self.about_action.triggered.connect(self._on_about)
        for action in (self.guide_action, self.keys_action, self.places_action):
            self.help_menu.addAction(action)
        self.help_menu.addSeparator()
        self.help_menu.addAction(self.about_action)
        self.help_dialog: HelpDialog | None = None
        self.sync()
        self.retranslate()

    def sync(self) -> None:
        large = self.window.settings.large_text
        self.large_text_action.setChecked(large)
        self.normal_text_action.setChecked(not large)
        access = self.window.services.access
        for action, needs in (
            (self.new_meeting_action, Action.RECORD),
            (self.withdraw_action, Action.RECORD),
            (self.backup_action, Action.BACKUP),
            (self.package_export_action, Action.PACKAGES),
            (self.package_import_action, Action.PACKAGES),
            (self.conflicts_action, Action.PACKAGES),
        ):
            # Greyed with the reason, not hidden: staff see what exists and who may do it.
            action.setEnabled(access.can(needs))
            action.setToolTip(access.why_not(needs))
        for menu in (self.file_menu, self.edit_menu):
            menu.setToolTipsVisible(True)

    def retranslate(self) -> None:
        self.file_menu.setTitle(_("ファイル(&F)"))
        self.edit_menu.setTitle(_("編集(&E)"))
        self.view_menu.setTitle(_("表示(&V)"))
        self.help_menu.setTitle(_("ヘルプ(&H)"))
        self.new_meeting_action.setText(_("新しい会議"))
        self.withdraw_action.setText(_("直前の記録を取り消す…"))
        self.guide_action.setText(_("操作ガイド"))
        self.keys_action.setText(_("ショートカット一覧"))
        self.places_action.setText(_("データの保存場所"))
        self.backup_action.setText(_("バックアップ…"))
        self.package_export_action.setText(_("会議パッケージを書き出す…"))
        self.package_import_action.setText(_("会議パッケージを取り込む…"))
        self.conflicts_action.setText(_("取り込みの競合を解決…"))
        self.quit_action.setText(_("アプリを終了"))
        self.size_menu.setTitle(_("文字サイズ"))
        self.normal_text_action.setText(_("標準"))
        self.large_text_action.setText(_("大きく"))
        self.about_action.setText(_("バージョン情報"))

    def show_help(self, tab: int) -> HelpDialog:
        """Open (or bring back) the help window at a tab; it follows the current language."""
        if self.help_dialog is not None:
            self.help_dialog.close()
            self.help_dialog.deleteLater()
        self.window.panels.build_all()  # the keys list covers every page, visited or not
        self.help_dialog = HelpDialog(self.window, self.places(), tab)
        self.help_dialog.show()
        self.help_dialog.show_tab(tab)
        return self.help_dialog

    def places(self) -> list[tuple[str, str]]:
        """What IT and staff ask first: where the database, backups, logs and settings are."""
        db = self.window.services.db
        return [
            (_("データベース"), str(db.sqlite_path) if db.sqlite_path else db.describe()),
            (_("自動バックアップ"), str(backups_dir())),
            (_("ログ"), str(log_dir())),
            (_("設定ファイル"), str(settings_file())),
        ]

    def _on_menu_bar(self) -> None:
        """F10: the first menu, opened; arrows move through the menus."""
        bar = self.window.menuBar()
        bar.setFocus()
        bar.setActiveAction(self.file_menu.menuAction())

    def _on_package_export(self) -> PackageExportDialog:
        from komoro_feedback.ui.dialogs.package_dialog import PackageExportDialog

        dialog = PackageExportDialog(self.window.services, self.window)
        dialog.open()
        return dialog

    def _on_package_import(self) -> PackageImportDialog:
        from komoro_feedback.ui.dialogs.package_dialog import PackageImportDialog

        dialog = PackageImportDialog(self.window.services, self.window)
        dialog.finished.connect(lambda _code: self.window.change_watcher.poll())
        dialog.open()
        return dialog

    def _on_conflicts(self) -> ConflictDialog:
        from komoro_feedback.ui.dialogs.conflict_dialog import ConflictDialog

        dialog = ConflictDialog(self.window.services, self.window)
        dialog.open()
        return dialog

    def _on_new_meeting(self) -> None:
        panel = self.window.show_panel("meetings")
        new_meeting = getattr(panel, "new_meeting", None)
        if new_meeting is not None:
            new_meeting()

    def _on_backup(self) -> None:
        services = self.window.services
        if services.db.sqlite_path is None:
            QMessageBox.information(
                self.window,
                _("バックアップ"),
                _("サーバーのデータベースのバックアップは情報政策担当が行います。"),
            )
            return
        suggested = Path.home() / f"komoro-feedback-{date.today():%Y%m%d}.sqlite3"
        name, _filter = QFileDialog.getSaveFileName(
            self.window, _("バックアップの保存先"), str(suggested), "SQLite (*.sqlite3)"
        )
        if not name:
            return
        try:
            out = services.backups.backup(Path(name))
        except KomoroError as exc:
            QMessageBox.warning(self.window, _("バックアップ"), str(exc))
            return
        QMessageBox.information(
            self.window, _("バックアップ"), _("バックアップを保存しました: {p}").format(p=out)
        )

    def _on_text_size(self, large: bool) -> None:
        self.window.apply_text_size(large)
        self.window.settings.save()
        settings_panel = self.window.panels.get("settings")
        if settings_panel is not None:
            settings_panel.refresh()

    def _on_about(self) -> AboutDialog:
        from komoro_feedback.ui.dialogs.about_dialog import AboutDialog

        dialog = AboutDialog(self.window.services.db.describe(), self.window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog


def _action(window: MainWindow, keys: str, help_text: str) -> QAction:
    """An action with a key, listed in the shortcut list under 全体."""
    action = QAction(window)
    action.setShortcut(QKeySequence(keys))
    describe(action, SECTION_WINDOW, help_text)
    return action
