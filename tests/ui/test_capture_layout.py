"""The capture page fits the city's laptops: 1024x600 with normal text, 1280x720 with large
text, never resizes the window by itself, and shows at least 8 wards at 1366x768."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from komoro_feedback.config import UserSettings
from komoro_feedback.services.container import Services
from tests.ui.capture_helpers import ime_type, open_capture, town_meeting

from komoro_feedback.ui.main_window import MainWindow


def _window(qtbot, services: Services, width: int, height: int, large: bool) -> MainWindow:
    window = MainWindow(services, UserSettings(recorder="記録 花子"))
    qtbot.addWidget(window)
    window.apply_text_size(large)
    window.resize(width, height)
    with qtbot.waitActive(window):
        window.show()
    return window


def _visible_wards(capture) -> int:
    tree = capture.ward_picker.tree
    shown = 0
    for i in range(tree.topLevelItemCount()):
        top = tree.topLevelItem(i)
        for j in range(top.childCount()):
            rect = tree.visualItemRect(top.child(j))
            if rect.isValid() and tree.viewport().rect().contains(rect):
                shown += 1
    return shown


def test_capture_fits_1024x600_and_suggestions_never_grow_the_window(
    qtbot, sqlite_services: Services
) -> None:
    window = _window(qtbot, sqlite_services, 1024, 600, large=False)
    capture = open_capture(qtbot, window, town_meeting(sqlite_services, "北大井"))
    with qtbot.waitSignal(capture.suggestion_bar.suggestions_shown, timeout=10000):
        ime_type("一ツ谷の交差点にカーブミラーをつけてほしい。")
    QApplication.processEvents()
    assert window.minimumSizeHint().width() <= 1024
    assert window.minimumSizeHint().height() <= 600
    assert (window.width(), window.height()) == (1024, 600)
    for button in capture.suggestion_bar.buttons:
        assert button.isVisible() and button.geometry().right() <= capture.width()


def test_large_text_fits_1280x720(qtbot, sqlite_services: Services) -> None:
    app = QApplication.instance()
    normal = app.font()
    try:
        window = _window(qtbot, sqlite_services, 1280, 720, large=True)
        capture = open_capture(qtbot, window, town_meeting(sqlite_services, "北大井"))
        assert capture.header_label.font().pointSizeF() > normal.pointSizeF() * 1.3
        assert window.nav.font().pointSize() == app.font().pointSize()
        with qtbot.waitSignal(capture.suggestion_bar.suggestions_shown, timeout=10000):
            ime_type("一ツ谷の交差点にカーブミラーをつけてほしい。")
        QApplication.processEvents()
        assert window.minimumSizeHint().width() <= 1280
        assert window.minimumSizeHint().height() <= 720
        assert (window.width(), window.height()) == (1280, 720)
    finally:
        app.setFont(normal)


def test_at_least_eight_wards_in_view_at_1366x768(qtbot, sqlite_services: Services) -> None:
    window = _window(qtbot, sqlite_services, 1366, 768, large=False)
    capture = open_capture(qtbot, window, town_meeting(sqlite_services, "北大井"))
    QApplication.processEvents()
    assert _visible_wards(capture) >= 8
    capture.ward_picker.filter_edit.setFocus()
    assert capture.ward_picker.tree.focusPolicy() == Qt.FocusPolicy.ClickFocus
