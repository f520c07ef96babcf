"""A file of several write batches (store/bulk_append.BATCH): made one ahead while the last is
written, yet still all or nothing, with each comment in its own new meeting."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text

from komoro_feedback.domain.errors import StorageError
from komoro_feedback.domain.query import CommentFilter
from komoro_feedback.services.container import Services
from komoro_feedback.services.import_service import ImportRejected
from komoro_feedback.store.bulk_append import BATCH
from tests.helpers import assert_policy_copies_exact, schema_objects

ROWS = BATCH + 5  # the last five rows are a second batch
LAST_ID = "0b7f3c3e-5d1a-4c1e-9a65-6a1c2a7f0001"
MEETINGS = ("春の会", "夏の会", "秋の会")


def _file(tmp_path: Path, last_ward: str = "乙女") -> Path:
    """ROWS comments in three new meetings (by row number), the last with a given ID."""
    lines = ["ID,本文,区,政策コード,受付日,会議名"]
    for i in range(1, ROWS + 1):
        ward = last_ward if i == ROWS else ("乙女", "大久保", "耳取")[i % 3]
        cid = LAST_ID if i == ROWS else ""
        lines.append(
            f"{cid},保育園の送迎バス{i}便,{ward},1-0{1 + i % 5},2025-05-01,{MEETINGS[i % 3]}"
        )
    path = tmp_path / "many.csv"
    path.write_text("\r\n".join(lines), encoding="utf-8")
    return path


def _rows(sv: Services, sql: str) -> list[tuple[object, ...]]:
    with sv.db.read() as s:
        return [tuple(r) for r in s.execute(text(sql))]


def _nothing_written(sv: Services, schema: set[tuple[str, str]], audit: int) -> None:
    assert sv.queries.count(CommentFilter()) == 0
    assert sv.meetings.list() == []
    assert _rows(sv, "SELECT count(*) FROM comment_policy") == [(0,)]
    assert _rows(sv, "SELECT count(*) FROM status_history") == [(0,)]
    assert _rows(sv, "SELECT count(*) FROM audit_log") == [(audit,)]
    assert schema_objects(sv) == schema  # every index, key and trigger as before


def test_a_bad_row_in_the_last_batch_refuses_the_whole_file(
    services: Services, tmp_path: Path
) -> None:
    schema = schema_objects(services)
    audit = _rows(services, "SELECT count(*) FROM audit_log")[0][0]
    preview = services.imports.preview(_file(tmp_path, last_ward="どこにもない区"))
    assert [r.line for r in preview.problem_rows] == [ROWS + 1]  # the header is line 1
    with pytest.raises(ImportRejected) as refused:
        services.imports.commit(preview)
    assert f"{ROWS + 1}行目" in str(refused.value)
    _nothing_written(services, schema, audit)

    result = services.imports.commit(_file(tmp_path))
    assert (result.added, result.meetings_created) == (ROWS, 3)
    assert services.queries.count(CommentFilter()) == ROWS
    assert schema_objects(services) == schema
    assert_policy_copies_exact(services)
    assert _rows(services, "SELECT count(DISTINCT seq), count(*) FROM comment") == [(ROWS, ROWS)]
    # Each comment is in the meeting its row names (the new meetings' ids in file order).
    pairs = _rows(
        services, "SELECT c.text, m.title FROM comment c JOIN meeting m ON m.id = c.meeting_id"
    )
    assert len(pairs) == ROWS
    for body, title in pairs:
        row = int(str(body).removeprefix("保育園の送迎バス").removesuffix("便"))
        assert title == MEETINGS[row % 3]


def test_a_late_batch_the_database_refuses_leaves_nothing(
    services: Services, tmp_path: Path
) -> None:
    """The database refuses the last comment's rows while writing (a trigger stands in for a
    full disk): the batches already sent, the rebuilt indexes and the meetings all go."""
    schema = schema_objects(services)
    audit = _rows(services, "SELECT count(*) FROM audit_log")[0][0]
    if services.db.is_sqlite:  # a bulk load drops and restores the comment table's triggers
        refuse = [
            "CREATE TRIGGER refuse BEFORE INSERT ON audit_log "
            f"WHEN NEW.entity_id = '{LAST_ID}' BEGIN SELECT RAISE(ABORT, 'full'); END"
        ]
        allow = ["DROP TRIGGER refuse"]
    else:
        refuse = [
            "CREATE FUNCTION refuse() RETURNS trigger LANGUAGE plpgsql AS "
            "$$ BEGIN RAISE EXCEPTION 'full'; END $$",
            "CREATE TRIGGER refuse BEFORE INSERT ON comment FOR EACH ROW "
            f"WHEN (NEW.id = '{LAST_ID}') EXECUTE FUNCTION refuse()",
        ]
        allow = ["DROP TRIGGER refuse ON comment", "DROP FUNCTION refuse()"]
    with services.db.write() as s:
        for sql in refuse:
            s.execute(text(sql))
    refused_schema = schema_objects(services)
    with pytest.raises(StorageError):
        services.imports.commit(_file(tmp_path))
    _nothing_written(services, refused_schema, audit)
    with services.db.write() as s:
        for sql in allow:
            s.execute(text(sql))
    assert schema_objects(services) == schema
    assert services.imports.commit(_file(tmp_path)).added == ROWS
