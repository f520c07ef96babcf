"""On a ready plain file the sign-in dialog shows before the services (and SQLAlchemy) load;
the person chosen there is the one signed in once they open. Other files keep the usual way."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import text

from komoro_feedback.config import UserSettings
from komoro_feedback.domain.roles import Role
from komoro_feedback.services.actor import Actor
from komoro_feedback.services.container import Services
from komoro_feedback.services.quick_catalog import QuickStaffList
from komoro_feedback.store.database import Database

from komoro_feedback.ui.app import sign_in
from komoro_feedback.ui.dialogs.sign_in_dialog import SignInDialog

ROOT = Path(__file__).resolve().parents[2]

#: The app started as a person would: the dialog is answered with Enter when it shows.
START = r"""
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
app = QApplication(["komoro-feedback"])
seen = {}

def check():
    for w in app.topLevelWidgets():
        if type(w).__name__ == "SignInDialog" and w.isVisible() and "dialog" not in seen:
            seen["dialog"] = "sqlalchemy" in sys.modules
            w.sign_in()
        if type(w).__name__ == "MainWindow" and w.isVisible():
            print("DIALOG_WITH_SQLALCHEMY", seen.get("dialog"))
            print("TITLE", w.windowTitle())
            app.quit()
            return
    QTimer.singleShot(1, check)

QTimer.singleShot(0, check)
from komoro_feedback.ui.app import run_gui
run_gui(["komoro-feedback"])
"""


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("KOMORO_DATA_DIR", str(tmp_path / "home"))
    return tmp_path / "home"


@pytest.fixture
def staffed_file(sqlite_services: Services) -> Path:
    sqlite_services.catalog.add_staff("管理 一郎", role=Role.ADMINISTRATOR)
    sqlite_services.catalog.add_staff("記録 花子", role=Role.RECORDER)
    path = sqlite_services.db.sqlite_path
    assert path is not None
    return path


def test_the_person_chosen_before_opening_is_signed_in_after(
    qtbot, staffed_file: Path, home: Path
) -> None:
    staff = QuickStaffList.open(staffed_file)
    assert staff is not None
    dialog = SignInDialog(staff, UserSettings(recorder="記録 花子"))
    qtbot.addWidget(dialog)
    assert [dialog.person.itemData(i) for i in range(dialog.person.count())] == [
        "管理 一郎",
        "記録 花子",
    ]
    assert dialog.person.currentData() == "記録 花子"  # last time's choice, as always
    dialog.person.setCurrentIndex(0)
    assert dialog.sign_in() and dialog.chosen == "管理 一郎"

    services = Services.build(Database(f"sqlite:///{staffed_file}"), Actor("x"))
    assert sign_in(services, UserSettings(), dialog.chosen)
    assert (services.actor.name, services.actor.role) == ("管理 一郎", Role.ADMINISTRATOR)
    services.close()


def test_files_that_need_something_first_are_opened_before_the_dialog(
    staffed_file: Path, tmp_path: Path
) -> None:
    assert QuickStaffList.open(tmp_path / "missing.sqlite3") is None
    db = Database(f"sqlite:///{staffed_file}")
    with db.engine.begin() as conn:  # the administrator requires encryption: refused first
        conn.execute(
            text("INSERT INTO app_setting (key, value) VALUES ('require_encryption', '1')")
        )
    assert QuickStaffList.open(staffed_file) is None
    with db.engine.begin() as conn:  # a migration is due: made (with its backup) first
        conn.execute(text("DELETE FROM app_setting WHERE key = 'require_encryption'"))
        conn.execute(text("UPDATE alembic_version SET version_num = '0007'"))
    db.dispose()
    assert QuickStaffList.open(staffed_file) is None


def test_the_app_asks_who_is_there_before_loading_sqlalchemy(
    sqlite_url: str, tmp_path: Path
) -> None:
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "KOMORO_DATA_DIR": str(tmp_path / "home"),
        "KOMORO_DATABASE_URL": sqlite_url,
        "PYTHONPATH": str(ROOT),
    }
    done = subprocess.run(
        [sys.executable, "-c", START],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
    )
    lines = dict(line.split(" ", 1) for line in done.stdout.splitlines() if " " in line)
    assert lines.get("DIALOG_WITH_SQLALCHEMY") == "False", done.stdout + done.stderr
    assert "初期設定の管理者" in lines["TITLE"]  # no staff list yet: the setup administrator
