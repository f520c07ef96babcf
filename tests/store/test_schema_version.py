"""The quick 'already at the head?' check agrees with Alembic."""

from __future__ import annotations

from pathlib import Path

from komoro_feedback.paths import db_dir
from komoro_feedback.store.database import Database
from komoro_feedback.store.migrations import head_revision
from komoro_feedback.store.schema_version import is_at_head, script_heads


def test_script_heads_is_alembics_head() -> None:
    assert script_heads(db_dir() / "versions") == {head_revision()}


def test_new_database_is_not_at_head_and_a_migrated_one_is(tmp_path: Path, sqlite_url: str) -> None:
    empty = Database(f"sqlite:///{tmp_path / 'new.sqlite3'}")
    assert not is_at_head(empty, db_dir() / "versions")
    empty.dispose()
    migrated = Database(sqlite_url)
    assert is_at_head(migrated, db_dir() / "versions")
    migrated.dispose()


def test_an_older_stamp_is_not_at_head(sqlite_url: str) -> None:
    db = Database(sqlite_url)
    with db.engine.begin() as conn:
        conn.exec_driver_sql("UPDATE alembic_version SET version_num = '0003'")
    assert not is_at_head(db, db_dir() / "versions")
    db.dispose()
