"""Withdrawing the last saved entry: its own key, a confirmation that names it, nothing lost."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from komoro_feedback.domain.query import CommentFilter, CommentQuery
from komoro_feedback.services.container import Services
from tests.helpers import PURPOSE
from tests.ui.capture_helpers import (
    ALT,
    CTRL,
    focused,
    ime_type,
    key,
    meeting_comments,
    open_capture,
    open_window,
    town_meeting,
    withdraw_box,
)


def _deleted(services: Services, meeting_id: int) -> list[str]:
    query = CommentQuery(filter=CommentFilter(meeting_ids=(meeting_id,), deleted_only=True))
    return [c.text for c in services.queries.page(query).items]


def test_withdraw_names_the_entry_and_brings_back_every_field(
    qtbot, sqlite_services: Services
) -> None:
    window = open_window(qtbot, sqlite_services)
    mid = town_meeting(sqlite_services)
    capture = open_capture(qtbot, window, mid)
    ime_type("一人目の発言です。")
    key(qtbot, Qt.Key.Key_C, ALT)
    key(qtbot, Qt.Key.Key_Return, CTRL)
    ime_type("カーブミラーが曇っていて見えにくいので交換してほしい。")
    key(qtbot, Qt.Key.Key_W, ALT)
    key(qtbot, Qt.Key.Key_3)  # 御影
    key(qtbot, Qt.Key.Key_P, ALT)
    ime_type("5-01")
    key(qtbot, Qt.Key.Key_Return)
    key(qtbot, Qt.Key.Key_K, ALT)
    key(qtbot, Qt.Key.Key_Down)
    key(qtbot, Qt.Key.Key_Y, ALT)
    key(qtbot, Qt.Key.Key_Down)
    key(qtbot, Qt.Key.Key_N, ALT)
    key(qtbot, Qt.Key.Key_A, ALT)
    ime_type("建設課に伝えます。")
    key(qtbot, Qt.Key.Key_S, ALT)
    ime_type("御影 花子")
    key(qtbot, Qt.Key.Key_Return, CTRL)
    before = capture.current_draft()
    assert before.empty
    [_first, second] = meeting_comments(sqlite_services, mid)

    box = withdraw_box(qtbot)
    assert "No.2" in box.text() and "カーブミラーが曇っていて見えにくいので" in box.text()
    key(qtbot, Qt.Key.Key_Return)  # confirm
    qtbot.waitUntil(lambda: not box.isVisible())

    assert [c.text for c in meeting_comments(sqlite_services, mid)] == ["一人目の発言です。"]
    assert _deleted(sqlite_services, mid) == [second.text]  # soft delete: restorable
    back = capture.current_draft()
    assert back.text == second.text
    assert capture.ward_picker.ward_name() == "御影"
    assert back.policy_ids == second.policy_ids
    assert (back.kind, back.age_band, back.needs_answer) == (
        second.kind.value,
        second.age_band,
        False,
    )
    assert back.spot_answer == "建設課に伝えます。"
    assert back.speaker_shown and back.speaker_name == "御影 花子"
    qtbot.waitUntil(lambda: QApplication.focusWidget() is capture.text_edit)
    # Saved again: it is No.2 again (numbers follow the meeting's live entries).
    key(qtbot, Qt.Key.Key_Return, CTRL)
    assert "No.2" in capture.banner.text()
    again = meeting_comments(sqlite_services, mid)[1]
    assert sqlite_services.comments.speaker(again.id, PURPOSE).name == "御影 花子"


def test_withdraw_keeps_what_is_being_typed(qtbot, sqlite_services: Services) -> None:
    window = open_window(qtbot, sqlite_services)
    mid = town_meeting(sqlite_services)
    capture = open_capture(qtbot, window, mid)
    ime_type("保存された発言。")
    key(qtbot, Qt.Key.Key_C, ALT)
    key(qtbot, Qt.Key.Key_Return, CTRL)
    ime_type("次の人が話している途中")
    box = withdraw_box(qtbot)
    assert "入力中の内容はそのまま残ります" in box.text()
    key(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not box.isVisible())
    assert meeting_comments(sqlite_services, mid) == []
    assert capture.text_edit.toPlainText() == "次の人が話している途中"


def test_withdraw_can_be_cancelled_and_ctrl_z_never_withdraws(
    qtbot, sqlite_services: Services
) -> None:
    window = open_window(qtbot, sqlite_services)
    mid = town_meeting(sqlite_services)
    capture = open_capture(qtbot, window, mid)
    ime_type("消してはいけない発言。")
    key(qtbot, Qt.Key.Key_C, ALT)
    key(qtbot, Qt.Key.Key_Return, CTRL)
    box = withdraw_box(qtbot)
    key(qtbot, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not box.isVisible())
    qtbot.waitUntil(lambda: focused() is capture.text_edit)
    key(qtbot, Qt.Key.Key_Z, CTRL)
    key(qtbot, Qt.Key.Key_Z, CTRL)
    assert [c.text for c in meeting_comments(sqlite_services, mid)] == ["消してはいけない発言。"]
    assert capture.text_edit.toPlainText() == ""


def test_withdraw_is_in_the_edit_menu(qtbot, sqlite_services: Services) -> None:
    window = open_window(qtbot, sqlite_services)
    assert window.menu.withdraw_action in window.menu.edit_menu.actions()
    assert window.menu.withdraw_action.shortcut().toString() == "Ctrl+Shift+Backspace"
