"""Comments counted: the search box's count, a filter's total, and the grouped counts of the
dashboard, the districts page and the charts (the tally where it covers the filter)."""

from __future__ import annotations

from collections import Counter
from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from komoro_feedback.domain.enums import Status
from komoro_feedback.domain.query import CommentFilter, CountRow
from komoro_feedback.store import sqlite_keys
from komoro_feedback.store.comment_query import filter_conditions
from komoro_feedback.store.models import CommentRow, WardRow
from komoro_feedback.store.policy_walk import walk_count, walkable
from komoro_feedback.store.raw_rows import plain_rows
from komoro_feedback.store.search_keys import IndexedText
from komoro_feedback.store.tally_repository import TallyRepository, TallyView, covers

C = CommentRow


class CommentCounts:
    """How many comments, alone or grouped. Callers pass the session of their unit of work."""

    tally = TallyRepository()

    def count_stored(self, conn: Any, f: CommentFilter) -> int | None:
        """SQLite: count() of free text alone on the driver connection `conn` (None for
        other filters): the search box's count, ~0.4 ms of SQLAlchemy for 0.01-5 ms of SQL."""
        indexed = IndexedText.of(f, "sqlite")
        return None if indexed is None else sqlite_keys.search_count(conn, indexed)

    def count(self, s: Session, f: CommentFilter) -> int:
        indexed = IndexedText.of(f, s.get_bind().dialect.name)
        if indexed is not None:
            return indexed.count(s)
        if covers(f, TallyView.TOTAL):
            return self.tally.counts(s, f, TallyView.TOTAL)[()]
        if walkable(f):
            return walk_count(s, f)
        conds = filter_conditions(f, s.get_bind().dialect.name)
        return s.scalar(select(func.count()).select_from(C).where(*conds)) or 0

    def counts(self, s: Session, f: CommentFilter) -> list[CountRow]:
        """Comments per (primary policy, district, status), so that totals add up."""
        if covers(f, TallyView.DISTRICTS):
            cells = self.tally.counts(s, f, TallyView.DISTRICTS)
        else:
            district_of = {w: d for w, d in s.execute(select(WardRow.id, WardRow.district_id))}
            cells = Counter()
            for p, w, st, n in self._grouped_counts(s, f, C.primary_policy_id, C.ward_id, C.status):
                cells[(p, district_of.get(w) if w else None, st)] += n
        status = {st.value: st for st in Status}  # a dict lookup, not an Enum call per cell
        return [CountRow(p, d, status[st], n) for (p, d, st), n in cells.items() if n]

    def status_counts_by_ward(
        self, s: Session, f: CommentFilter
    ) -> list[tuple[int | None, Status, int]]:
        """Comments per (ward, status); ward None is city-wide (the districts page)."""
        if covers(f, TallyView.WARDS):
            cells = self.tally.counts(s, f, TallyView.WARDS)
        else:
            cells = Counter()
            for w, st, n in self._grouped_counts(s, f, C.ward_id, C.status):
                cells[(w, st)] += n
        return [(w, Status(st), n) for (w, st), n in cells.items() if n]

    def status_counts_by_month(self, s: Session, f: CommentFilter) -> list[tuple[str, Status, int]]:
        """Comments per (received month "YYYY-MM", status), oldest month first."""
        if covers(f, TallyView.MONTHS):
            cells = self.tally.counts(s, f, TallyView.MONTHS)
        else:
            # Per day first (a few thousand rows), months in Python: the same on every backend.
            cells = Counter()
            for day, status, n in self._grouped_counts(s, f, C.received_on, C.status):
                month = day.isoformat()[:7] if isinstance(day, date) else str(day)[:7]
                cells[(month, status)] += n
        return [(m, Status(st), n) for (m, st), n in sorted(cells.items()) if n]

    def _grouped_counts(self, s: Session, f: CommentFilter, *keys: Any) -> list[Any]:
        """(keys..., count) rows under the filter: filters the tally cannot serve."""
        dialect = s.get_bind().dialect.name
        grouped = select(*keys, func.count()).where(*filter_conditions(f, dialect)).group_by(*keys)
        return plain_rows(s, grouped)
