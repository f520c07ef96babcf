"""Recording at a meeting with the keyboard only: save, keep ward/policies, undo, edit, limits."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from komoro_feedback.domain.comment import MAX_COMMENT_CHARS, CommentEdit
from komoro_feedback.domain.enums import CommentKind
from komoro_feedback.domain.query import CommentFilter, CommentQuery
from komoro_feedback.services.container import Services
from tests.helpers import PURPOSE
from tests.ui.capture_helpers import (
    ALT,
    CTRL,
    ascii_type,
    focused,
    ime_type,
    key,
    meeting_comments,
    new_meeting_by_keyboard,
    open_window,
)

from komoro_feedback.ui.dialogs.comment_edit_dialog import CommentEditDialog


def test_three_comments_recorded_with_the_keyboard_only(qtbot, sqlite_services: Services) -> None:
    window = open_window(qtbot, sqlite_services)
    capture = new_meeting_by_keyboard(qtbot, window)
    meeting = capture.meeting()
    assert meeting is not None and meeting.recorder == "記録 花子"

    # 1: ward typed with ケ for ヶ, a policy by code and one by a hiragana part of its title.
    ime_type("駅前の駐車場が足りず、母を病院に送るときに困っています。")
    key(qtbot, Qt.Key.Key_W, ALT)
    assert focused() is capture.ward_picker.filter_edit
    ime_type("ひばりケ丘")
    key(qtbot, Qt.Key.Key_Return)
    assert focused() is capture.policy_picker.filter_edit  # Enter on a ward moves on
    ascii_type(qtbot, "1-04")
    key(qtbot, Qt.Key.Key_Return)
    ime_type("こみゅにてぃ交通")
    key(qtbot, Qt.Key.Key_Return)
    key(qtbot, Qt.Key.Key_Return, CTRL)
    assert capture.text_edit.toPlainText() == ""
    assert focused() is capture.text_edit
    assert "No." in capture.banner.text()

    # 2: same ward and policies (kept for the next speaker), kind changed to 質問 with Alt+K.
    ime_type("保育園の送迎で朝の道が混みます。")
    key(qtbot, Qt.Key.Key_K, ALT)
    key(qtbot, Qt.Key.Key_Up)
    key(qtbot, Qt.Key.Key_Return, CTRL)

    # 3: city-wide, the kept policies removed with Backspace, another added.
    ime_type("ワクチンの助成はいつからですか。")
    key(qtbot, Qt.Key.Key_W, ALT)
    ime_type("市全域")
    key(qtbot, Qt.Key.Key_Return)
    key(qtbot, Qt.Key.Key_Backspace)
    key(qtbot, Qt.Key.Key_Backspace)
    ascii_type(qtbot, "303")  # "3-03" without the hyphen
    key(qtbot, Qt.Key.Key_Return)
    key(qtbot, Qt.Key.Key_Return, CTRL)

    saved = meeting_comments(sqlite_services, meeting.id)
    assert [c.text for c in saved] == [
        "駅前の駐車場が足りず、母を病院に送るときに困っています。",
        "保育園の送迎で朝の道が混みます。",
        "ワクチンの助成はいつからですか。",
    ]
    assert [c.ward_name for c in saved] == ["ひばりヶ丘", "ひばりヶ丘", ""]
    assert [c.policy_codes for c in saved] == [("1-04", "5-02"), ("1-04", "5-02"), ("3-03",)]
    assert [c.kind for c in saved] == [
        CommentKind.OPINION,
        CommentKind.QUESTION,
        CommentKind.OPINION,
    ]
    assert all(c.created_by == "テスト職員" for c in saved)
    # The recent list shows them newest first, as the recorder sees them.
    assert capture.recent_list.topLevelItem(0).text(5) == "ワクチンの助成はいつからですか。"
    assert capture.recent_list.topLevelItemCount() == 3


def test_ctrl_z_in_the_empty_text_box_undoes_the_last_entry(
    qtbot, sqlite_services: Services
) -> None:
    window = open_window(qtbot, sqlite_services)
    capture = new_meeting_by_keyboard(qtbot, window)
    mid = capture.meeting().id
    for text in ("一人目の発言です。", "二人目の発言です。"):
        ime_type(text)
        key(qtbot, Qt.Key.Key_Return, CTRL)
    assert len(meeting_comments(sqlite_services, mid)) == 2

    key(qtbot, Qt.Key.Key_Z, CTRL)

    assert [c.text for c in meeting_comments(sqlite_services, mid)] == ["一人目の発言です。"]
    deleted = sqlite_services.queries.page(
        CommentQuery(filter=CommentFilter(meeting_ids=(mid,), deleted_only=True))
    ).items
    assert [c.text for c in deleted] == ["二人目の発言です。"]  # soft delete, recoverable
    assert "取り消しました" in capture.banner.text()
    # The undone text is back in the form, so nothing typed is lost; Ctrl+Z now edits text.
    assert capture.text_edit.toPlainText() == "二人目の発言です。"
    key(qtbot, Qt.Key.Key_Z, CTRL)
    assert len(meeting_comments(sqlite_services, mid)) == 1


def test_an_entry_is_edited_from_the_recent_list(qtbot, sqlite_services: Services) -> None:
    window = open_window(qtbot, sqlite_services)
    capture = new_meeting_by_keyboard(qtbot, window)
    ime_type("公民館の駐車場がせまいです。")
    key(qtbot, Qt.Key.Key_Return, CTRL)
    before = meeting_comments(sqlite_services, capture.meeting().id)[0]

    key(qtbot, Qt.Key.Key_L, ALT)
    assert focused() is capture.recent_list
    key(qtbot, Qt.Key.Key_Down)
    key(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), CommentEditDialog))
    dialog = QApplication.activeModalWidget()
    assert isinstance(dialog, CommentEditDialog)
    qtbot.waitUntil(lambda: focused() is dialog.text_edit)
    dialog.text_edit.selectAll()
    ime_type("公民館の駐車場が狭くて停められません。")
    dialog.ward_picker.filter_edit.setFocus()
    ime_type("乙女")
    key(qtbot, Qt.Key.Key_Return)
    dialog.policy_picker.filter_edit.setFocus()
    ascii_type(qtbot, "5-01")
    key(qtbot, Qt.Key.Key_Return)
    key(qtbot, Qt.Key.Key_Return, CTRL)
    qtbot.waitUntil(lambda: not dialog.isVisible())

    after = sqlite_services.comments.get(before.id)
    assert after.text == "公民館の駐車場が狭くて停められません。"
    assert after.ward_name == "乙女"
    assert after.policy_codes == ("5-01",)
    assert after.version > before.version
    assert capture.recent_list.topLevelItem(0).text(5) == after.text
    history = sqlite_services.comments.history(before.id)
    assert {"text", "ward_id", "policies"} <= {a.field for a in history.audit}


def test_stale_edit_is_refused_in_the_dialog(qtbot, sqlite_services: Services) -> None:
    window = open_window(qtbot, sqlite_services)
    capture = new_meeting_by_keyboard(qtbot, window)
    ime_type("バスの本数を増やしてほしい。")
    key(qtbot, Qt.Key.Key_Return, CTRL)
    comment = meeting_comments(sqlite_services, capture.meeting().id)[0]
    dialog = capture.edit_entry(comment.id)
    assert dialog is not None
    # Someone else changes it meanwhile.
    sqlite_services.comments.edit(CommentEdit(comment.id, comment.version, text="別の人の修正"))
    dialog.text_edit.setPlainText("私の修正")
    dialog.save()
    assert dialog.isVisible()
    assert "変更しました" in dialog.banner.text()
    assert sqlite_services.comments.get(comment.id).text == "別の人の修正"


def test_empty_and_too_long_text_are_refused_with_a_clear_message(
    qtbot, sqlite_services: Services
) -> None:
    window = open_window(qtbot, sqlite_services)
    capture = new_meeting_by_keyboard(qtbot, window)
    mid = capture.meeting().id
    key(qtbot, Qt.Key.Key_Return, CTRL)
    assert "空" in capture.banner.text()
    assert capture.banner.level == "error"

    capture.text_edit.setPlainText("あ" * (MAX_COMMENT_CHARS + 1))
    assert "4,001 / 4,000" in capture.count_label.text()
    assert "超過" in capture.count_label.text()
    key(qtbot, Qt.Key.Key_Return, CTRL)
    assert "4000文字まで" in capture.banner.text()
    assert capture.text_edit.toPlainText() == "あ" * (MAX_COMMENT_CHARS + 1)
    assert meeting_comments(sqlite_services, mid) == []

    capture.text_edit.setPlainText("あ" * MAX_COMMENT_CHARS)  # exactly the limit is accepted
    key(qtbot, Qt.Key.Key_Return, CTRL)
    assert len(meeting_comments(sqlite_services, mid)[0].text) == MAX_COMMENT_CHARS


def test_speaker_details_only_behind_the_toggle_and_cleared_after_save(
    qtbot, sqlite_services: Services
) -> None:
    window = open_window(qtbot, sqlite_services)
    capture = new_meeting_by_keyboard(qtbot, window)
    assert not capture.speaker_name_edit.isVisible()
    ime_type("街灯が暗いです。")
    key(qtbot, Qt.Key.Key_S, ALT)
    assert focused() is capture.speaker_name_edit
    ime_type("小諸 太郎")
    key(qtbot, Qt.Key.Key_Tab)
    ascii_type(qtbot, "0267-00-0000")
    key(qtbot, Qt.Key.Key_Return, CTRL)
    comment = meeting_comments(sqlite_services, capture.meeting().id)[0]
    speaker = sqlite_services.comments.speaker(comment.id, PURPOSE)
    assert speaker is not None and speaker.name == "小諸 太郎"
    assert speaker.contact == "0267-00-0000"
    assert not capture.speaker_toggle.isChecked()
    assert capture.speaker_name_edit.text() == ""
    ime_type("二人目は名前なし。")
    key(qtbot, Qt.Key.Key_Return, CTRL)
    second = meeting_comments(sqlite_services, capture.meeting().id)[1]
    assert sqlite_services.comments.speaker(second.id, PURPOSE) is None


def test_several_policies_with_alt_m_making_the_last_one_primary(
    qtbot, sqlite_services: Services
) -> None:
    window = open_window(qtbot, sqlite_services)
    capture = new_meeting_by_keyboard(qtbot, window)
    ime_type("太陽光パネルが景観を損ねています。")
    key(qtbot, Qt.Key.Key_P, ALT)
    ime_type("景観")  # 2-03 mentions 景観 in its title
    key(qtbot, Qt.Key.Key_Return)
    ascii_type(qtbot, "5-01")
    key(qtbot, Qt.Key.Key_Return)
    assert "【主】★ 2-03" in capture.policy_picker.chosen_list.item(0).text()
    key(qtbot, Qt.Key.Key_M, ALT)  # the policy just added becomes the primary one
    assert "【主】★ 5-01" in capture.policy_picker.chosen_list.item(0).text()
    key(qtbot, Qt.Key.Key_Return, CTRL)
    [saved] = meeting_comments(sqlite_services, capture.meeting().id)
    assert saved.policy_codes == ("5-01", "2-03")
    assert saved.primary_policy_code == "5-01"


def test_tab_goes_text_ward_policy_kind(qtbot, sqlite_services: Services) -> None:
    window = open_window(qtbot, sqlite_services)
    capture = new_meeting_by_keyboard(qtbot, window)
    order = []
    for _i in range(4):
        key(qtbot, Qt.Key.Key_Tab)
        order.append(focused())
    assert order == [
        capture.ward_picker.filter_edit,
        capture.policy_picker.filter_edit,
        capture.kind_combo,
        capture.age_combo,
    ]


def test_a_ward_typed_but_not_chosen_is_not_saved_as_a_guess(
    qtbot, sqlite_services: Services
) -> None:
    window = open_window(qtbot, sqlite_services)
    capture = new_meeting_by_keyboard(qtbot, window)
    ime_type("ごみ収集の日を増やしてほしい。")
    key(qtbot, Qt.Key.Key_W, ALT)
    ime_type("乙女")  # Enter forgotten
    key(qtbot, Qt.Key.Key_Return, CTRL)
    assert capture.banner.level == "error"
    assert "「乙女」が残っています" in capture.banner.text()
    assert focused() is capture.ward_picker.filter_edit
    assert meeting_comments(sqlite_services, capture.meeting().id) == []
    key(qtbot, Qt.Key.Key_Return)
    key(qtbot, Qt.Key.Key_Return, CTRL)
    [saved] = meeting_comments(sqlite_services, capture.meeting().id)
    assert saved.ward_name == "乙女"
    assert saved.text == "ごみ収集の日を増やしてほしい。"


def test_a_ward_filter_without_match_says_so(qtbot, sqlite_services: Services) -> None:
    window = open_window(qtbot, sqlite_services)
    capture = new_meeting_by_keyboard(qtbot, window)
    key(qtbot, Qt.Key.Key_W, ALT)
    ascii_type(qtbot, "zzz")
    assert "当たる区はありません" in capture.ward_picker.choice_label.text()
    key(qtbot, Qt.Key.Key_Escape)
    assert capture.ward_picker.filter_edit.text() == ""
    assert "市全域" in capture.ward_picker.choice_label.text()
