"""Sign-in, the person in the title, role-limited controls (greyed with the reason) and the
idle lock, driven through the real widgets over a real SQLite file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from komoro_feedback.config import UserSettings
from komoro_feedback.domain.comment import SpeakerContact
from komoro_feedback.domain.query import CommentFilter
from komoro_feedback.domain.roles import Role
from komoro_feedback.services.container import Services
from komoro_feedback.services.identity_service import SETUP_ADMIN
from tests.helpers import record
from tests.ui.capture_helpers import focused, ime_type, new_meeting_by_keyboard, open_window

from komoro_feedback.ui.dialogs.export_dialog import ExportDialog
from komoro_feedback.ui.dialogs.sign_in_dialog import SignInDialog
from komoro_feedback.ui.main_window import MainWindow


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("KOMORO_DATA_DIR", str(tmp_path))
    return tmp_path


@pytest.fixture
def staffed(sqlite_services: Services) -> Services:
    """An administrator and a recorder on the staff list; a comment with a speaker."""
    sv = sqlite_services
    sv.catalog.add_staff("管理 一郎", role=Role.ADMINISTRATOR)
    sv.catalog.add_staff("記録 花子", role=Role.RECORDER)
    record(sv, "街灯が暗い", speaker=SpeakerContact("小諸太郎", "0267-00-0000"))
    return sv


def test_sign_in_lists_the_staff_and_remembers_the_choice(
    qtbot, staffed: Services, home: Path
) -> None:
    dialog = SignInDialog(staffed, UserSettings(recorder="記録 花子"))
    qtbot.addWidget(dialog)
    names = [dialog.person.itemData(i) for i in range(dialog.person.count())]
    assert names == ["管理 一郎", "記録 花子"]  # an administrator exists: no setup entry
    assert dialog.person.currentData() == "記録 花子"  # last time's choice
    dialog.person.setCurrentIndex(0)
    assert dialog.sign_in()
    assert (staffed.actor.name, staffed.actor.role) == ("管理 一郎", Role.ADMINISTRATOR)
    saved = json.loads((home / "settings.json").read_text("utf-8"))
    assert saved["recorder"] == "管理 一郎"


def test_a_new_database_opens_as_the_setup_administrator(
    qtbot, sqlite_services: Services, home: Path
) -> None:
    dialog = SignInDialog(sqlite_services, UserSettings())
    qtbot.addWidget(dialog)
    assert dialog.person.itemData(0) == SETUP_ADMIN
    assert "管理者がいません" in dialog.note.text()
    assert dialog.sign_in() and sqlite_services.actor.role is Role.ADMINISTRATOR


def _as(sv: Services, name: str) -> Services:
    sv.identity.sign_in(name)
    return sv


def test_the_title_names_the_person_and_role(qtbot, staffed: Services, home: Path) -> None:
    window = open_window(qtbot, _as(staffed, "記録 花子"))
    assert window.windowTitle().startswith("記録 花子（記録係） — ")


def test_a_recorder_sees_what_they_may_not_do_greyed_with_the_reason(
    qtbot, staffed: Services, home: Path
) -> None:
    window = open_window(qtbot, _as(staffed, "記録 花子"))
    comments = window.show_panel("comments")
    qtbot.waitUntil(lambda: comments.model.rowCount() == 1 and not comments.runner.busy)
    comments.table.selectRow(0)
    d = comments.detail
    qtbot.waitUntil(lambda: d.comment() is not None)
    assert not d.speaker_button.isEnabled()
    assert "記録係の権限では「個人情報の表示」はできません" in d.speaker_button.toolTip()
    assert not d.delete_button.isEnabled() and "削除・復元" in d.delete_button.toolTip()
    assert not d.status.isEnabled() and d.text.isEnabled()  # may fix a typo, not route
    assert not d.public.isEnabled()  # the public wording is part of answering
    settings = window.show_panel("settings")
    for button in (settings.staff_button, settings.privacy_button, settings.access_log_button):
        assert not button.isEnabled() and "記録係の権限では" in button.toolTip()
    export = ExportDialog(staffed, CommentFilter(), window)
    qtbot.addWidget(export)
    assert not export.personal.isEnabled()
    assert "個人情報を含む出力" in export.personal.toolTip()


def test_the_administrator_has_everything_enabled(qtbot, staffed: Services, home: Path) -> None:
    window = open_window(qtbot, _as(staffed, "管理 一郎"))
    settings = window.show_panel("settings")
    assert all(b.isEnabled() for b in settings._admin_buttons())
    dialog = settings.open_access_log()
    qtbot.addWidget(dialog)
    assert dialog.tree.topLevelItemCount() == 0 and "0件の記録" in dialog.banner.text()


def test_idle_lock_hides_the_window_and_keeps_typed_text(
    qtbot, sqlite_services: Services, home: Path
) -> None:
    window = open_window(qtbot, sqlite_services, UserSettings())
    new_meeting_by_keyboard(qtbot, window)
    text_box = focused()
    ime_type("区の公園に街灯を増やしてほしい")
    window.idle.set_timeout_ms(300)
    qtbot.waitUntil(window.is_locked, timeout=5000)
    assert window.lock_page.isVisible() and not text_box.isVisible()
    assert "テスト職員" in window.lock_page.who.text()
    assert not window.menuBar().isEnabled()
    qtbot.mouseClick(window.lock_page.button, Qt.MouseButton.LeftButton)
    assert not window.is_locked() and text_box.isVisible()
    assert text_box.toPlainText() == "区の公園に街灯を増やしてほしい"  # nothing typed is lost
    assert QApplication.focusWidget() is text_box


def test_idle_lock_zero_minutes_is_off(qtbot, sqlite_services: Services, home: Path) -> None:
    window = MainWindow(sqlite_services, UserSettings(idle_lock_minutes=0))
    qtbot.addWidget(window)
    assert not window.idle.timer.isActive()


class _Passphrase:
    """Stands in for the SQLCipher passphrase check the crypto work plugs in."""

    def secret_label(self) -> str:
        return "パスフレーズ"

    def unlock(self, secret: str) -> str | None:
        return None if secret == "浅間山" else "パスフレーズが違います。"


def test_the_lock_asks_for_the_secret_of_the_unlocker_and_hides_open_dialogs(
    qtbot, sqlite_services: Services, home: Path
) -> None:
    window = MainWindow(sqlite_services, UserSettings(), unlocker=_Passphrase())
    qtbot.addWidget(window)
    with qtbot.waitActive(window):
        window.show()
    dialog = window.show_panel("settings").open_ward_admin()
    qtbot.waitUntil(dialog.isVisible)
    window.lock()
    assert not dialog.isVisible() and window.lock_page.secret.isVisible()
    assert window.lock_page.secret.accessibleName() == "パスフレーズ"
    assert not window.unlock("富士山")
    assert window.is_locked() and "違います" in window.lock_page.message.text()
    window.lock_page.secret.setText("浅間山")
    qtbot.keyClick(window.lock_page.secret, Qt.Key.Key_Return)
    assert not window.is_locked() and dialog.isVisible()


def test_an_encrypted_laptop_unlocks_only_with_its_passphrase(
    qtbot, tmp_path: Path, home: Path
) -> None:
    from komoro_feedback.services.actor import Actor
    from komoro_feedback.store.database import Database

    url = f"sqlite:///{tmp_path / 'laptop.sqlite3'}"
    sv = Services.build(Database(url, passphrase="浅間山 2568"), Actor("テスト職員"))
    sv.setup.initialise()
    try:
        window = open_window(qtbot, sv, UserSettings())
        new_meeting_by_keyboard(qtbot, window)
        ime_type("鍵をかけても消えない")
        window.idle.set_timeout_ms(300)
        qtbot.waitUntil(window.is_locked, timeout=5000)
        assert window.lock_page.secret.isVisible()
        assert window.lock_page.secret.accessibleName() == "データベースのパスフレーズ"
        window.lock_page.secret.setText("ちがう")
        qtbot.mouseClick(window.lock_page.button, Qt.MouseButton.LeftButton)
        assert window.is_locked() and "違います" in window.lock_page.message.text()
        window.lock_page.secret.setText("浅間山 2568")
        qtbot.mouseClick(window.lock_page.button, Qt.MouseButton.LeftButton)
        assert not window.is_locked()
        assert window.capture().text_edit.toPlainText() == "鍵をかけても消えない"
    finally:
        sv.close()
