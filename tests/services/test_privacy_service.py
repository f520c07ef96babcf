"""Personal data retention: names and contacts go when their time is up; comments stay."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from komoro_feedback.domain.comment import SpeakerContact
from komoro_feedback.domain.errors import ValidationError
from komoro_feedback.domain.privacy import PURGED_MARK, PurgeResult, months_before
from komoro_feedback.domain.query import CommentFilter
from komoro_feedback.services.container import Services
from tests.helpers import PURPOSE, audit_user, meeting, record

TODAY = date(2026, 11, 27)


def _with_speakers(sv: Services) -> dict[str, str]:
    """Three comments with personal data: 3 years, 13 months and 1 month old."""
    ids = {}
    for label, day in (
        ("old", date(2023, 11, 1)),
        ("year", date(2025, 10, 20)),
        ("new", date(2026, 10, 30)),
    ):
        c = record(
            sv,
            f"{label}: 街灯が暗い",
            received=day,
            speaker=SpeakerContact(f"市民{label}太郎", "0267-00-0000"),
        )
        ids[label] = c.id
    return ids


def test_months_before_keeps_the_day_or_takes_the_last_of_a_short_month() -> None:
    assert months_before(date(2026, 11, 27), 12) == date(2025, 11, 27)
    assert months_before(date(2026, 3, 31), 1) == date(2026, 2, 28)
    assert months_before(date(2024, 3, 31), 1) == date(2024, 2, 29)
    assert months_before(date(2026, 1, 15), 1) == date(2025, 12, 15)
    assert months_before(date(2026, 11, 27), 36) == date(2023, 11, 27)


def test_no_rule_means_nothing_is_removed(services: Services) -> None:
    _with_speakers(services)
    status = services.privacy.status(TODAY)
    assert (status.months, status.cutoff, status.with_speaker, status.expired) == (None, None, 3, 0)
    assert services.privacy.purge_expired(TODAY).purged == 0
    assert services.privacy.status(TODAY).with_speaker == 3


def test_expired_names_go_the_comments_and_their_text_stay(services: Services) -> None:
    ids = _with_speakers(services)
    services.privacy.set_retention_months(12)
    status = services.privacy.status(TODAY)
    assert status.months == 12 and status.cutoff == date(2025, 11, 27)
    assert (status.with_speaker, status.expired) == (3, 2)

    assert services.privacy.purge_expired(TODAY).purged == 2
    assert services.comments.speaker(ids["old"], PURPOSE) is None
    assert services.comments.speaker(ids["year"], PURPOSE) is None
    assert services.comments.speaker(ids["new"], PURPOSE) == SpeakerContact(
        "市民new太郎", "0267-00-0000"
    )
    assert not services.comments.get(ids["old"]).has_speaker
    assert services.comments.get(ids["old"]).text == "old: 街灯が暗い"
    assert services.queries.count(CommentFilter()) == 3
    # The history says the data was removed and by whom, and never what it was.
    history = services.comments.history(ids["old"])
    [entry] = [a for a in history.audit if a.field == "speaker"]
    assert entry.after == PURGED_MARK and entry.changed_by == audit_user(services)
    assert all("市民old太郎" not in f"{a.before}{a.after}" for a in history.audit)
    assert services.privacy.purge_expired(TODAY).purged == 0  # nothing left to do


def test_retention_is_checked_and_can_be_switched_off(services: Services) -> None:
    with pytest.raises(ValidationError, match="保存期間"):
        services.privacy.set_retention_months(1000)
    services.privacy.set_retention_months(24)
    assert services.privacy.status(TODAY).months == 24
    services.privacy.set_retention_months(None)
    assert services.privacy.status(TODAY).months is None


def test_an_import_cannot_bring_expired_names_back(
    services: Services, laptop: Services, tmp_path: Path
) -> None:
    mid = meeting(laptop, "古い会議", date(2024, 5, 1))
    # The import applies the rule on its own clock: dates relative to the real today.
    recent, old = date.today() - timedelta(days=20), date.today() - timedelta(days=900)
    for name, day in (("市民花子", old), ("市民次郎", recent)):
        record(
            laptop,
            f"{name}: 公民館の雨漏り",
            meeting_id=mid,
            received=day,
            speaker=SpeakerContact(name, "0267-11-1111"),
        )
    package = tmp_path / "laptop.komoro"
    laptop.packages.export_meeting(mid, package, with_speakers=True)
    services.privacy.set_retention_months(12)  # city hall's rule

    services.packages.import_package(package)
    assert services.queries.count(CommentFilter()) == 2
    status = services.privacy.status()
    assert (status.with_speaker, status.expired) == (1, 0)  # only the recent name came in


def test_a_spreadsheet_of_old_paper_forms_keeps_no_expired_names(
    services: Services, tmp_path: Path
) -> None:
    services.privacy.set_retention_months(12)
    recent, old = date.today() - timedelta(days=20), date.today() - timedelta(days=900)
    path = tmp_path / "paper.csv"
    path.write_text(
        "本文,区,政策コード,受付日,氏名,連絡先\r\n"
        f"古い用紙の意見,乙女,1-04,{old},市民一郎,0267-22-2222\r\n"
        f"新しい用紙の意見,乙女,1-04,{recent},市民二郎,0267-33-3333\r\n",
        encoding="utf-8",
    )
    services.imports.commit(services.imports.preview(path))
    assert services.queries.count(CommentFilter()) == 2
    status = services.privacy.status()
    assert (status.with_speaker, status.expired) == (1, 0)


def test_sqlite_file_keeps_no_trace_of_a_removed_name(sqlite_services: Services) -> None:
    """SQLite only: the bytes of the file itself (PostgreSQL reclaims by VACUUM, city IT's)."""
    sv = sqlite_services
    secret = "秘密ノ名前ZQX"
    record(sv, "バス停に屋根を", received=date(2023, 1, 10), speaker=SpeakerContact(secret, "x"))
    path = sv.db.sqlite_path
    assert path is not None
    sv.privacy.set_retention_months(12)
    assert sv.privacy.purge_expired(TODAY) == PurgeResult(1, settled=True)
    sv.db.dispose()
    needle = secret.encode()
    for f in (path, path.with_name(path.name + "-wal")):
        if f.exists():
            assert needle not in f.read_bytes(), f.name


def test_a_purge_under_a_reader_says_not_yet_then_finishes(sqlite_services: Services) -> None:
    """SQLite only: another connection in a read transaction keeps the old pages alive."""
    import sqlite3

    sv = sqlite_services
    secret = "読者中ノ名前QZW"
    c = record(
        sv, "街灯を増やして", received=date(2023, 1, 10), speaker=SpeakerContact(secret, "x")
    )
    path = sv.db.sqlite_path
    assert path is not None
    sv.privacy.set_retention_months(12)
    reader = sqlite3.connect(path, isolation_level=None)
    reader.execute("BEGIN")
    reader.execute("SELECT count(*) FROM comment").fetchone()  # holds a read snapshot

    first = sv.privacy.purge_expired(TODAY, wait_ms=100)
    assert first == PurgeResult(1, settled=False)
    assert sv.comments.speaker(c.id, PURPOSE) is None  # the rows are changed and committed
    needle = secret.encode()
    files = (path, path.with_name(path.name + "-wal"))
    assert any(f.exists() and needle in f.read_bytes() for f in files)  # still there: not done

    reader.execute("COMMIT")
    reader.close()
    assert sv.privacy.purge_expired(TODAY, wait_ms=100) == PurgeResult(0, settled=True)
    for f in files:  # without closing the app's connections: the bytes are gone already
        if f.exists():
            assert needle not in f.read_bytes(), f.name
