"""Settings: who is signed in, database URL without a password, text size, admin of the catalog."""

from __future__ import annotations

import json
import os
from datetime import date, timedelta

import pytest
from PySide6.QtWidgets import QApplication

from komoro_feedback.config import UserSettings
from komoro_feedback.domain.comment import SpeakerContact
from komoro_feedback.services.container import Services
from tests.helpers import PURPOSE, record
from tests.ui.capture_helpers import open_window

from komoro_feedback.ui.main_window import LARGE_POINT_SIZE, NORMAL_POINT_SIZE
from komoro_feedback.ui.panels.settings_panel import settings_database_url


@pytest.fixture
def settings_home(tmp_path, monkeypatch):
    monkeypatch.setenv("KOMORO_DATA_DIR", str(tmp_path))
    return tmp_path


def test_the_signed_in_person_is_shown_not_typed(
    qtbot, sqlite_services: Services, settings_home
) -> None:
    """The name in the history comes from the sign-in, never from a text box here."""
    window = open_window(qtbot, sqlite_services, UserSettings())
    panel = window.show_panel("settings")
    assert panel.signed_in.text() == "テスト職員（管理者）"
    assert not hasattr(panel, "recorder_edit")


def test_a_url_with_a_password_is_refused_and_never_written(
    qtbot, sqlite_services: Services, settings_home
) -> None:
    window = open_window(qtbot, sqlite_services, UserSettings())
    panel = window.show_panel("settings")
    panel.db_edit.setText("postgresql+psycopg://staff:secret@db.city.local/komoro")
    assert not panel.apply_database()
    assert panel.banner.level == "error"
    assert "KOMORO_DATABASE_URL" in panel.banner.text()
    assert not (settings_home / "settings.json").exists()

    panel.db_edit.setText("postgresql+psycopg://staff@db.city.local/komoro")
    assert panel.apply_database()
    saved = json.loads((settings_home / "settings.json").read_text("utf-8"))
    assert saved["database_url"] == "postgresql+psycopg://staff@db.city.local/komoro"
    assert "再起動" in panel.db_apply.text() or "次回の起動" in panel.banner.text()


def test_a_plain_path_becomes_an_sqlite_url(tmp_path) -> None:
    assert (
        settings_database_url(str(tmp_path / "k.sqlite3")) == f"sqlite:///{tmp_path / 'k.sqlite3'}"
    )
    assert settings_database_url("  ") == ""


def test_large_text_applies_at_once(qtbot, sqlite_services: Services, settings_home) -> None:
    window = open_window(qtbot, sqlite_services, UserSettings())
    panel = window.show_panel("settings")
    try:
        panel.size_combo.setCurrentIndex(1)
        panel.size_combo.activated.emit(1)
        assert QApplication.font().pointSize() == LARGE_POINT_SIZE
        assert window.menu.large_text_action.isChecked()
        assert UserSettings.load().large_text
    finally:
        window.apply_text_size(False)
    assert QApplication.font().pointSize() == NORMAL_POINT_SIZE


def test_ward_admin_adds_a_quasi_ward_renames_and_merges(qtbot, sqlite_services: Services) -> None:
    window = open_window(qtbot, sqlite_services, UserSettings())
    dialog = window.show_panel("settings").open_ward_admin()
    district = sqlite_services.catalog.district_by_name("南大井")
    assert dialog.add_ward(district.id, "新しい準区", quasi=True)
    ward = sqlite_services.catalog.ward_by_name("新しい準区")
    assert ward.kind == "quasi"
    assert dialog.rename_ward(ward.id, "改名した準区")
    target = sqlite_services.catalog.ward_by_name("改名した準区")
    source = next(w for w in district.wards if w.id != target.id)
    assert dialog.merge_wards([source.id], target.id)
    assert source.id not in {w.id for w in sqlite_services.catalog.wards()}
    assert not dialog.merge_wards([target.id], target.id)  # refused with the service's message
    assert dialog.banner.level == "error"
    # Readings: what the dictionary did not give, the administrator does (kept as katakana).
    assert dialog.set_reading(target.id, "かいめいしたじゅんく")
    assert sqlite_services.catalog.ward_by_name("改名した準区").reading == "カイメイシタジュンク"
    rows = [
        dialog.tree.topLevelItem(i).child(j)
        for i in range(dialog.tree.topLevelItemCount())
        for j in range(dialog.tree.topLevelItem(i).childCount())
    ]
    assert any(r.text(1) == "カイメイシタジュンク" for r in rows)
    dialog.close()


def test_department_and_staff_admin(qtbot, sqlite_services: Services) -> None:
    window = open_window(qtbot, sqlite_services, UserSettings())
    panel = window.show_panel("settings")
    deps = panel.open_department_admin()
    assert deps.add_department("デジタル推進課")
    dep = sqlite_services.catalog.department_by_name("デジタル推進課")
    assert deps.rename_department(dep.id, "DX推進課")
    assert deps.set_active(dep.id, False)
    assert "DX推進課" not in {d.name for d in sqlite_services.catalog.departments()}
    assert not deps.add_department("")  # refused
    deps.close()
    staff = panel.open_staff_admin()
    assert staff.add_staff("浅間 一郎", dep.id)
    person = next(s for s in sqlite_services.catalog.staff() if s.name == "浅間 一郎")
    assert staff.rename_staff(person.id, "浅間 一朗")
    assert staff.set_active(person.id, False)
    assert "浅間 一朗" not in {s.name for s in sqlite_services.catalog.staff()}
    staff.close()


def test_an_unreachable_server_offers_the_local_file_instead_of_quitting(
    qtbot, settings_home
) -> None:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QInputDialog, QMessageBox

    from komoro_feedback.ui.app import _open_or_fall_back

    settings = UserSettings(database_url="postgresql+psycopg://staff@127.0.0.1:1/komoro")
    settings.save()
    seen: list[str] = []

    def answer_dialogs() -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, QInputDialog):  # the password prompt: cancelled
            seen.append("password")
            box.reject()
        elif isinstance(box, QMessageBox):
            seen.append(box.text())
            box.button(QMessageBox.StandardButton.Yes).click()

    timer = QTimer()
    timer.timeout.connect(answer_dialogs)
    timer.start(20)
    services = _open_or_fall_back(settings)
    timer.stop()
    assert services is not None
    try:
        assert any("標準のデータベースファイルで起動しますか" in s for s in seen)
        assert services.db.sqlite_path == settings_home / "komoro-feedback.sqlite3"
        assert services.catalog.programme().pillars  # a working, seeded database
        assert UserSettings.load().database_url == ""
    finally:
        services.close()


def test_era_date_style_shows_reiwa_in_the_meetings_list(
    qtbot, sqlite_services: Services, settings_home
) -> None:
    from datetime import datetime

    from komoro_feedback.domain.comment import MeetingDraft
    from komoro_feedback.domain.enums import MeetingKind

    sqlite_services.meetings.create(
        MeetingDraft(MeetingKind.TOWN_MEETING, "和暦の確認", datetime(2025, 6, 1, 19))
    )
    window = open_window(qtbot, sqlite_services, UserSettings())
    settings_panel = window.show_panel("settings")
    settings_panel.date_combo.setCurrentIndex(1)
    settings_panel.date_combo.activated.emit(1)
    assert UserSettings.load().date_style == "era"
    meetings = window.show_panel("meetings")
    assert meetings.table.topLevelItem(0).text(0).startswith("令和7年6月1日")


def test_privacy_dialog_sets_the_retention_period_and_removes_expired_names(
    qtbot, sqlite_services: Services
) -> None:
    sv = sqlite_services
    old = record(
        sv,
        "古い意見",
        received=date.today() - timedelta(days=800),
        speaker=SpeakerContact("甲", "1"),
    )
    new = record(sv, "新しい意見", received=date.today(), speaker=SpeakerContact("乙", "2"))
    window = open_window(qtbot, sv, UserSettings())
    panel = window.show_panel("settings")
    dialog = panel.open_privacy()
    assert "2 件" in dialog.state.text() and "決められていません" in dialog.state.text()
    assert not dialog.purge_button.isEnabled()  # no rule, nothing expired
    dialog.months.setValue(24)
    assert dialog.save()
    assert sv.privacy.status().months == 24
    assert "過ぎたもの" in dialog.state.text() and "1 件。" in dialog.state.text()
    assert dialog.purge_button.isEnabled()
    assert dialog.purge_now() == 1
    assert "1 件の意見から氏名・連絡先を削除しました" in dialog.banner.text()
    assert (
        sv.comments.speaker(old.id, PURPOSE) is None
        and sv.comments.speaker(new.id, PURPOSE) is not None
    )
    assert not dialog.purge_button.isEnabled()
    dialog.close()


def test_privacy_dialog_says_when_a_reader_holds_the_old_data_back(
    qtbot, sqlite_services: Services
) -> None:
    import sqlite3

    sv = sqlite_services
    record(
        sv,
        "古い意見",
        received=date.today() - timedelta(days=800),
        speaker=SpeakerContact("甲", "1"),
    )
    sv.privacy.set_retention_months(24)
    path = sv.db.sqlite_path
    assert path is not None
    reader = sqlite3.connect(path, isolation_level=None)  # another program, mid-read
    reader.execute("BEGIN")
    reader.execute("SELECT count(*) FROM comment").fetchone()
    window = open_window(qtbot, sv, UserSettings())
    dialog = window.show_panel("settings").open_privacy()
    try:
        dialog.purge_now()
        assert dialog.banner.level == "warning" and "もう一度" in dialog.banner.text()
        if os.environ.get("KOMORO_SHOTS"):  # a folder to keep screenshots for review
            dialog.grab().save(os.path.join(os.environ["KOMORO_SHOTS"], "purge-not-yet.png"))
        reader.execute("COMMIT")
        dialog.purge_now()
        assert dialog.banner.level == "ok"
    finally:
        reader.close()
        dialog.close()


def test_start_up_housekeeping_applies_the_rule_before_the_backup(
    sqlite_services: Services, settings_home
) -> None:
    from komoro_feedback.ui.app import _housekeeping

    sv = sqlite_services
    name = "期限切レノ氏名QZ"
    old = record(
        sv,
        "古い意見",
        received=date.today() - timedelta(days=800),
        speaker=SpeakerContact(name, ""),
    )
    sv.privacy.set_retention_months(12)
    _housekeeping(sv)
    assert sv.comments.speaker(old.id, PURPOSE) is None
    [copy] = (settings_home / "backups" / "daily").glob("komoro-*.sqlite3")
    assert name.encode() not in copy.read_bytes()  # the new backup never held the name
