"""Two app instances on one database: no lost update, lists learn of changes, locks reported."""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from komoro_feedback.domain.comment import CommentEdit
from komoro_feedback.domain.errors import ConflictError, StorageError
from komoro_feedback.domain.query import CommentFilter
from komoro_feedback.services.actor import Actor
from komoro_feedback.services.container import Services
from komoro_feedback.store import database, shared_folder
from komoro_feedback.store.database import Database
from tests.helpers import record


@pytest.fixture
def other(db_url: str, services: Services) -> Iterator[Services]:
    """A second instance (own engine and pool) on the same database, like a second laptop."""
    sv = Services.build(Database(db_url), Actor("別の職員"))
    yield sv
    sv.close()


def test_stale_edit_is_refused_with_who_changed_it(services: Services, other: Services) -> None:
    c = record(services, "保育園の送迎で道が混む")
    seen_here = services.comments.get(c.id)
    seen_there = other.comments.get(c.id)
    other.comments.edit(CommentEdit(c.id, seen_there.version, text="保育園の送迎で朝が混む"))
    with pytest.raises(ConflictError, match="別の職員"):
        services.comments.edit(CommentEdit(c.id, seen_here.version, text="私の変更"))
    assert services.comments.get(c.id).text == "保育園の送迎で朝が混む"


def test_simultaneous_edits_one_wins_the_other_is_told(services: Services, other: Services) -> None:
    """Both start from the same version at the same moment: exactly one save succeeds."""
    c = record(services, "街灯が暗い")
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def save(sv: Services, text: str) -> None:
        barrier.wait()
        try:
            sv.comments.edit(CommentEdit(c.id, c.version, text=text))
            outcomes.append("saved")
        except ConflictError:
            outcomes.append("conflict")

    threads = [
        threading.Thread(target=save, args=(services, "街灯が暗い（一）")),
        threading.Thread(target=save, args=(other, "街灯が暗い（二）")),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert sorted(outcomes) == ["conflict", "saved"]
    final = services.comments.get(c.id)
    assert final.version == c.version + 1
    assert final.text in ("街灯が暗い（一）", "街灯が暗い（二）")


def test_change_token_moves_when_another_instance_writes(
    services: Services, other: Services
) -> None:
    before = services.changes.change_token()
    services.queries.count(CommentFilter())  # reading is not a change
    other.queries.count(CommentFilter())
    assert services.changes.change_token() == before  # nothing happened: no refresh
    c = record(other, "ごみ集積所の場所")
    assert _eventually(lambda: services.changes.change_token() != before)
    mid = services.changes.change_token()
    other.comments.edit(CommentEdit(c.id, c.version, text="ごみ集積所の場所を変えて"))
    assert _eventually(lambda: services.changes.change_token() != mid)
    assert services.queries.count(CommentFilter(text="集積所")) == 1


def _eventually(check: object, seconds: float = 5.0) -> bool:
    """PostgreSQL delivers NOTIFY asynchronously (milliseconds); SQLite is immediate."""
    assert callable(check)
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.02)
    return bool(check())


# SQLite only: a file lock held by another process is an SQLite matter; PostgreSQL locks rows
# (its lock_timeout path is covered by the message mapping test below).
def test_locked_sqlite_file_is_retried_then_reported(
    sqlite_services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(database, "BUSY_TIMEOUT_MS", 400)
    path = sqlite_services.db.sqlite_path
    assert path is not None
    sv = Services.build(Database(f"sqlite:///{path}"), Actor("テスト職員"))
    try:
        blocker = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        blocker.execute("BEGIN IMMEDIATE")  # another laptop in the middle of a save
        # Released within the busy timeout: the save waits and succeeds.
        timer = threading.Timer(0.1, lambda: blocker.execute("COMMIT"))
        timer.start()
        saved = record(sv, "少し待てば保存できる")
        timer.join()
        assert sv.comments.get(saved.id).text == "少し待てば保存できる"

        blocker.execute("BEGIN IMMEDIATE")
        started = time.monotonic()
        with pytest.raises(StorageError, match="ロック中") as info:
            record(sv, "ロック中に入力した意見")
        assert time.monotonic() - started >= 0.3  # it waited (retried) before reporting
        assert "入力内容はそのままです" in str(info.value)
        blocker.execute("ROLLBACK")
        blocker.close()
        # The user's text was not lost: saving again works once the lock is gone.
        record(sv, "ロック中に入力した意見")
        assert sv.queries.count(CommentFilter(text="ロック中に入力")) == 1
    finally:
        sv.close()


def test_postgres_row_lock_is_waited_for_then_reported(
    pg_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """PostgreSQL only (SQLite locks the whole file, above): another session holds the row."""
    import psycopg
    from sqlalchemy.engine import make_url

    monkeypatch.setattr(database, "BUSY_TIMEOUT_MS", 400)
    sv = Services.build(Database(pg_url), Actor("テスト職員"))
    try:
        c = record(sv, "行ロック中の意見")
        dsn = make_url(pg_url).set(drivername="postgresql").render_as_string(hide_password=False)
        with psycopg.connect(dsn) as blocker:
            blocker.execute("SELECT 1 FROM comment WHERE id = %s FOR UPDATE", (c.id,))
            started = time.monotonic()
            with pytest.raises(StorageError, match="ロック中"):
                sv.comments.edit(CommentEdit(c.id, c.version, text="待たされる編集"))
            assert time.monotonic() - started >= 0.3
            blocker.rollback()
        sv.comments.edit(CommentEdit(c.id, c.version, text="待たされる編集"))
        assert sv.comments.get(c.id).text == "待たされる編集"
    finally:
        sv.close()


# SQLite only: the journal mode for a file in a shared folder is an SQLite matter.
def test_file_in_a_shared_folder_uses_the_rollback_journal(
    sqlite_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    mounts = tmp_path / "mounts"
    mounts.write_text(
        "/dev/sda1 / ext4 rw 0 0\n//fileserver/kocho /mnt/kocho cifs rw 0 0\n", encoding="utf-8"
    )
    assert shared_folder._mount_type(Path("/mnt/kocho/komoro.sqlite3"), str(mounts)) == "cifs"
    assert shared_folder._mount_type(Path("/home/staff/komoro.sqlite3"), str(mounts)) == "ext4"
    assert shared_folder.journal_mode_for(tmp_path / "local.sqlite3") == "WAL"

    # Two instances on one file with the rollback journal (as in a shared folder).
    monkeypatch.setenv(shared_folder.ENV_JOURNAL, "delete")
    first = Services.build(Database(sqlite_url), Actor("一台目"))
    second = Services.build(Database(sqlite_url), Actor("二台目"))
    try:
        with first.db.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "delete"
        token = first.changes.change_token()
        c = record(first, "集会所の雪かき")
        second.comments.edit(CommentEdit(c.id, c.version, text="集会所の雪かきをお願い"))
        with pytest.raises(ConflictError, match="二台目"):
            first.comments.edit(CommentEdit(c.id, c.version, text="古い版からの変更"))
        assert first.changes.change_token() != token
        assert first.comments.get(c.id).text == "集会所の雪かきをお願い"
    finally:
        first.close()
        second.close()


# SQLite only: the file's folder name is an SQLite matter (a PostgreSQL URL names no folder).
def test_shared_file_in_a_japanese_named_folder(tmp_path: Path) -> None:
    """Windows user folders are often Japanese (C:\\Users\\小諸太郎): start, share, watch."""
    folder = tmp_path / "小諸太郎 #共有"
    folder.mkdir()
    url = f"sqlite:///{folder / 'komoro.sqlite3'}"
    first = Services.build(Database(url), Actor("一台目"))
    second = Services.build(Database(url), Actor("二台目"))
    try:
        first.setup.initialise()  # migrations: the percent-encoded path must not break them
        token = first.changes.change_token()
        record(second, "共有フォルダの意見")
        assert first.changes.change_token() != token
        assert first.queries.count(CommentFilter(text="共有フォルダ")) == 1
    finally:
        first.close()
        second.close()
