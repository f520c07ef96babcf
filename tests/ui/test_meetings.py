"""Meetings: create with defaults in seconds, edit, close and reopen, open for capture."""

from __future__ import annotations

from datetime import date, datetime

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from komoro_feedback.config import UserSettings
from komoro_feedback.domain.comment import MeetingDraft
from komoro_feedback.domain.enums import MeetingKind
from komoro_feedback.services.container import Services
from tests.ui.capture_helpers import ALT, CTRL, focused, ime_type, key, open_window

from komoro_feedback.ui.dialogs.meeting_dialog import MeetingDialog


def test_new_meeting_dialog_fills_defaults_and_creates_it(qtbot, sqlite_services: Services) -> None:
    window = open_window(qtbot, sqlite_services, UserSettings(recorder="記録 花子"))
    panel = window.panels["meetings"]
    dialog = panel.new_meeting()
    assert dialog.when_edit.dateTime().toPython() == datetime.combine(
        date.today(), datetime.min.time()
    ).replace(hour=19)
    assert dialog.recorder_edit.text() == "記録 花子"
    assert "タウンミーティング" in dialog.title_edit.text()
    qtbot.waitUntil(lambda: focused() is dialog.title_edit)
    ime_type("南大井地区タウンミーティング")  # replaces the selected default title
    dialog.venue_edit.setText("南大井公民館")
    districts = {d.name: d.id for d in sqlite_services.catalog.districts()}
    dialog.district_checks[districts["南大井"]].setChecked(True)
    dialog.attendees_spin.setValue(42)
    dialog.title_edit.setFocus()
    key(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: panel.capture.isVisible())

    [meeting] = sqlite_services.meetings.list()
    assert meeting.title == "南大井地区タウンミーティング"
    assert meeting.venue == "南大井公民館"
    assert meeting.district_ids == (districts["南大井"],)
    assert meeting.attendees == 42
    assert meeting.recorder == "記録 花子"
    assert meeting.held_at == datetime.combine(date.today(), datetime.min.time()).replace(hour=19)
    assert panel.capture.meeting().id == meeting.id
    assert "南大井地区タウンミーティング" in panel.capture.header_label.text()


def test_empty_title_is_refused_in_the_dialog(qtbot, sqlite_services: Services) -> None:
    window = open_window(qtbot, sqlite_services)
    dialog = window.panels["meetings"].new_meeting()
    dialog.title_edit.clear()
    dialog.save()
    assert dialog.isVisible()
    assert "会議名を入力してください" in dialog.banner.text()
    assert sqlite_services.meetings.list() == []


def test_meetings_are_listed_edited_closed_and_reopened(qtbot, sqlite_services: Services) -> None:
    sv = sqlite_services
    older = sv.meetings.create(
        MeetingDraft(MeetingKind.DISTRICT_TALK, "川辺地区懇談会", datetime(2025, 5, 1, 19))
    )
    newer = sv.meetings.create(
        MeetingDraft(
            MeetingKind.TOWN_MEETING,
            "市長と語る会",
            datetime(2025, 6, 1, 19),
            venue="市民交流センター",
        )
    )
    window = open_window(qtbot, sv)
    panel = window.panels["meetings"]
    panel.refresh()
    table = panel.table
    assert [table.topLevelItem(i).text(1) for i in range(table.topLevelItemCount())] == [
        "市長と語る会",
        "川辺地区懇談会",
    ]
    assert table.topLevelItem(0).text(2) == "市民交流センター"
    assert table.topLevelItem(0).text(6) == "開催中"
    table.setFocus()
    assert panel.current_meeting_id() == newer.id

    key(qtbot, Qt.Key.Key_E, CTRL)  # close
    assert sv.meetings.get(newer.id).closed
    assert table.topLevelItem(0).text(6) == "終了"
    assert "終了しました" in panel.banner.text()
    key(qtbot, Qt.Key.Key_E, CTRL)  # reopen
    assert not sv.meetings.get(newer.id).closed

    key(qtbot, Qt.Key.Key_Down)
    assert panel.current_meeting_id() == older.id
    key(qtbot, Qt.Key.Key_F2)
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), MeetingDialog))
    dialog = QApplication.activeModalWidget()
    assert dialog.title_edit.text() == "川辺地区懇談会"
    dialog.venue_edit.setText("川辺公民館")
    dialog.save()
    assert sv.meetings.get(older.id).venue == "川辺公民館"
    assert sv.meetings.get(older.id).title == "川辺地区懇談会"


def test_enter_opens_capture_and_alt_left_goes_back(qtbot, sqlite_services: Services) -> None:
    m = sqlite_services.meetings.create(
        MeetingDraft(MeetingKind.TOWN_MEETING, "テスト会議", datetime(2025, 6, 1, 19))
    )
    window = open_window(qtbot, sqlite_services)
    panel = window.panels["meetings"]
    panel.table.setFocus()
    key(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: focused() is panel.capture.text_edit)
    assert panel.capture.meeting().id == m.id
    key(qtbot, Qt.Key.Key_Left, ALT)
    assert panel.pages.currentWidget() is panel.list_page
    assert window.nav.currentRow() == 0


def test_a_closed_meeting_refuses_new_entries_with_a_message(
    qtbot, sqlite_services: Services
) -> None:
    m = sqlite_services.meetings.create(
        MeetingDraft(MeetingKind.TOWN_MEETING, "終わった会議", datetime(2025, 6, 1, 19))
    )
    sqlite_services.meetings.set_closed(m.id, True)
    window = open_window(qtbot, sqlite_services)
    capture = window.panels["meetings"].open_capture(m.id)
    assert "終了しています" in capture.banner.text()
    qtbot.waitUntil(lambda: capture.text_edit.hasFocus())
    ime_type("記録できないはず")
    key(qtbot, Qt.Key.Key_Return, CTRL)
    assert capture.banner.level == "error"
    assert capture.text_edit.toPlainText() == "記録できないはず"


def test_an_empty_list_says_how_to_start(qtbot, sqlite_services: Services) -> None:
    window = open_window(qtbot, sqlite_services)
    panel = window.panels["meetings"]
    assert panel.table.topLevelItemCount() == 0
    assert "Ctrl+N" in panel.banner.text()
    assert not panel.open_button.isEnabled()
