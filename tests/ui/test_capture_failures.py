"""A save that fails (locked or read-only database) keeps the form, says why, and retries."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import event

from komoro_feedback.domain.comment import MeetingDraft
from komoro_feedback.domain.enums import MeetingKind
from komoro_feedback.services.actor import Actor
from komoro_feedback.services.container import Services
from komoro_feedback.store.database import Database
from tests.ui.capture_helpers import (
    ALT,
    CTRL,
    ascii_type,
    ime_type,
    key,
    meeting_comments,
    open_window,
)

TEXT = "通学路の横断歩道に信号をつけてください。"


@pytest.fixture
def quick_lock_services(sqlite_url: str) -> Iterator[Services]:
    """Services whose writers give up on a lock after 0.2 s instead of 5 s (keeps tests fast)."""
    db = Database(sqlite_url)

    @event.listens_for(db.engine, "connect")
    def _short_busy_timeout(dbapi_connection: sqlite3.Connection, _record: object) -> None:
        dbapi_connection.execute("PRAGMA busy_timeout = 200")  # runs after the app's own 5000

    services = Services.build(db, Actor("テスト職員"))
    yield services
    services.close()


def _capture_for_new_meeting(qtbot, services: Services):
    from datetime import datetime

    meeting = services.meetings.create(
        MeetingDraft(
            MeetingKind.TOWN_MEETING, "御影新田地区タウンミーティング", datetime(2025, 6, 1, 19)
        )
    )
    window = open_window(qtbot, services)
    capture = window.panels["meetings"].open_capture(meeting.id)
    qtbot.waitUntil(lambda: capture.text_edit.hasFocus())
    return meeting, capture


def test_locked_database_keeps_the_text_and_the_next_save_retries(
    qtbot, quick_lock_services: Services
) -> None:
    services = quick_lock_services
    meeting, capture = _capture_for_new_meeting(qtbot, services)
    ime_type(TEXT)
    key(qtbot, Qt.Key.Key_W, ALT)
    ime_type("乙女")
    key(qtbot, Qt.Key.Key_Return)
    ascii_type(qtbot, "5-01")
    key(qtbot, Qt.Key.Key_Return)
    capture.text_edit.setFocus()

    other = sqlite3.connect(str(services.db.sqlite_path), isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")  # another program holds the write lock
    try:
        key(qtbot, Qt.Key.Key_Return, CTRL)
        assert capture.banner.level == "error"
        assert "ロック" in capture.banner.text()
        assert "入力内容はそのまま" in capture.banner.text()
        assert capture.banner.isVisible()
        assert capture.text_edit.toPlainText() == TEXT
        assert capture.ward_picker.ward_name() == "乙女"
        assert capture.policy_picker.policy_ids() != ()
    finally:
        other.rollback()
        other.close()
    assert meeting_comments(services, meeting.id) == []

    key(qtbot, Qt.Key.Key_Return, CTRL)  # the same keystroke again, lock released

    saved = meeting_comments(services, meeting.id)
    assert [(c.text, c.ward_name, c.policy_codes) for c in saved] == [(TEXT, "乙女", ("5-01",))]
    assert capture.text_edit.toPlainText() == ""
    assert capture.banner.level == "ok"


def test_read_only_database_says_so_and_keeps_the_text(qtbot, sqlite_url: str) -> None:
    writable = Services.build(Database(sqlite_url), Actor("テスト職員"))
    meeting = writable.meetings.create(
        MeetingDraft(MeetingKind.DISTRICT_TALK, "読み取り専用の確認", writable.actor.now())
    )
    writable.close()
    path = sqlite_url.removeprefix("sqlite:///")
    services = Services.build(Database(f"sqlite:///file:{path}?mode=ro&uri=true"), Actor("x"))
    try:
        window = open_window(qtbot, services)
        capture = window.panels["meetings"].open_capture(meeting.id)
        qtbot.waitUntil(lambda: capture.text_edit.hasFocus())
        ime_type(TEXT)
        key(qtbot, Qt.Key.Key_C, ALT)
        key(qtbot, Qt.Key.Key_Return, CTRL)
        assert capture.banner.level == "error"
        assert "読み取り専用" in capture.banner.text()
        assert capture.text_edit.toPlainText() == TEXT
    finally:
        services.close()
