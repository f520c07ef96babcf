"""Nothing typed is lost: the form is kept as its meeting's draft while typing, survives a quit
and kill -9, comes back in its own meeting, and never moves to another one."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from komoro_feedback.domain.draft import WARD_UNSET
from komoro_feedback.services.actor import Actor
from komoro_feedback.services.container import Services
from komoro_feedback.store.database import Database
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
)

from komoro_feedback.ui.widgets.draft_keeper import WRITE_AFTER_MS


def test_the_draft_follows_typing_and_goes_with_the_save(qtbot, sqlite_services: Services) -> None:
    window = open_window(qtbot, sqlite_services)
    mid = town_meeting(sqlite_services)
    capture = open_capture(qtbot, window, mid)
    ime_type("図書館の開館時間を")
    key(qtbot, Qt.Key.Key_W, ALT)
    key(qtbot, Qt.Key.Key_2)
    # Written within a second, with the ward and everything else.
    qtbot.waitUntil(lambda: sqlite_services.drafts.get(mid) is not None, timeout=2 * WRITE_AFTER_MS)
    qtbot.waitUntil(lambda: sqlite_services.drafts.get(mid).ward != WARD_UNSET, timeout=1000)
    assert sqlite_services.drafts.get(mid).text == "図書館の開館時間を"
    capture.text_edit.setFocus()
    ime_type("延ばしてほしい。")
    key(qtbot, Qt.Key.Key_Return, CTRL)
    assert len(meeting_comments(sqlite_services, mid)) == 1
    assert sqlite_services.drafts.get(mid) is None  # saved: nothing left to offer


def test_a_draft_stays_with_its_meeting(qtbot, sqlite_services: Services) -> None:
    window = open_window(qtbot, sqlite_services)
    first = town_meeting(sqlite_services)
    second = town_meeting(sqlite_services, "北大井")
    capture = open_capture(qtbot, window, first)
    ime_type("南大井で言われたこと")
    key(qtbot, Qt.Key.Key_S, ALT)
    ime_type("南 太郎")
    key(qtbot, Qt.Key.Key_Left, ALT)  # back to the meetings list
    qtbot.waitUntil(lambda: not capture.isVisible())

    capture = open_capture(qtbot, window, second)
    assert capture.text_edit.toPlainText() == ""  # it did not follow into another meeting
    ime_type("北大井の話")
    key(qtbot, Qt.Key.Key_C, ALT)
    key(qtbot, Qt.Key.Key_Return, CTRL)
    assert [c.text for c in meeting_comments(sqlite_services, second)] == ["北大井の話"]

    capture = open_capture(qtbot, window, first)
    assert capture.text_edit.toPlainText() == "南大井で言われたこと"
    assert capture.speaker_name_edit.text() == "南 太郎"
    assert "下書き" in capture.banner.text()
    assert meeting_comments(sqlite_services, first) == []


def test_quit_keeps_the_draft_and_the_next_start_offers_it(
    qtbot, sqlite_services: Services
) -> None:
    window = open_window(qtbot, sqlite_services)
    mid = town_meeting(sqlite_services)
    capture = open_capture(qtbot, window, mid)
    ime_type("途中まで打った発言")
    key(qtbot, Qt.Key.Key_Q, CTRL)  # quit at once, before the draft timer fires
    qtbot.waitUntil(lambda: not window.isVisible())
    assert sqlite_services.drafts.get(mid).text == "途中まで打った発言"

    again = open_window(qtbot, sqlite_services)
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), QMessageBox))
    box = again.draft_offer
    assert box is not None and "途中まで打った発言" in box.text()
    assert "南大井地区タウンミーティング" in box.text()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None and focused().window() is box)
    key(qtbot, Qt.Key.Key_Return)  # 会議を開いて続ける
    capture = again.capture()
    qtbot.waitUntil(lambda: capture.isVisible() and capture.meeting() is not None)
    assert capture.meeting().id == mid
    assert capture.text_edit.toPlainText() == "途中まで打った発言"


_TYPIST = textwrap.dedent(
    """
    import os, sys, time
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from PySide6.QtWidgets import QApplication
    from komoro_feedback.config import UserSettings
    from komoro_feedback.services.actor import Actor
    from komoro_feedback.services.container import Services
    from komoro_feedback.store.database import Database
    from komoro_feedback.ui.main_window import MainWindow

    app = QApplication([])
    services = Services.build(Database(sys.argv[1]), Actor("記録 花子"))
    window = MainWindow(services, UserSettings(recorder="記録 花子"))
    window.show()
    capture = window.show_panel("meetings").open_capture(int(sys.argv[2]))
    capture.text_edit.setFocus()
    capture.text_edit.insertPlainText("停電の前に打っていた発言")
    capture.speaker_toggle.setChecked(True)
    capture.speaker_name_edit.setText("浅間 次郎")
    deadline = time.monotonic() + 1.0  # the draft is at most a second behind
    while time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.01)
    print("typed", flush=True)
    while True:
        app.processEvents()
        time.sleep(0.01)
    """
)


def test_kill_9_loses_nothing_typed(sqlite_url: str, tmp_path: Path) -> None:
    services = Services.build(Database(sqlite_url), Actor("テスト職員"))
    mid = town_meeting(services)
    services.close()
    script = tmp_path / "typist.py"
    script.write_text(_TYPIST, encoding="utf-8")
    env = {**os.environ, "KOMORO_DATA_DIR": str(tmp_path / "data")}
    proc = subprocess.Popen(
        [sys.executable, str(script), sqlite_url, str(mid)],
        stdout=subprocess.PIPE,
        text=True,
        env=env,
        cwd=Path(__file__).resolve().parents[2],
    )
    try:
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == "typed"
        os.kill(proc.pid, signal.SIGKILL)  # no close, no flush, no goodbye
    finally:
        proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL

    after = Services.build(Database(sqlite_url), Actor("テスト職員"))
    try:
        [pending] = after.drafts.pending()
        assert pending.meeting_id == mid
        assert pending.draft.text == "停電の前に打っていた発言"
        assert pending.draft.speaker_name == "浅間 次郎"
    finally:
        after.close()
