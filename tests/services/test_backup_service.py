"""Backups while in use, checked restores that refuse bad files, rotation, integrity check."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from komoro_feedback.domain.errors import ValidationError
from komoro_feedback.domain.query import CommentFilter, CommentQuery
from komoro_feedback.services.container import Services
from tests.helpers import record


def test_backup_then_restore_brings_the_data_back(
    sqlite_services: Services, tmp_path: Path
) -> None:
    sv = sqlite_services
    kept = record(sv, "バックアップ前の意見")
    out = sv.backups.backup(tmp_path / "b" / "copy.sqlite3")
    record(sv, "バックアップ後の意見")
    result = sv.backups.restore(out, tmp_path / "safety")
    assert [c.id for c in sv.queries.page(CommentQuery()).items] == [kept.id]
    assert result.safety.exists(), "the data before the restore is kept aside"
    assert result.verdict.has_manifest and not result.verdict.note


@pytest.mark.parametrize(
    "content", [b"not a database at all", b"SQLite format 3\x00" + b"\x00" * 50]
)
def test_restore_refuses_a_bad_file_and_changes_nothing(
    sqlite_services: Services, tmp_path: Path, content: bytes
) -> None:
    sv = sqlite_services
    record(sv, "残るべき意見")
    bad = tmp_path / "bad.sqlite3"
    bad.write_bytes(content)
    with pytest.raises(ValidationError):
        sv.backups.restore(bad, tmp_path / "safety")
    assert sv.queries.count(CommentFilter()) == 1
    assert not (tmp_path / "safety").exists()


def test_restore_refuses_a_foreign_sqlite_file(sqlite_services: Services, tmp_path: Path) -> None:
    import sqlite3

    other = tmp_path / "other.sqlite3"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE t (x)")
    with pytest.raises(ValidationError, match="Komoro Feedback"):
        sqlite_services.backups.restore(other, tmp_path / "safety")


def test_automatic_backups_rotate(sqlite_services: Services, tmp_path: Path) -> None:
    start = date(2026, 1, 1)
    for i in range(40):
        sqlite_services.backups.auto_backup(tmp_path, today=start + timedelta(days=i))
    assert len(list((tmp_path / "daily").glob("*.sqlite3"))) == 7
    assert len(list((tmp_path / "weekly").glob("*.sqlite3"))) == 4
    # each backup's manifest goes with it
    assert len(list((tmp_path / "daily").glob("*.manifest.json"))) == 7
    assert len(list((tmp_path / "weekly").glob("*.manifest.json"))) == 4
    newest = sorted((tmp_path / "daily").glob("*.sqlite3"))[-1].name
    assert newest == "komoro-20260209.sqlite3"


def test_check_reports_a_sound_database(services: Services) -> None:
    record(services, "整合性の確認")
    result = services.backups.check()
    assert result.ok and result.comments == 1
