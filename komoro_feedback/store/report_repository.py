"""Read-only aggregates the reports need beyond the comment list: counts by kind, link groups."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date
from typing import Any, Literal

from sqlalchemy import Integer, case, cast, func, literal, select
from sqlalchemy.orm import Session, aliased

from komoro_feedback.domain.enums import OPEN_STATUSES
from komoro_feedback.domain.query import CommentFilter
from komoro_feedback.store.comment_query import counts_index_covers, filter_conditions
from komoro_feedback.store.models import CommentLinkRow, CommentRow
from komoro_feedback.store.raw_rows import driver_connection, sqlite_rows
from komoro_feedback.store.report_lines import LineRow, line_rows
from komoro_feedback.store.speaker_masks import names_for_masking
from komoro_feedback.store.tally_repository import TallyRepository, TallyView, covers

C = CommentRow
CHUNK = 500


class ReportRepository:
    """SQL for report figures; callers pass the session of their unit of work."""

    def kind_counts(self, s: Session, f: CommentFilter) -> list[tuple[int | None, str, int]]:
        """Comments per (primary policy, kind) under the filter."""
        if covers(f, TallyView.KINDS):
            cells = TallyRepository().counts(s, f, TallyView.KINDS)
            return [(p, k, n) for (p, k), n in cells.items() if n]
        conds = filter_conditions(f, s.get_bind().dialect.name)
        # "+ 0" keeps SQLite from walking the policy index in order and fetching every row
        # from the table by key: one sequential scan is 2-3x faster for this grouping.
        pid = (C.primary_policy_id + 0).label("pid")
        q = select(pid, C.kind, func.count()).where(*conds).group_by(pid, C.kind)
        return [(p, k, int(n)) for p, k, n in s.execute(q)]

    def cells(self, s: Session, f: CommentFilter) -> list[tuple[int | None, int | None, str, int]]:
        """Comments per (primary policy, ward, status): the finest grouping the reports add up
        (per policy, district, ward): from the tally's ward cells (~32,000 at 1M comments)
        when it covers the filter, else one pass over the covering counts index."""
        if covers(f, TallyView.CELLS):
            counted = TallyRepository().counts(s, f, TallyView.CELLS)
            return [(p, w, st, n) for (p, w, st), n in counted.items() if n]
        conds = filter_conditions(f, s.get_bind().dialect.name)
        keys = (C.primary_policy_id, C.ward_id, C.status)
        q = select(*keys, func.count()).where(*conds).group_by(*keys)
        if s.get_bind().dialect.name == "sqlite" and counts_index_covers(f):
            rows = _rows_with_sqlite_index(s, q, "ix_comment_counts")
        else:
            rows = list(s.execute(q).all())
        return [(p, w, st, int(n)) for p, w, st, n in rows]

    def open_counts(
        self, s: Session, f: CommentFilter, as_of: date, received_before: Sequence[date] = ()
    ) -> list[tuple[int | None, int | None, bool, int, int]]:
        """Comments still open per (primary policy, ward, overdue, age, count).

        Overdue: the due date is before `as_of`. Age: how many of `received_before` (latest
        first) the comment was received on or before, e.g. 2 for "over 30 and 90 days" of
        (30, 90, 180) days ago. One pass serves the overdue figures and the long-open ones.
        """
        conds = filter_conditions(f, s.get_bind().dialect.name)
        open_values = sorted(st.value for st in OPEN_STATUSES)
        overdue = case((C.due_on < as_of, 1), else_=0)
        age: Any = literal(0)
        # The earliest cutoff ends up outermost, so it is tested first.
        for k, cutoff in enumerate(sorted(received_before, reverse=True), start=1):
            age = case((C.received_on <= cutoff, k), else_=age)
        q = (
            select(C.primary_policy_id, C.ward_id, overdue, age, func.count())
            .where(*conds, C.status.in_(open_values))
            .group_by(C.primary_policy_id, C.ward_id, overdue, age)
        )
        return [(p, w, bool(o), int(a), int(n)) for p, w, o, a, n in _follow_up_rows(s, q, f)]

    def answer_days(
        self, s: Session, f: CommentFilter, by: Literal["policy", "ward"]
    ) -> list[tuple[int | None, int, int]]:
        """(primary policy or ward, days from receipt to answer, comments) of answered ones.

        A histogram rather than the days themselves: medians of any grouping come from it
        without moving a row per comment.
        """
        dialect = s.get_bind().dialect.name
        conds = filter_conditions(f, dialect)
        if dialect == "sqlite":
            days = cast(func.julianday(C.answered_on) - func.julianday(C.received_on), Integer)
        else:
            days = cast(C.answered_on - C.received_on, Integer)
        key = C.primary_policy_id if by == "policy" else C.ward_id
        q = (
            select(key, days, func.count())
            .where(*conds, C.answered_on.is_not(None))
            .group_by(key, days)
        )
        return [(k, int(d), int(n)) for k, d, n in _follow_up_rows(s, q, f)]

    def received_range(self, s: Session, f: CommentFilter) -> tuple[date | None, date | None]:
        """The first and last received date under the filter.

        Two ordered LIMIT 1 reads walk the received index from each end and stop at the first
        match; min() and max() together scan every row (0.4 s at 1M comments).
        """
        conds = filter_conditions(f, s.get_bind().dialect.name)
        q = select(C.received_on).where(*conds).limit(1)
        first = s.scalar(q.order_by(C.received_on, C.seq))
        last = s.scalar(q.order_by(C.received_on.desc(), C.seq.desc()))
        return first, last

    def linked_counts(self, s: Session, f: CommentFilter) -> dict[int | None, tuple[int, int]]:
        """Per primary policy: (comments linked as similar, distinct groups among them).

        Reads only linked comments (few), so it costs nothing on a database without links.
        """
        conds = filter_conditions(f, s.get_bind().dialect.name)
        q = (
            select(
                C.primary_policy_id,
                func.count(),
                func.count(func.distinct(CommentLinkRow.group_id)),
            )
            .join(CommentLinkRow, CommentLinkRow.comment_id == C.id)
            .where(*conds)
            .group_by(C.primary_policy_id)
        )
        return {p: (int(n), int(g)) for p, n, g in s.execute(q)}

    def speaker_names(self, s: Session, ids: Sequence[str]) -> dict[str, str]:
        """The recorded speaker name of each comment that has one: only to mask it in print."""
        return names_for_masking(s, ids)

    def line_rows(
        self, s: Session, f: CommentFilter, after: tuple[date, int] | None, limit: int
    ) -> list[LineRow]:
        """What a report prints of each comment, in received order (store/report_lines.py)."""
        return line_rows(s, f, after, limit)

    def group_sizes(self, s: Session, ids: Sequence[str]) -> dict[str, int]:
        """For comments linked as similar (comment_link), the size of each one's group."""
        if s.get_bind().dialect.name == "sqlite":
            return _sqlite_group_sizes(driver_connection(s), ids)
        out: dict[str, int] = {}
        other = aliased(CommentLinkRow)
        for i in range(0, len(ids), CHUNK):
            chunk = list(ids[i : i + CHUNK])
            q = (
                select(CommentLinkRow.comment_id, func.count(other.comment_id))
                .join(other, other.group_id == CommentLinkRow.group_id)
                .where(CommentLinkRow.comment_id.in_(chunk))
                .group_by(CommentLinkRow.comment_id)
            )
            out.update({cid: int(n) for cid, n in s.execute(q)})
        return out

    def has_links(self, s: Session) -> bool:
        return s.scalar(select(CommentLinkRow.comment_id).limit(1)) is not None


def _follow_up_rows(s: Session, q: Any, f: CommentFilter) -> list[Any]:
    """Rows of a follow-up query, read from ix_comment_follow_up alone on SQLite.

    Left to itself the planner reads the table for due_on / answered_on (2-4 s at 1M comments);
    the covering index answers in a fraction of that.
    """
    if s.get_bind().dialect.name == "sqlite" and counts_index_covers(f):
        return _rows_with_sqlite_index(s, q, "ix_comment_follow_up")
    return list(s.execute(q).all())


def _rows_with_sqlite_index(s: Session, stmt: Any, index: str) -> list[Any]:
    """Run the statement with `INDEXED BY index` on its comment table: the planner's own
    choice for a period (the received_on index, then a table read per row) is slower."""
    return sqlite_rows(s, stmt, f"INDEXED BY {index}")


_GROUP_SIZES_SQL = (
    "SELECT l.comment_id, count(o.comment_id) FROM comment_link l"
    " JOIN comment_link o ON o.group_id = l.group_id"
    " WHERE l.comment_id IN (SELECT value FROM json_each(?)) GROUP BY l.comment_id"
)


def _sqlite_group_sizes(conn: Any, ids: Sequence[str]) -> dict[str, int]:
    """group_sizes on SQLite's driver: the ids as one JSON parameter, one statement a page
    (a report page of 2,000 comments took 4 chunked ORM statements)."""
    if not ids:
        return {}
    rows = conn.execute(_GROUP_SIZES_SQL, (json.dumps(list(ids)),)).fetchall()
    return {cid: int(n) for cid, n in rows}
