"""A list filtered by policy (secondary policies included), paged from comment_policy alone.

comment_policy carries each comment's seq, received date, ward, status and deletion time
(store/policy_walk_sql.py), so when the other filters are among those and the order is one
they can give, the page's seqs come from `ix_comment_policy_walk` without reading a
comment: at 1,000,000 comments "district + policy" took ~100 ms from the comments.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, bindparam, false, func, literal_column, select
from sqlalchemy.orm import Session

from komoro_feedback.domain.query import CommentFilter, Cursor, SortKey
from komoro_feedback.store.comment_query import keyset_ranges, status_values
from komoro_feedback.store.models import CommentPolicyRow, WardRow

CP = CommentPolicyRow
#: The orders the carried columns give, most significant first (seq breaks ties).
_ORDERS: dict[SortKey, list[Any]] = {
    SortKey.RECEIVED: [CP.received_on],
    SortKey.RECORDED: [],
    SortKey.STATUS: [CP.status, CP.received_on],
    SortKey.WARD: [func.coalesce(CP.ward_id, literal_column("0"))],
}


def walkable(f: CommentFilter, sort: SortKey | None = None) -> bool:
    """True when the filter has secondary policies and nothing the carried columns lack, and
    the carried columns give the order (`sort`; None for a count)."""
    return bool(
        f.policy_ids
        and not f.primary_only
        and (sort is None or sort in _ORDERS)
        and not (
            f.programme_id is not None
            or f.pillar_ids
            or f.meeting_ids
            or f.kinds
            or f.department_ids
            or f.text.strip()
        )
    )


def walk_conditions(f: CommentFilter, *, named: bool = False) -> list[ColumnElement[bool]]:
    """WHERE clauses on comment_policy for a `walkable` filter (`named`: as in
    comment_query.filter_conditions, the values bound by their filter_params names)."""

    def v(name: str, value: Any) -> Any:
        return bindparam(name, expanding=isinstance(value, list | tuple)) if named else value

    conds: list[ColumnElement[bool]] = [CP.policy_id.in_(v("policy_ids", f.policy_ids))]
    if f.deleted_only:
        conds.append(CP.deleted_at.is_not(None))
    elif not f.include_deleted:
        conds.append(CP.deleted_at.is_(None))
    if f.city_wide_only:
        conds.append(CP.ward_id.is_(None))
    elif f.ward_ids or f.district_ids:
        district_ids = v("district_ids", f.district_ids)
        wards = select(WardRow.id).where(WardRow.district_id.in_(district_ids))
        ward_ids = v("ward_ids", f.ward_ids)
        if f.ward_ids and f.district_ids:
            conds.append(CP.ward_id.in_(ward_ids) | CP.ward_id.in_(wards))
        else:
            conds.append(CP.ward_id.in_(ward_ids) if f.ward_ids else CP.ward_id.in_(wards))
    statuses = status_values(f)
    if statuses is not None:
        conds.append(CP.status.in_(v("statuses", sorted(statuses))) if statuses else false())
    if f.date_from:
        conds.append(CP.received_on >= v("date_from", f.date_from))
    if f.date_to:
        conds.append(CP.received_on <= v("date_to", f.date_to))
    return conds


def walk_columns(sort: SortKey) -> list[Any]:
    """The walk's order: the carried columns for `sort`, then seq."""
    return [*_ORDERS[sort], CP.seq]


def walk_keys(
    s: Session, f: CommentFilter, sort: SortKey, descending: bool, limit: int, after: Cursor | None
) -> list[int]:
    """The seqs of the next `limit` comments in the list's order (the caller checked
    `walkable`). A comment with several of the filter's policies has a row for each, next
    to each other in the order: read enough rows for `limit` distinct ones."""
    columns = walk_columns(sort)
    order = [c.desc() if descending else c.asc() for c in columns]
    rows = limit * len(set(f.policy_ids))
    conds = walk_conditions(f)
    ranges = keyset_ranges(sort, after, descending, columns) if after else [([], 0)]
    keys: list[int] = []
    for r, fixed in ranges:
        q = select(CP.seq).where(*conds, *r).order_by(*order[fixed:]).limit(rows)
        for k in s.scalars(q):
            if k is not None and (not keys or keys[-1] != k):
                keys.append(int(k))
        if len(keys) >= limit:
            break
    return keys[:limit]


def walk_count(s: Session, f: CommentFilter) -> int:
    """How many comments the filter finds (the caller checked `walkable`)."""
    seq = CP.seq if len(set(f.policy_ids)) == 1 else func.distinct(CP.seq)
    return int(s.scalar(select(func.count(seq)).where(*walk_conditions(f))) or 0)
