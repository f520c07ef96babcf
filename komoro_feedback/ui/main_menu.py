"""The main window's menu bar: file (new meeting, backup, quit), view (text size), help."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QFileDialog, QMessageBox

from komoro_feedback.domain.errors import KomoroError
from komoro_feedback.i18n.translation import _

from komoro_feedback.ui.dialogs.about_dialog import AboutDialog
from komoro_feedback.ui.dialogs.conflict_dialog import ConflictDialog
from komoro_feedback.ui.dialogs.package_dialog import PackageExportDialog, PackageImportDialog

if TYPE_CHECKING:
    from komoro_feedback.ui.main_window import MainWindow


class MainMenu:
    """Builds the menus on a MainWindow and keeps their labels in the current language."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window
        bar = window.menuBar()
        self.file_menu = bar.addMenu("")
        self.view_menu = bar.addMenu("")
        self.help_menu = bar.addMenu("")
        self.new_meeting_action = QAction(window)
        self.new_meeting_action.setShortcut(QKeySequence("Ctrl+N"))
        self.new_meeting_action.triggered.connect(self._on_new_meeting)
        self.backup_action = QAction(window)
        self.backup_action.triggered.connect(self._on_backup)
        self.quit_action = QAction(window)
        self.quit_action.setShortcut(QKeySequence("Ctrl+Q"))
        self.quit_action.triggered.connect(window.close)
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
        self.about_action = QAction(window)
        self.about_action.triggered.connect(self._on_about)
        self.help_menu.addAction(self.about_action)
        self.sync()
        self.retranslate()

    def sync(self) -> None:
        large = self.window.settings.large_text
        self.large_text_action.setChecked(large)
        self.normal_text_action.setChecked(not large)

    def retranslate(self) -> None:
        self.file_menu.setTitle(_("ファイル"))
        self.view_menu.setTitle(_("表示"))
        self.help_menu.setTitle(_("ヘルプ"))
        self.new_meeting_action.setText(_("新しい会議"))
        self.backup_action.setText(_("バックアップ…"))
        self.package_export_action.setText(_("会議パッケージを書き出す…"))
        self.package_import_action.setText(_("会議パッケージを取り込む…"))
        self.conflicts_action.setText(_("取り込みの競合を解決…"))
        self.quit_action.setText(_("アプリを終了"))
        self.size_menu.setTitle(_("文字サイズ"))
        self.normal_text_action.setText(_("標準"))
        self.large_text_action.setText(_("大きく"))
        self.about_action.setText(_("バージョン情報"))

    def _on_package_export(self) -> PackageExportDialog:
        dialog = PackageExportDialog(self.window.services, self.window)
        dialog.open()
        return dialog

    def _on_package_import(self) -> PackageImportDialog:
        dialog = PackageImportDialog(self.window.services, self.window)
        dialog.finished.connect(lambda _code: self.window.change_watcher.poll())
        dialog.open()
        return dialog

    def _on_conflicts(self) -> ConflictDialog:
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
        dialog = AboutDialog(self.window.services.db.describe(), self.window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog
