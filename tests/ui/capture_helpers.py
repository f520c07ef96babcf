"""Keyboard-only driving of the capture form: IME commit strings for Japanese, real key clicks."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QWidget

from komoro_feedback.config import UserSettings
from komoro_feedback.domain.comment import Comment
from komoro_feedback.domain.query import CommentFilter, CommentQuery, SortKey
from komoro_feedback.services.container import Services

from komoro_feedback.ui.dialogs.meeting_dialog import MeetingDialog
from komoro_feedback.ui.main_window import MainWindow
from komoro_feedback.ui.panels.capture_panel import CapturePanel

ALT = Qt.KeyboardModifier.AltModifier
CTRL = Qt.KeyboardModifier.ControlModifier


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None, "nothing has the keyboard focus"
    return widget


def ime_type(text: str) -> None:
    """What an input method does when the user confirms a conversion: one commit string."""
    event = QInputMethodEvent("", [])
    event.setCommitString(text)
    QApplication.sendEvent(focused(), event)


def key(qtbot, k: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    qtbot.keyClick(focused(), k, modifier)


def ascii_type(qtbot, text: str) -> None:
    qtbot.keyClicks(focused(), text)


def open_window(qtbot, services: Services, settings: UserSettings | None = None) -> MainWindow:
    window = MainWindow(services, settings or UserSettings(recorder="記録 花子"))
    qtbot.addWidget(window)
    window.resize(1366, 768)
    with qtbot.waitActive(window):
        window.show()
    return window


def new_meeting_by_keyboard(qtbot, window: MainWindow) -> CapturePanel:
    """Ctrl+N, Enter: the default meeting is created and opened in capture mode."""
    key(qtbot, Qt.Key.Key_N, CTRL)
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), MeetingDialog))
    dialog = QApplication.activeModalWidget()
    assert isinstance(dialog, MeetingDialog)
    qtbot.waitUntil(lambda: focused() is dialog.title_edit)
    key(qtbot, Qt.Key.Key_Return)
    capture = window.panels["meetings"].capture  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: capture.isVisible() and capture.meeting() is not None)
    qtbot.waitUntil(lambda: focused() is capture.text_edit)
    return capture


def meeting_comments(services: Services, meeting_id: int) -> list[Comment]:
    """This meeting's live comments, oldest first, read back through the query service."""
    query = CommentQuery(
        filter=CommentFilter(meeting_ids=(meeting_id,)), sort=SortKey.RECORDED, descending=False
    )
    return list(services.queries.page(query).items)


SHIFT = Qt.KeyboardModifier.ShiftModifier


def town_meeting(services: Services, district: str = "南大井", recorder: str = "記録 花子") -> int:
    """A town meeting of one district, as the meetings page would create it."""
    from datetime import datetime

    from komoro_feedback.domain.comment import MeetingDraft
    from komoro_feedback.domain.enums import MeetingKind

    d = services.catalog.district_by_name(district)
    m = services.meetings.create(
        MeetingDraft(
            kind=MeetingKind.TOWN_MEETING,
            title=f"{district}地区タウンミーティング",
            held_at=datetime(2026, 11, 20, 19, 0),
            venue=f"{district}公民館",
            district_ids=(d.id,),
            recorder=recorder,
        )
    )
    return m.id


def open_capture(qtbot, window: MainWindow, meeting_id: int) -> CapturePanel:
    """Open a meeting for recording as Enter on the meetings list does."""
    capture = window.show_panel("meetings").open_capture(meeting_id)  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: focused() is capture.text_edit)
    return capture


def withdraw_box(qtbot):
    """Ctrl+Shift+Backspace, then the confirmation that names the entry."""
    from PySide6.QtWidgets import QMessageBox

    key(qtbot, Qt.Key.Key_Backspace, CTRL | SHIFT)
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), QMessageBox))
    box = QApplication.activeModalWidget()
    assert isinstance(box, QMessageBox)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None and focused().window() is box)
    return box
