"""Grouped comment counts read from the maintained tally, and its recount (`check`).

A period is read as whole fiscal years and months from `comment_tally` plus the days at its
edges from the comments (the covering ix_comment_counts). Filters the tally has no column for
(kinds, departments, meetings, free text, secondary policies) are not served here: callers
group the comments then (`covers`).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace
from datetime import date
from enum import Enum
from typing import Any

from sqlalchemy import BigInteger, ColumnElement, cast, func, or_, select, text
from sqlalchemy.orm import Session

from komoro_feedback.domain.query import CommentFilter
from komoro_feedback.store import tally_sql
from komoro_feedback.store.comment_query import (
    counts_index_covers,
    filter_conditions,
    status_values,
)
from komoro_feedback.store.models import CommentRow, CommentTallyRow, PolicyRow, WardRow
from komoro_feedback.store.raw_rows import plain_rows

# Core columns, not ORM attributes: compiling an ORM-enabled SELECT cost ~8 ms a call here
# (the grouped counts are compiled afresh each time to run on the driver).
T = CommentTallyRow.__table__.c
W = WardRow.__table__.c
P = PolicyRow.__table__.c
C = CommentRow


class TallyView(Enum):
    """Which cells are read, and what each count is keyed by."""

    TOTAL = "total"  # ()
    DISTRICTS = "districts"  # (policy id | None, district id | None, status)
    WARDS = "wards"  # (ward id | None, status)
    CELLS = "cells"  # (policy id | None, ward id | None, status): what the reports add up
    KINDS = "kinds"  # (policy id | None, kind)
    MONTHS = "months"  # ("YYYY-MM", status)


@dataclass(frozen=True, slots=True)
class TallyRepair:
    """What a recount found: cells that differed from the comments, now corrected."""

    cells_fixed: int
    comments_off: int


def covers(f: CommentFilter, view: TallyView) -> bool:
    """True when the tally has a column for every filter and the view keeps what it needs."""
    if not counts_index_covers(f):
        return False
    by_ward = f.city_wide_only or bool(f.ward_ids or f.district_ids)
    by_policy = bool(f.policy_ids or f.pillar_ids or f.programme_id is not None)
    if view is TallyView.KINDS:
        return not by_ward
    if view is TallyView.MONTHS:
        return not (by_ward or by_policy)
    return True


def _sum() -> Any:
    """The cells' sum as an integer: PostgreSQL's sum() of bigint is numeric, which psycopg
    reads as Decimal (5,000 of them per district count at 1,000,000 comments)."""
    return cast(func.sum(T.n), BigInteger)


class TallyRepository:
    """Reads and recounts comment_tally; callers pass the session of their unit of work."""

    def counts(self, s: Session, f: CommentFilter, view: TallyView) -> Counter[tuple[Any, ...]]:
        """Comments per key of the view under the filter (the caller checked `covers`)."""
        period = self._period(s, f, view)
        out: Counter[tuple[Any, ...]] = Counter()
        if period is None:
            return out
        buckets, edges = period
        if buckets:
            rows = plain_rows(s, self._cells_query(f, view, buckets))
            if view is TallyView.DISTRICTS:  # 5,000 rows at 1M: no call per row
                for p, d, st, n in rows:
                    # sum() of no cells is NULL; PostgreSQL's sum() of bigint is numeric
                    out[(p or None, d or None, st)] += int(n or 0)
            else:
                for *key, n in rows:
                    out[_key(view, key)] += int(n or 0)
        district_of: dict[int, int] = {}
        if edges and view is TallyView.DISTRICTS:
            district_of = {w: d for w, d in s.execute(select(W.id, W.district_id))}
        for lo, hi in edges:
            for *key, n in self._edge_rows(s, replace(f, date_from=lo, date_to=hi), view):
                if view is TallyView.DISTRICTS:
                    key[1] = district_of.get(key[1]) if key[1] else None
                out[_key(view, key)] += int(n)
        return out

    def _period(
        self, s: Session, f: CommentFilter, view: TallyView
    ) -> tuple[list[str], list[tuple[date, date]]] | None:
        if f.date_from is None and f.date_to is None and view is not TallyView.MONTHS:
            return [tally_sql.ALL_TIME], []
        # Two statements: SQLite answers a lone min() or max() from the index in one step,
        # but scans the whole index for both in one SELECT (65 ms at 1M comments).
        first = s.scalar(select(func.min(C.received_on)))
        last = s.scalar(select(func.max(C.received_on)))
        if first is None or last is None:
            return None
        lo = max(f.date_from or _as_date(first), _as_date(first))
        hi = min(f.date_to or _as_date(last), _as_date(last))
        if lo > hi:
            return None
        return tally_sql.split_period(lo, hi, fiscal_years=view is not TallyView.MONTHS)

    def _cells_query(self, f: CommentFilter, view: TallyView, buckets: list[str]) -> Any:
        conds: list[ColumnElement[bool]] = [T.bucket.in_(buckets)]
        if f.deleted_only:
            conds.append(T.deleted == 1)
        elif not f.include_deleted:
            conds.append(T.deleted == 0)
        statuses = status_values(f)
        if statuses is not None:
            conds.append(T.status.in_(sorted(statuses)))
        conds.extend(_policy_conditions(f))
        if view in (TallyView.DISTRICTS, TallyView.TOTAL) and not f.ward_ids:
            # The district cells: ~5,000 at 1M comments, where the ward cells are ~32,000
            # to group (20 ms of SQL against the 30 ms target for the whole call). A total
            # ("open in this district") sums the same cells: 1,000 rows instead of 14,000.
            conds[0] = T.bucket.in_([tally_sql.DISTRICT + b for b in buckets])
            d = T.ward_id  # holds the district id in a district cell
            if f.city_wide_only:
                conds.append(d == 0)
            elif f.district_ids:
                conds.append(d.in_(f.district_ids))
            if view is TallyView.TOTAL:
                return select(_sum()).where(*conds)
            by = [T.policy_id, d, T.status]
            return select(*by, _sum()).where(*conds).group_by(*by)
        conds.extend(_ward_conditions(f))
        if view is TallyView.KINDS:
            keys: list[Any] = [T.policy_id, T.kind]
            conds += [T.ward_id == -1, T.kind != ""]
        elif view is TallyView.MONTHS:
            keys = [T.bucket, T.status]
            conds += [T.policy_id == -1, T.ward_id == -1, T.kind == ""]
        else:
            by_view: dict[TallyView, list[Any]] = {
                TallyView.TOTAL: [],
                TallyView.WARDS: [T.ward_id, T.status],
                TallyView.CELLS: [T.policy_id, T.ward_id, T.status],
                TallyView.DISTRICTS: [T.policy_id, W.district_id, T.status],
            }
            keys = by_view[view]
            conds += [T.ward_id >= 0, T.kind == ""]
        # Grouped here, not in Python: 5,000 district rows instead of 32,000 ward rows at 1M.
        q = select(*keys, _sum()).where(*conds)
        if view is TallyView.DISTRICTS:
            q = q.outerjoin(WardRow.__table__, W.id == T.ward_id)
        return q.group_by(*keys) if keys else q

    def _edge_rows(self, s: Session, f: CommentFilter, view: TallyView) -> list[Any]:
        dialect = s.get_bind().dialect.name
        month: Any = (
            func.substr(C.received_on, 1, 7)
            if dialect == "sqlite"
            else func.to_char(C.received_on, "YYYY-MM")
        )
        by_view: dict[TallyView, list[Any]] = {
            TallyView.TOTAL: [],
            TallyView.WARDS: [C.ward_id, C.status],
            TallyView.CELLS: [C.primary_policy_id, C.ward_id, C.status],
            TallyView.DISTRICTS: [C.primary_policy_id, C.ward_id, C.status],
            TallyView.KINDS: [C.primary_policy_id, C.kind],
            TallyView.MONTHS: [month, C.status],
        }
        keys = by_view[view]
        q = select(*keys, func.count()).where(*filter_conditions(f, dialect))
        q = q.group_by(*keys) if keys else q
        return plain_rows(s, q, hint="INDEXED BY ix_comment_counts")

    # --- check ------------------------------------------------------------------------------
    def repair(self, s: Session) -> TallyRepair:
        """Recount every cell from the comments; correct the ones that differ."""
        dialect = s.get_bind().dialect.name
        recount = text(tally_sql.grouped_cells(dialect))
        fresh: dict[tuple[Any, ...], int] = {tuple(r[:-1]): int(r[-1]) for r in s.execute(recount)}
        stored: dict[tuple[Any, ...], int] = {
            tuple(r[:-1]): int(r[-1])
            for r in s.execute(
                select(T.bucket, T.policy_id, T.ward_id, T.status, T.kind, T.deleted, T.n)
            )
        }
        wrong = [k for k in fresh.keys() | stored.keys() if fresh.get(k, 0) != stored.get(k, 0)]
        # How many comments the all-time detail cells were off by (what a person would notice).
        off = 0
        for k in wrong:
            if k[0] == tally_sql.ALL_TIME and int(k[2]) >= 0 and k[4] == "":
                off += abs(fresh.get(k, 0) - stored.get(k, 0))
        if wrong:
            for stmt in tally_sql.rebuild(dialect):
                s.execute(text(stmt))
        return TallyRepair(len(wrong), off)


def _as_date(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def _key(view: TallyView, key: list[Any]) -> tuple[Any, ...]:
    """The view's key with the tally's 0 (no policy, city-wide) as None."""
    if view is TallyView.DISTRICTS or view is TallyView.CELLS:
        policy, place, status = key
        return (policy or None, place or None, status)
    if view is TallyView.WARDS:
        ward, status = key
        return (ward or None, status)
    if view is TallyView.KINDS:
        policy, kind = key
        return (policy or None, kind)
    if view is TallyView.MONTHS:
        return (str(key[0])[:7], key[1])
    return ()


def _policy_conditions(f: CommentFilter) -> list[ColumnElement[bool]]:
    conds: list[ColumnElement[bool]] = []
    if f.policy_ids:
        conds.append(T.policy_id.in_(f.policy_ids))
    if f.pillar_ids:
        conds.append(T.policy_id.in_(select(P.id).where(P.pillar_id.in_(f.pillar_ids))))
    if f.programme_id is not None:
        conds.append(T.policy_id.in_(select(P.id).where(P.programme_id == f.programme_id)))
    return conds


def _ward_conditions(f: CommentFilter) -> list[ColumnElement[bool]]:
    if f.city_wide_only:
        return [T.ward_id == 0]
    conds: list[ColumnElement[bool]] = []
    if f.ward_ids:
        conds.append(T.ward_id.in_(f.ward_ids))
    if f.district_ids:
        conds.append(T.ward_id.in_(select(W.id).where(W.district_id.in_(f.district_ids))))
    if not conds:
        return []
    return [or_(*conds) if len(conds) > 1 else conds[0]]
