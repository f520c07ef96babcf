"""The main window opens on a real database and every page can be reached by keyboard."""

from __future__ import annotations

from PySide6.QtCore import Qt

from komoro_feedback.config import UserSettings
from komoro_feedback.services.container import Services

from komoro_feedback.ui.main_window import PANEL_TYPES, MainWindow


def test_every_page_is_reachable_with_ctrl_number(qtbot, sqlite_services: Services) -> None:
    window = MainWindow(sqlite_services, UserSettings())
    qtbot.addWidget(window)
    with qtbot.waitActive(window):
        window.show()
    for i, panel_type in enumerate(PANEL_TYPES):
        qtbot.keyClick(window, Qt.Key.Key_1 + i, Qt.KeyboardModifier.ControlModifier)
        assert window.stack.currentWidget().key == panel_type.key
    assert window.nav.item(0).text() == "会議と記録"
