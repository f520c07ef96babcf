"""Recording at a meeting with the keyboard only: each speaker starts clean, tags are chosen on
purpose, text undo never touches saved entries, entries are edited from the list."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from komoro_feedback.domain.comment import MAX_COMMENT_CHARS, CommentEdit
from komoro_feedback.domain.enums import CommentKind
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
    open_capture,
    open_window,
    town_meeting,
)

from komoro_feedback.ui.dialogs.comment_edit_dialog import CommentEditDialog


def test_three_speakers_each_start_clean(qtbot, sqlite_services: Services) -> None:
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
    key(qtbot, Qt.Key.Key_K, ALT)
    key(qtbot, Qt.Key.Key_Up)  # 質問
    key(qtbot, Qt.Key.Key_Return, CTRL)
    assert capture.text_edit.toPlainText() == ""
    assert focused() is capture.text_edit
    assert "No.1" in capture.banner.text()
    # Nothing of the first speaker is still chosen.
    assert not capture.ward_picker.has_choice()
    assert "未選択" in capture.ward_picker.choice_label.text()
    assert capture.policy_picker.policy_ids() == ()
    assert capture.kind_combo.currentData() == CommentKind.OPINION.value

    # 2: the same ward on purpose (Alt+R, shown on screen with its name), no policy.
    assert "ひばりヶ丘" in capture.same_ward_button.text()
    ime_type("保育園の送迎で朝の道が混みます。")
    key(qtbot, Qt.Key.Key_R, ALT)
    key(qtbot, Qt.Key.Key_Return, CTRL)

    # 3: city-wide with one key, another policy.
    ime_type("ワクチンの助成はいつからですか。")
    key(qtbot, Qt.Key.Key_C, ALT)
    key(qtbot, Qt.Key.Key_P, ALT)
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
    assert [c.policy_codes for c in saved] == [("1-04", "5-02"), (), ("3-03",)]
    assert [c.kind.value for c in saved] == ["question", "opinion", "opinion"]
    # Recorded at the meeting: the meeting's recorder, not whoever runs the app.
    assert all(c.created_by == "記録 花子" for c in saved)
    # The list shows them newest first, numbered within the meeting as said aloud.
    assert capture.recent_list.topLevelItem(0).text(5) == "ワクチンの助成はいつからですか。"
    assert [capture.recent_list.topLevelItem(i).text(0) for i in range(3)] == ["3", "2", "1"]


def test_saving_without_a_ward_asks_for_one_and_keeps_everything(
    qtbot, sqlite_services: Services
) -> None:
    window = open_window(qtbot, sqlite_services)
    capture = new_meeting_by_keyboard(qtbot, window)
    mid = capture.meeting().id
    ime_type("街路樹の落ち葉で側溝が詰まっています。")
    key(qtbot, Qt.Key.Key_Return, CTRL)
    assert capture.banner.level == "error"
    assert "区が選ばれていません" in capture.banner.text()
    assert focused() is capture.ward_picker.filter_edit
    assert meeting_comments(sqlite_services, mid) == []
    assert capture.text_edit.toPlainText() == "街路樹の落ち葉で側溝が詰まっています。"
    # Enter in the empty ward box picks nothing by itself.
    key(qtbot, Qt.Key.Key_Return)
    assert not capture.ward_picker.has_choice()
    key(qtbot, Qt.Key.Key_C, ALT)
    key(qtbot, Qt.Key.Key_Return, CTRL)
    [saved] = meeting_comments(sqlite_services, mid)
    assert saved.ward_id is None and saved.text.startswith("街路樹")


def test_every_field_resets_for_the_next_speaker(qtbot, sqlite_services: Services) -> None:
    window = open_window(qtbot, sqlite_services)
    capture = open_capture(qtbot, window, town_meeting(sqlite_services))
    ime_type("除雪が遅いです。")
    key(qtbot, Qt.Key.Key_K, ALT)
    key(qtbot, Qt.Key.Key_Down)
    key(qtbot, Qt.Key.Key_Y, ALT)
    key(qtbot, Qt.Key.Key_Down)
    key(qtbot, Qt.Key.Key_G, ALT)
    key(qtbot, Qt.Key.Key_Down)
    key(qtbot, Qt.Key.Key_N, ALT)
    key(qtbot, Qt.Key.Key_A, ALT)
    ime_type("担当課に伝えます。")
    key(qtbot, Qt.Key.Key_S, ALT)
    ime_type("浅間 一郎")
    key(qtbot, Qt.Key.Key_W, ALT)
    key(qtbot, Qt.Key.Key_1)
    key(qtbot, Qt.Key.Key_Return, CTRL)
    [first] = meeting_comments(sqlite_services, capture.meeting().id)
    assert first.ward_name == "平原" and not first.needs_answer and first.age_band
    blank = capture.current_draft()
    assert blank.empty
    assert (blank.age_band, blank.gender, blank.spot_answer) == ("", "", "")
    assert blank.needs_answer and not blank.speaker_shown
    assert blank.kind == CommentKind.OPINION.value


def test_a_meeting_ward_is_one_digit_and_alt_one_sets_the_primary(
    qtbot, sqlite_services: Services
) -> None:
    """The recorder's common case in keys: Alt+W, a digit, Alt+1, Ctrl+Enter (4 beyond text)."""
    window = open_window(qtbot, sqlite_services)
    capture = open_capture(qtbot, window, town_meeting(sqlite_services))
    bar = capture.suggestion_bar
    with qtbot.waitSignal(bar.suggestions_shown, timeout=10000):
        ime_type("コミュニティバスの本数を増やしてほしい。")
    key(qtbot, Qt.Key.Key_W, ALT)
    assert capture.ward_picker.tree.topLevelItem(1).child(1).text(0).startswith("2")
    key(qtbot, Qt.Key.Key_2)  # 南大井's second ward
    assert capture.ward_picker.ward_name() == "一ツ谷"
    suggested = bar.suggestions().policies[0].policy_id
    key(qtbot, Qt.Key.Key_1, ALT)
    assert capture.policy_picker.policy_ids() == (suggested,)  # primary, not behind another
    key(qtbot, Qt.Key.Key_Return, CTRL)
    [saved] = meeting_comments(sqlite_services, capture.meeting().id)
    assert saved.ward_name == "一ツ谷" and saved.policy_ids[0] == suggested


def test_the_ward_named_in_the_text_is_one_key(qtbot, sqlite_services: Services) -> None:
    window = open_window(qtbot, sqlite_services)
    capture = open_capture(qtbot, window, town_meeting(sqlite_services))
    with qtbot.waitSignal(capture.suggestion_bar.suggestions_shown, timeout=10000):
        ime_type("一ツ谷の交差点にカーブミラーをつけてほしい。")
    qtbot.waitUntil(capture.place_ward_button.isVisible)
    assert "一ツ谷" in capture.place_ward_button.text()
    key(qtbot, Qt.Key.Key_D, ALT)
    key(qtbot, Qt.Key.Key_Return, CTRL)
    [saved] = meeting_comments(sqlite_services, capture.meeting().id)
    assert saved.ward_name == "一ツ谷"


def test_alt_letters_never_type_into_the_comment(qtbot, sqlite_services: Services) -> None:
    window = open_window(qtbot, sqlite_services)
    capture = new_meeting_by_keyboard(qtbot, window)
    ime_type("道路の穴")
    key(qtbot, Qt.Key.Key_P, ALT)
    ascii_type(qtbot, "5-01")
    key(qtbot, Qt.Key.Key_Return)
    ascii_type(qtbot, "2-03")
    key(qtbot, Qt.Key.Key_Return)
    key(qtbot, Qt.Key.Key_T, ALT)
    for letter in (Qt.Key.Key_M, Qt.Key.Key_Q, Qt.Key.Key_J, Qt.Key.Key_X):
        key(qtbot, letter, ALT)
    assert capture.text_edit.toPlainText() == "道路の穴"
    # Alt+M worked from the comment box: the last added policy is now the primary one.
    assert "【主】★ 2-03" in capture.policy_picker.chosen_list.item(0).text()


def test_a_conversion_in_progress_is_never_saved(qtbot, sqlite_services: Services) -> None:
    from PySide6.QtGui import QInputMethodEvent

    window = open_window(qtbot, sqlite_services)
    capture = new_meeting_by_keyboard(qtbot, window)
    key(qtbot, Qt.Key.Key_C, ALT)
    key(qtbot, Qt.Key.Key_T, ALT)
    ime_type("図書館の")
    preedit = QInputMethodEvent("かいかんじかん", [])
    QApplication.sendEvent(capture.text_edit, preedit)
    key(qtbot, Qt.Key.Key_Return, CTRL)
    assert capture.banner.level == "error" and "変換中" in capture.banner.text()
    assert meeting_comments(sqlite_services, capture.meeting().id) == []
    ime_type("開館時間を延ばしてほしい。")  # the conversion is confirmed
    key(qtbot, Qt.Key.Key_Return, CTRL)
    [saved] = meeting_comments(sqlite_services, capture.meeting().id)
    assert saved.text == "図書館の開館時間を延ばしてほしい。"


def test_ctrl_z_undoes_typing_only(qtbot, sqlite_services: Services) -> None:
    window = open_window(qtbot, sqlite_services)
    capture = new_meeting_by_keyboard(qtbot, window)
    mid = capture.meeting().id
    ime_type("一人目の発言です。")
    key(qtbot, Qt.Key.Key_C, ALT)
    key(qtbot, Qt.Key.Key_Return, CTRL)
    ime_type("二人目")
    key(qtbot, Qt.Key.Key_Z, CTRL)
    assert capture.text_edit.toPlainText() == ""
    for _i in range(3):  # in an empty box: nothing happens to the saved entry
        key(qtbot, Qt.Key.Key_Z, CTRL)
    assert [c.text for c in meeting_comments(sqlite_services, mid)] == ["一人目の発言です。"]
    key(qtbot, Qt.Key.Key_Y, CTRL)  # redo brings the typing back
    assert capture.text_edit.toPlainText() == "二人目"


def test_an_entry_is_edited_from_the_list_and_focus_comes_back(
    qtbot, sqlite_services: Services
) -> None:
    window = open_window(qtbot, sqlite_services)
    capture = new_meeting_by_keyboard(qtbot, window)
    ime_type("公民館の駐車場がせまいです。")
    key(qtbot, Qt.Key.Key_C, ALT)
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
    qtbot.waitUntil(lambda: focused() is capture.text_edit)  # the next speaker's keys land

    after = sqlite_services.comments.get(before.id)
    assert after.text == "公民館の駐車場が狭くて停められません。"
    assert after.ward_name == "乙女"
    assert after.policy_codes == ("5-01",)
    assert after.version > before.version
    assert capture.recent_list.topLevelItem(0).text(5) == after.text
    history = sqlite_services.comments.history(before.id)
    assert {"text", "ward_id", "policies"} <= {a.field for a in history.audit}

    # Cancelled edit: focus comes back to the comment box as well.
    key(qtbot, Qt.Key.Key_L, ALT)
    key(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), CommentEditDialog))
    second = QApplication.activeModalWidget()
    qtbot.waitUntil(lambda: focused() is second.text_edit)
    key(qtbot, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: focused() is capture.text_edit)


def test_stale_edit_is_refused_in_the_dialog(qtbot, sqlite_services: Services) -> None:
    window = open_window(qtbot, sqlite_services)
    capture = new_meeting_by_keyboard(qtbot, window)
    ime_type("バスの本数を増やしてほしい。")
    key(qtbot, Qt.Key.Key_C, ALT)
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
    key(qtbot, Qt.Key.Key_C, ALT)
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
    key(qtbot, Qt.Key.Key_C, ALT)
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
    key(qtbot, Qt.Key.Key_C, ALT)
    key(qtbot, Qt.Key.Key_Return, CTRL)
    second = meeting_comments(sqlite_services, capture.meeting().id)[1]
    assert sqlite_services.comments.speaker(second.id, PURPOSE) is None


def test_several_policies_with_alt_m_making_the_last_one_primary(
    qtbot, sqlite_services: Services
) -> None:
    window = open_window(qtbot, sqlite_services)
    capture = new_meeting_by_keyboard(qtbot, window)
    ime_type("太陽光パネルが景観を損ねています。")
    key(qtbot, Qt.Key.Key_C, ALT)
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


def test_policy_search_reads_texts_and_everyday_words(qtbot, sqlite_services: Services) -> None:
    window = open_window(qtbot, sqlite_services)
    capture = new_meeting_by_keyboard(qtbot, window)
    picker = capture.policy_picker
    key(qtbot, Qt.Key.Key_P, ALT)
    ime_type("公民館")  # in no title; in policies' texts and words
    shown = [
        picker.tree.topLevelItem(i).text(0)
        for i in range(picker.tree.topLevelItemCount())
        if not picker.tree.topLevelItem(i).isHidden()
    ]
    assert shown, "公民館 finds the policies that speak of it"
    key(qtbot, Qt.Key.Key_Return)
    assert len(picker.policy_ids()) == 1


def test_a_ward_is_found_by_its_reading(qtbot, sqlite_services: Services) -> None:
    window = open_window(qtbot, sqlite_services)
    capture = new_meeting_by_keyboard(qtbot, window)
    key(qtbot, Qt.Key.Key_W, ALT)
    ime_type("おとめ")
    key(qtbot, Qt.Key.Key_Return)
    assert capture.ward_picker.ward_name() == "乙女"
    # An administrator gives a reading the dictionary does not have (市町 is いちまち).
    ward = sqlite_services.catalog.ward_by_name("市町")
    assert ward.reading == ""
    assert sqlite_services.catalog.set_ward_reading(ward.id, "いちまち").reading == "イチマチ"
    capture.refresh()
    key(qtbot, Qt.Key.Key_W, ALT)
    ime_type("いちまち")
    key(qtbot, Qt.Key.Key_Return)
    assert capture.ward_picker.ward_name() == "市町"


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
    assert "未選択" in capture.ward_picker.choice_label.text()


def test_a_role_that_may_not_record_sees_why(qtbot, sqlite_url: str) -> None:
    from komoro_feedback.domain.roles import Role
    from komoro_feedback.services.actor import Actor
    from komoro_feedback.store.database import Database

    admin = Services.build(Database(sqlite_url), Actor("テスト職員"))
    mid = town_meeting(admin)
    admin.close()
    planning = Services.build(Database(sqlite_url), Actor("企画 一郎", role=Role.PLANNING))
    try:
        window = open_window(qtbot, planning)
        capture = window.show_panel("meetings").open_capture(mid)
        assert not capture.save_button.isEnabled()
        assert not capture.text_edit.isEnabled()
        assert capture.save_button.toolTip()  # says which role may
        assert capture.banner.level == "error"
        assert not window.menu.new_meeting_action.isEnabled()
        assert window.menu.new_meeting_action.toolTip()
    finally:
        planning.close()
