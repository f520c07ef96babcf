"""Two windows on one database: lists follow the other's saves without losing edits."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel
from PySide6.QtWidgets import QDialog

from komoro_feedback.config import UserSettings
from komoro_feedback.services.actor import Actor
from komoro_feedback.services.container import Services
from komoro_feedback.store.database import Database
from tests.helpers import record

from komoro_feedback.ui.main_window import MainWindow
from komoro_feedback.ui.panels.comments_panel import CommentsPanel


def _settle(qtbot, panel: CommentsPanel) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: not panel.model.loading and not panel.runner.busy)


def test_comments_list_follows_another_users_saves(
    qtbot, sqlite_services: Services, sqlite_url: str
) -> None:  # type: ignore[no-untyped-def]
    record(sqlite_services, "最初からある意見")
    window = MainWindow(sqlite_services, UserSettings())
    qtbot.addWidget(window)
    window.show()
    panel = window.show_panel("comments")
    assert isinstance(panel, CommentsPanel)
    _settle(qtbot, panel)
    assert panel.model.rowCount() == 1

    other = Services.build(Database(sqlite_url), Actor("別の職員"))
    try:
        record(other, "別の窓口で記録した意見")
        assert window.change_watcher.poll()
        qtbot.waitUntil(lambda: panel.model.rowCount() == 2)
        _settle(qtbot, panel)
        window.change_watcher.stop()  # from here on only this test polls

        # With a comment open in the detail pane the list is not pulled away under the user.
        flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
        panel.table.selectionModel().select(panel.model.index(0, 0), flags)
        assert panel.table.selectionModel().hasSelection()
        record(other, "さらに別の意見")
        assert window.change_watcher.poll()
        assert panel.model.rowCount() == 2
        assert "他の変更あり" in panel.refresh_button.text()
        panel.reload()
        _settle(qtbot, panel)
        assert panel.model.rowCount() == 3
        assert "他の変更あり" not in panel.refresh_button.text()
    finally:
        other.close()


def test_package_and_conflict_dialogs_are_in_the_file_menu(
    qtbot, sqlite_services: Services
) -> None:  # type: ignore[no-untyped-def]
    window = MainWindow(sqlite_services, UserSettings())
    qtbot.addWidget(window)
    texts = [a.text() for a in window.menu.file_menu.actions()]
    assert "会議パッケージを書き出す…" in texts and "取り込みの競合を解決…" in texts
    for dialog in (
        window.menu._on_package_export(),
        window.menu._on_package_import(),
        window.menu._on_conflicts(),
    ):
        assert isinstance(dialog, QDialog) and dialog.isVisible()
        dialog.reject()
