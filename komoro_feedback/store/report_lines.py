"""The rows a report prints for its comments: a dozen columns, read without Comment objects.

A policy report of 10,000 comments read them as full Comments (29 columns, the speaker-count
subquery, the ORM's type processing): ~0.36 s CPU where SQLite itself takes ~0.1 s. This
reads only what a printed line shows, in the list's received order, a page at a time; on
SQLite on the driver connection as stored values (ISO dates), elsewhere through Core.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session, aliased

from komoro_feedback.domain.enums import CommentKind, Status
from komoro_feedback.domain.query import CommentFilter
from komoro_feedback.store.comment_query import filter_conditions
from komoro_feedback.store.models import CommentRow, DepartmentRow, DistrictRow, WardRow
from komoro_feedback.store.raw_rows import sqlite_rows

C = CommentRow
_KINDS = {k.value: k for k in CommentKind}
_STATUSES = {s.value: s for s in Status}


@dataclass(frozen=True, slots=True)
class LineRow:
    """What a report prints of one comment (names "" where none is recorded)."""

    id: str
    seq: int
    received_on: date
    ward: str
    district: str
    kind: CommentKind
    status: Status
    text: str
    department: str
    answer: Any
    answered_on: date | None
    spot_answer: Any
    due_on: date | None


def handles(f: CommentFilter) -> bool:
    """Every filter but free text (search pages take their own ways)."""
    return not f.text.strip()


def line_rows(
    s: Session, f: CommentFilter, after: tuple[date, int] | None, limit: int
) -> list[LineRow]:
    """Up to `limit` rows of `f` in received order (then seq), after (received_on, seq)."""
    dialect = s.get_bind().dialect.name
    d = aliased(DistrictRow)
    conds = filter_conditions(f, dialect)
    if after is not None:
        day, seq = after
        conds.append(or_(C.received_on > day, and_(C.received_on == day, C.seq > seq)))
    stmt = (
        select(
            C.id,
            C.seq,
            C.received_on,
            WardRow.name,
            d.name,
            C.kind,
            C.status,
            C.text,
            DepartmentRow.name,
            C.answer,
            C.answered_on,
            C.spot_answer,
            C.due_on,
        )
        .outerjoin(WardRow, WardRow.id == C.ward_id)
        .outerjoin(d, d.id == WardRow.district_id)
        .outerjoin(DepartmentRow, DepartmentRow.id == C.department_id)
        .where(*conds)
        .order_by(C.received_on, C.seq)
        .limit(limit)
    )
    if dialect == "sqlite":
        return [_line(r, True) for r in sqlite_rows(s, stmt)]
    return [_line(tuple(r), False) for r in s.execute(stmt)]


def _line(r: Sequence[Any], stored: bool) -> LineRow:
    received, answered, due = r[2], r[10], r[12]
    if stored:  # SQLAlchemy's SQLite Date storage: ISO text
        received = date.fromisoformat(received)
        answered = None if answered is None else date.fromisoformat(answered)
        due = None if due is None else date.fromisoformat(due)
    return LineRow(
        r[0],
        r[1],
        received,
        r[3] or "",
        r[4] or "",
        _KINDS[r[5]],
        _STATUSES[r[6]],
        r[7],
        r[8] or "",
        r[9],
        answered,
        r[11],
        due,
    )
