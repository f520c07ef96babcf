"""The main window opens on a real database and every page can be reached by keyboard."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage

from komoro_feedback.config import UserSettings
from komoro_feedback.services.container import Services

from komoro_feedback.ui.main_window import MainWindow
from komoro_feedback.ui.pages import PAGES
from komoro_feedback.ui.screenshots import render_screenshots


def test_every_page_is_reachable_with_ctrl_number(qtbot, sqlite_services: Services) -> None:
    window = MainWindow(sqlite_services, UserSettings())
    qtbot.addWidget(window)
    with qtbot.waitActive(window):
        window.show()
    for i, spec in enumerate(PAGES):
        qtbot.keyClick(window, Qt.Key.Key_1 + i, Qt.KeyboardModifier.ControlModifier)
        assert window.stack.currentWidget().key == spec.key
        assert window.nav.item(i).text() == window.panels[spec.key].title()
    assert window.nav.item(0).text() == "会議と記録"
    qtbot.keyClick(window, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert window.focusWidget() is window.panels["meetings"].table  # Enter opens a meeting


def test_screenshots_render_every_main_screen(tmp_path) -> None:
    from komoro_feedback.cli import build_parser

    args = build_parser().parse_args(["screenshot", "--out", str(tmp_path), "--lang", "en"])
    assert args.handler.__name__ == "cmd_screenshot"
    render_screenshots(tmp_path, "en", comments=60, pause=0.1)
    names = {p.stem for p in tmp_path.glob("*.png")}
    assert {"meetings", "capture", "comments", "detail", "policies", "districts"} <= names
    assert {"dashboard", "settings"} <= names
    image = QImage(str(tmp_path / "capture.png"))
    assert (image.width(), image.height()) == (1366, 768)
