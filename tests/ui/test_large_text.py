"""Large text still fits a 1366x768 laptop and shows whole dates in the comments list."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

from komoro_feedback.config import UserSettings
from komoro_feedback.services.container import Services
from tests.helpers import record

from komoro_feedback.ui.main_window import MainWindow
from komoro_feedback.ui.panels.comments_panel import CommentsPanel


def test_large_text_fits_1366_and_keeps_dates_whole(qtbot, sqlite_services: Services) -> None:  # type: ignore[no-untyped-def]
    record(sqlite_services, "文字を大きくしても読める")
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    normal = app.font()
    window = MainWindow(sqlite_services, UserSettings())
    qtbot.addWidget(window)
    try:
        window.apply_text_size(True)
        panel = window.show_panel("comments")
        assert isinstance(panel, CommentsPanel)
        window.show()
        qtbot.waitUntil(lambda: panel.model.rowCount() == 1)
        assert window.minimumSizeHint().width() <= 1366
        fm = panel.table.fontMetrics()
        assert fm.height() > 20  # really large
        date_text = panel.model.data(panel.model.index(0, 0))
        assert panel.table.columnWidth(0) >= fm.horizontalAdvance(date_text)
    finally:
        app.setFont(normal)
