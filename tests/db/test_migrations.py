"""Schema changes only through Alembic: head matches the models, upgrades keep rows."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from komoro_feedback.domain.errors import SchemaTooNewError
from komoro_feedback.domain.query import CommentFilter
from komoro_feedback.services.actor import Actor
from komoro_feedback.services.container import Services
from komoro_feedback.store.database import Database
from komoro_feedback.store.migrations import (
    alembic_config,
    current_revision,
    head_revision,
    upgrade,
)
from komoro_feedback.store.models import Base, include_object
from tests.helpers import assert_tally_exact


def _empty_db(tmp_path: Path, db_url: str) -> Database:
    if db_url.startswith("sqlite"):
        return Database(f"sqlite:///{tmp_path / 'empty.sqlite3'}")
    # PostgreSQL: the fixture's database is already at head; start from an empty schema.
    db = Database(db_url)
    with db.engine.begin() as conn:
        conn.exec_driver_sql("DROP SCHEMA public CASCADE; CREATE SCHEMA public")
    return db


def test_head_matches_the_models(tmp_path: Path, db_url: str) -> None:
    db = _empty_db(tmp_path, db_url)
    upgrade(db)
    with db.engine.connect() as conn:
        ctx = MigrationContext.configure(
            conn, opts={"include_object": include_object, "compare_type": True}
        )
        assert compare_metadata(ctx, Base.metadata) == []
    assert current_revision(db) == head_revision()
    db.dispose()


def _previous_of_head() -> str:
    script = ScriptDirectory.from_config(alembic_config())
    head = script.get_revision(script.get_current_head())
    assert head is not None and isinstance(head.down_revision, str)
    return head.down_revision


@pytest.mark.parametrize("start", ["0001", "previous"])
def test_upgrade_from_an_older_revision_keeps_rows(tmp_path: Path, db_url: str, start: str) -> None:
    db = _empty_db(tmp_path, db_url)
    start = _previous_of_head() if start == "previous" else start
    upgrade(db, start)
    sv = Services.build(db, Actor("移行テスト"))
    # Seed and record at revision 0001 with plain SQL, as an old app version would have.
    with db.engine.begin() as conn:
        conn.exec_driver_sql(
            "INSERT INTO programme (code, name, author, period_start, period_end, vision, "
            "is_current) VALUES ('old', '旧政策集', '', 2020, 2023, '', true)"
        )
        conn.exec_driver_sql(
            "INSERT INTO comment (id, seq, channel, received_on, kind, text, search_text, "
            "needs_answer, status, answer, spot_answer, age_band, gender, origin, created_at, "
            "created_by, updated_at, updated_by, deleted_by, version) VALUES "
            "('00000000-0000-7000-8000-000000000001', 1, 'letter', '2023-05-01', 'request', "
            "'旧版で記録した保育園の意見', '旧版で記録した保育園の意見', true, 'received', '', '', "
            "'', '', '', '2023-05-01 10:00:00', 'old', '2023-05-01 10:00:00', 'old', '', 1)"
        )
    sv.setup.initialise(backup_dir=tmp_path / "backups")
    assert current_revision(db) == head_revision()
    assert sv.queries.count(CommentFilter()) == 1
    assert_tally_exact(sv)  # the counts tally was filled from the comment already there
    assert [c.text for c in sv.queries.search("保育園").items] == ["旧版で記録した保育園の意見"]
    assert [c.text for c in sv.queries.search("園").items] == ["旧版で記録した保育園の意見"]
    assert {p.code for p in sv.catalog.programmes()} == {"old", "komoro-mirai-2024"}
    if db.is_sqlite:
        backups = list((tmp_path / "backups").glob(f"*.before-{start}-*"))
        assert len(backups) == 1, "the SQLite file is copied aside before migrating"
        with sqlite3.connect(backups[0]) as conn:
            assert conn.execute("SELECT version_num FROM alembic_version").fetchone() == (start,)
    sv.close()


def test_a_database_from_a_newer_app_is_refused(sqlite_url: str) -> None:
    db = Database(sqlite_url)
    with db.engine.begin() as conn:
        conn.exec_driver_sql("UPDATE alembic_version SET version_num = '9999_future'")
    with pytest.raises(SchemaTooNewError, match="新しいバージョン"):
        Services.build(db, Actor("x")).setup.initialise()
    with db.engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar() == (
            "9999_future"
        )
    db.dispose()
