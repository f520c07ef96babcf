"""Shared fixtures: real databases (an SQLite file per test; PostgreSQL when configured).

Store and service tests take `services` (or `db_url`), which runs them on every configured
backend: SQLite always, PostgreSQL when KOMORO_TEST_PG_URL points at a server where we may
create databases (scripts/test starts a throwaway one). A test that only one backend can run
asks for `sqlite_services` and says why.
"""

from __future__ import annotations

import atexit
import faulthandler
import os
import shutil
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Settings and the default database go to a throwaway folder, never the developer's home.
os.environ["KOMORO_DATA_DIR"] = _TEST_HOME = tempfile.mkdtemp(prefix="komoro-test-home-")
os.environ.pop("KOMORO_DATABASE_URL", None)
# With no saved language the CLI takes the OS locale's: pin one that means the default (ja).
os.environ.pop("LANGUAGE", None)
os.environ.pop("LC_ALL", None)
os.environ.pop("LC_MESSAGES", None)
os.environ["LANG"] = "C.UTF-8"

from komoro_feedback.i18n.translation import set_language
from komoro_feedback.services.actor import Actor
from komoro_feedback.services.container import Services
from komoro_feedback.store.database import Database
from tests.helpers import TEST_PACKAGE_KEYS, TEST_USER, assert_tally_exact

atexit.register(shutil.rmtree, _TEST_HOME, ignore_errors=True)  # hundreds piled up in /tmp
PG_URL = os.environ.get("KOMORO_TEST_PG_URL", "")
HUNG_TEST_SECONDS = 240
BACKENDS = ["sqlite", "postgresql"] if PG_URL else ["sqlite"]


@pytest.fixture(autouse=True)
def _japanese_by_default() -> Iterator[None]:
    set_language("ja")
    yield
    set_language("ja")


@pytest.fixture(autouse=True)
def _qt_objects_die_on_the_gui_thread(request: pytest.FixtureRequest) -> Iterator[None]:
    """What the app does (ui/gc_guard.py): cyclic garbage is collected on the GUI thread only.

    Torn down after pytest-qt has closed the test's windows (deleteLater): they are destroyed
    here, on this thread, so a worker thread still busy for them can never be the one to
    free them - which once hung CI for its whole 90 minutes.
    """
    if "qtbot" not in request.fixturenames:
        yield
        return
    from PySide6.QtCore import QCoreApplication, QEvent

    from komoro_feedback.ui.gc_guard import GuiThreadCollector

    request.getfixturevalue("qapp")
    collector = GuiThreadCollector()
    yield
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    collector.stop()
    collector.deleteLater()


@pytest.fixture(autouse=True)
def _a_hung_test_ends_the_run(request: pytest.FixtureRequest) -> Iterator[None]:
    """A test stuck for minutes (a deadlock, a modal dialog nobody closes) ends the run at once,
    printing every thread's stack, instead of waiting out CI's time limit with no clue.

    faulthandler's watchdog is C code that needs no GIL, so even a thread deadlocked inside
    Qt while holding the GIL is reported.
    """
    faulthandler.dump_traceback_later(HUNG_TEST_SECONDS, exit=True)
    yield
    faulthandler.cancel_dump_traceback_later()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated and seeded SQLite file, built once and copied for each test."""
    path = tmp_path_factory.mktemp("template") / "template.sqlite3"
    db = Database(f"sqlite:///{path}")
    Services.build(db, Actor(TEST_USER)).setup.initialise()
    with db.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    db.dispose()
    return path


@pytest.fixture
def sqlite_url(sqlite_template: Path, tmp_path: Path) -> str:
    path = tmp_path / "komoro.sqlite3"
    shutil.copy(sqlite_template, path)
    return f"sqlite:///{path}"


@pytest.fixture(scope="session")
def pg_template() -> str | None:
    """Name of a migrated, seeded PostgreSQL template database (None without a server)."""
    if not PG_URL:
        return None
    from sqlalchemy import create_engine, text

    name = f"komoro_tpl_{uuid.uuid4().hex[:8]}"
    admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    db = Database(_pg_db_url(name))
    Services.build(db, Actor(TEST_USER)).setup.initialise()
    db.dispose()
    admin.dispose()
    return name


def _pg_db_url(name: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(PG_URL).set(database=name).render_as_string(hide_password=False)


@pytest.fixture
def pg_url(pg_template: str | None) -> Iterator[str]:
    if pg_template is None:
        pytest.skip("KOMORO_TEST_PG_URL is not set")
    from sqlalchemy import create_engine, text

    name = f"komoro_t_{uuid.uuid4().hex[:10]}"
    admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{pg_template}"'))
    yield _pg_db_url(name)
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(params=BACKENDS)
def db_url(request: pytest.FixtureRequest) -> str:
    """A fresh, seeded database on each configured backend."""
    fixture = "sqlite_url" if request.param == "sqlite" else "pg_url"
    return str(request.getfixturevalue(fixture))


def _services(url: str) -> Iterator[Services]:
    sv = Services.build(Database(url), Actor(TEST_USER), package_keys=TEST_PACKAGE_KEYS)
    yield sv
    # Whatever the test wrote, the counts tally must still equal a recount of the comments.
    if _still_a_komoro_database(sv):
        assert_tally_exact(sv)
    sv.close()


def _still_a_komoro_database(sv: Services) -> bool:
    """False when a test left a database that is no longer ours (a restore of a broken file)."""
    from sqlalchemy import inspect

    try:
        with sv.db.engine.connect() as conn:
            return inspect(conn).has_table("comment_tally")
    except Exception:
        return False


@pytest.fixture
def services(db_url: str) -> Iterator[Services]:
    yield from _services(db_url)


@pytest.fixture
def sqlite_services(sqlite_url: str) -> Iterator[Services]:
    yield from _services(sqlite_url)


@pytest.fixture
def laptop(sqlite_template: Path, tmp_path: Path) -> Iterator[Services]:
    """A second installation: its own SQLite file and installation id (a recorder's laptop)."""
    from komoro_feedback.store.settings_repository import INSTALLATION_ID, SettingsRepository

    path = tmp_path / "laptop.sqlite3"
    shutil.copy(sqlite_template, path)
    sv = Services.build(
        Database(f"sqlite:///{path}"), Actor("記録係A"), package_keys=TEST_PACKAGE_KEYS
    )
    with sv.db.write() as s:
        SettingsRepository().put(s, INSTALLATION_ID, str(uuid.uuid4()))
    yield sv
    assert_tally_exact(sv)
    sv.close()
