"""SQL for the comment query object: filters, free text (FTS5 or trigram LIKE) and sort keys."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import (
    BigInteger,
    ColumnElement,
    Text,
    and_,
    bindparam,
    column,
    false,
    func,
    or_,
    select,
    table,
)
from sqlalchemy.orm import Session

from komoro_feedback.domain.enums import OPEN_STATUSES
from komoro_feedback.domain.query import CommentFilter, Cursor, SortKey
from komoro_feedback.domain.text import search_terms
from komoro_feedback.store import pg_search_index
from komoro_feedback.store.models import (
    POLICY_SORT,
    WARD_SORT,
    CommentPolicyRow,
    CommentRow,
    PolicyRow,
    WardRow,
)
from komoro_feedback.store.search_index import (
    SHORT_TABLE,
    short_index_query,
    trigram_query,
)

C = CommentRow
#: The FTS5 tables (SQLite only); the column named like the table is its hidden match column.
FTS = table("comment_fts", column("rowid", BigInteger), column("comment_fts", Text))
FTS_SHORT = table(SHORT_TABLE, column("rowid", BigInteger), column(SHORT_TABLE, Text))


def indexed_terms(terms: list[str]) -> tuple[list[str], list[str], list[str]]:
    """SQLite: (trigram MATCH phrases, short-index phrases, terms only instr() can find)."""
    long: list[str] = []
    short: list[str] = []
    rest: list[str] = []
    for t in terms:
        if (q := trigram_query(t)) is not None:
            long.append(q)
        elif (q := short_index_query(t)) is not None:
            short.append(q)
        else:
            rest.append(t)
    return long, short, rest


def fts_rowids(long: list[str], short: list[str], *, named: bool = False) -> Any:
    """SELECT rowid (= comment.seq) of the comments whose text has every indexed term
    (`named`: the MATCH expressions as parameters "long" and "short", see `match_params`)."""
    if long:
        phrase = bindparam("long") if named else " AND ".join(long)
        q = select(FTS.c.rowid).where(FTS.c.comment_fts.op("MATCH")(phrase))
        if short:
            q = q.where(FTS.c.rowid.in_(fts_rowids([], short, named=named)))
        return q
    phrase = bindparam("short") if named else " AND ".join(short)
    return select(FTS_SHORT.c.rowid).where(FTS_SHORT.c[SHORT_TABLE].op("MATCH")(phrase))


def match_params(long: list[str], short: list[str]) -> dict[str, str]:
    """The values of `fts_rowids(long, short, named=True)`."""
    return {"long": " AND ".join(long), "short": " AND ".join(short)}


def text_conditions(raw: str, dialect: str) -> list[ColumnElement[bool]]:
    terms = search_terms(raw)
    if not terms:
        return []
    if dialect == "sqlite":
        long, short, rest = indexed_terms(terms)
        conds: list[ColumnElement[bool]] = []
        if long or short:
            conds.append(C.seq.in_(fts_rowids(long, short)))
        # instr() beats LIKE by ~20% on a full scan, and needs no escaping.
        conds.extend(func.instr(C.search_text, t) > 0 for t in rest)
        return conds
    # PostgreSQL: the trigram index serves LIKE for 3+ characters; for fewer it has no trigram
    # to look up (1.5 s at 1M), so the character index answers them (store/pg_search_index.py).
    return [pg_search_index.term_condition(t, pg_search_index.as_literal) for t in terms]


def counts_index_covers(f: CommentFilter) -> bool:
    """True when every filter is a column of ix_comment_counts (or a subquery on catalog tables).

    The SQLite planner prefers the received_on index for a period and then reads the table for
    every row (0.8 s at 1M comments); the covering index answers the same in ~0.1 s.
    """
    return not (
        f.kinds
        or f.department_ids
        or f.meeting_ids
        or f.text.strip()
        or (f.policy_ids and not f.primary_only)
    )


def status_values(f: CommentFilter) -> set[str] | None:
    """The statuses the filter allows (None: any; an empty set: none, e.g. open and closed)."""
    statuses = {s.value for s in f.statuses}
    if f.open_only:
        opened = {s.value for s in OPEN_STATUSES}
        return statuses & opened if statuses else opened
    return statuses or None


def filter_conditions(
    f: CommentFilter, dialect: str, *, named: bool = False
) -> list[ColumnElement[bool]]:
    """WHERE clauses for every filter of the query object.

    `named`: the values as bind parameters named like the keys of `filter_params` (a
    statement compiled once per `filter_shape`, store/sqlite_keys.py); free text not included.
    """

    def v(name: str, value: Any) -> Any:
        if not named:
            return value
        return bindparam(name, expanding=isinstance(value, list | tuple))

    conds: list[ColumnElement[bool]] = []
    if f.deleted_only:
        conds.append(C.deleted_at.is_not(None))
    elif not f.include_deleted:
        conds.append(C.deleted_at.is_(None))
    if f.policy_ids:
        if f.primary_only:
            conds.append(C.primary_policy_id.in_(v("policy_ids", f.policy_ids)))
        else:
            conds.append(
                C.id.in_(
                    select(CommentPolicyRow.comment_id).where(
                        CommentPolicyRow.policy_id.in_(v("policy_ids", f.policy_ids))
                    )
                )
            )
    if f.pillar_ids:
        conds.append(
            C.primary_policy_id.in_(
                select(PolicyRow.id).where(PolicyRow.pillar_id.in_(v("pillar_ids", f.pillar_ids)))
            )
        )
    if f.programme_id is not None:
        conds.append(
            C.primary_policy_id.in_(
                select(PolicyRow.id).where(
                    PolicyRow.programme_id == v("programme_id", f.programme_id)
                )
            )
        )
    if f.city_wide_only:
        conds.append(C.ward_id.is_(None))
    elif f.ward_ids or f.district_ids:
        ward_conds: list[ColumnElement[bool]] = []
        if f.ward_ids:
            ward_conds.append(C.ward_id.in_(v("ward_ids", f.ward_ids)))
        if f.district_ids:
            ward_conds.append(
                C.ward_id.in_(
                    select(WardRow.id).where(
                        WardRow.district_id.in_(v("district_ids", f.district_ids))
                    )
                )
            )
        conds.append(or_(*ward_conds) if len(ward_conds) > 1 else ward_conds[0])
    if f.meeting_ids:
        conds.append(C.meeting_id.in_(v("meeting_ids", f.meeting_ids)))
    if f.kinds:
        conds.append(C.kind.in_(v("kinds", [k.value for k in f.kinds])))
    statuses = status_values(f)
    if statuses is not None:
        conds.append(C.status.in_(v("statuses", sorted(statuses))) if statuses else false())
    if f.department_ids:
        conds.append(C.department_id.in_(v("department_ids", f.department_ids)))
    if f.date_from:
        conds.append(C.received_on >= v("date_from", f.date_from))
    if f.date_to:
        conds.append(C.received_on <= v("date_to", f.date_to))
    if f.text.strip() and not named:
        conds.extend(text_conditions(f.text, dialect))
    return conds


def filter_params(f: CommentFilter) -> dict[str, Any]:
    """The values of `filter_conditions(f, named=True)` by name, as SQLite stores them."""
    p: dict[str, Any] = {}
    if f.policy_ids:
        p["policy_ids"] = f.policy_ids
    if f.pillar_ids:
        p["pillar_ids"] = f.pillar_ids
    if f.programme_id is not None:
        p["programme_id"] = f.programme_id
    if not f.city_wide_only:
        if f.ward_ids:
            p["ward_ids"] = f.ward_ids
        if f.district_ids:
            p["district_ids"] = f.district_ids
    if f.meeting_ids:
        p["meeting_ids"] = f.meeting_ids
    if f.kinds:
        p["kinds"] = [k.value for k in f.kinds]
    if statuses := status_values(f):
        p["statuses"] = sorted(statuses)
    if f.department_ids:
        p["department_ids"] = f.department_ids
    if f.date_from:
        p["date_from"] = f.date_from.isoformat()
    if f.date_to:
        p["date_to"] = f.date_to.isoformat()
    return p


def filter_shape(f: CommentFilter, params: dict[str, Any]) -> tuple[Any, ...]:
    """What the SQL text of `filter_conditions(f, named=True)` depends on besides the values
    (`params`, from `filter_params(f)`): which filters are set and how many values each IN
    list has (one `?` per value)."""
    statuses = status_values(f)
    return (
        f.deleted_only,
        f.include_deleted,
        f.city_wide_only,
        f.primary_only,
        None if statuses is None else len(statuses),
        *((k, len(v) if isinstance(v, list | tuple) else None) for k, v in params.items()),
    )


def sort_expression(key: SortKey) -> Any:
    """The column a list is ordered by before the seq tie-breaker (None: seq alone)."""
    if key is SortKey.RECEIVED:
        return C.received_on
    if key is SortKey.STATUS:
        return C.status
    if key is SortKey.KIND:
        return C.kind
    if key is SortKey.WARD:
        return WARD_SORT
    if key is SortKey.POLICY:
        return POLICY_SORT
    return None


def cursor_value(key: SortKey, value: object) -> str | int | None:
    if isinstance(value, date):
        return value.isoformat()
    if value is None or isinstance(value, int | str):
        return value
    return str(value)


def sort_columns(key: SortKey) -> list[Any]:
    """What a list is ordered by before the seq tie-breaker, most significant first."""
    expr = sort_expression(key)
    if expr is None:
        return []
    if key is SortKey.STATUS:
        # Newest first within a status, and ix_comment_status_received then serves the whole
        # order: 0.6 ms for a first page of 1,000,000 comments instead of 0.5-5 s of sorting.
        return [expr, C.received_on]
    return [expr]


def order_by(key: SortKey, descending: bool) -> list[Any]:
    """The ORDER BY of a list page: the sort columns, then seq, all in one direction."""
    columns = [*sort_columns(key), C.seq]
    return [c.desc() if descending else c.asc() for c in columns]


def next_cursor(key: SortKey, sort_value: object, received_on: date, seq: int) -> Cursor:
    """The cursor after the row (received_on, seq) whose sort expression gave `sort_value`."""
    then = received_on.isoformat() if len(sort_columns(key)) > 1 else None
    return Cursor(cursor_value(key, sort_value), seq, then)


def keyset_condition(key: SortKey, cursor: Cursor, descending: bool) -> ColumnElement[bool]:
    """Rows after the cursor in the list's order, written out as nested ORs.

    Row-value comparison reads better but SQLite only uses the index for the expanded form.
    """
    columns = sort_columns(key)
    values = _cursor_values(key, cursor)

    def after(col: Any, value: object) -> ColumnElement[bool]:
        return col < value if descending else col > value  # type: ignore[no-any-return]

    condition: ColumnElement[bool] = after(C.seq, cursor.seq)
    for col, value in reversed(list(zip(columns, values, strict=True))):
        condition = or_(after(col, value), and_(col == value, condition))
    return condition


def _cursor_values(key: SortKey, cursor: Cursor) -> list[object]:
    columns = sort_columns(key)
    values: list[object] = [cursor.value] if columns else []
    if len(columns) > 1:
        values.append(date.fromisoformat(cursor.then) if cursor.then else None)
    if key is SortKey.RECEIVED and isinstance(cursor.value, str):
        values[0] = date.fromisoformat(cursor.value)
    return values


def cursor_params(key: SortKey, cursor: Cursor) -> list[Any]:
    """The cursor's values in `keyset_ranges` order (seq last), as SQLite stores them."""
    values: list[Any] = [*_cursor_values(key, cursor), cursor.seq]
    return [v.isoformat() if isinstance(v, date) else v for v in values]


def keyset_ranges(
    key: SortKey,
    cursor: Cursor | None,
    descending: bool,
    columns: list[Any] | None = None,
    values: list[Any] | None = None,
) -> list[tuple[list[Any], int]]:
    """The rows after the cursor as disjoint ranges, each one seek into the order's index.

    For (a, seq) after (x, s): "a = x AND seq < s", then "a < x". keyset_condition's single
    OR makes SQLite start at the first entry of the group x and step over every row of it
    already shown: at row 5,000 of the ward order that was 5 ms a page, the ranges 0.1 ms.
    Each range comes with how many leading sort columns it fixes (ORDER BY leaves them out,
    or SQLite sorts the whole group instead of walking the index). `columns`: the same
    order's columns (seq last) in another table than comment. `values`: the cursor's values
    in that order (bind parameters), instead of `cursor`'s.
    """
    columns = columns or [*sort_columns(key), C.seq]
    if values is None:
        assert cursor is not None
        values = [*_cursor_values(key, cursor), cursor.seq]
    ranges = []
    for i, (col, value) in enumerate(zip(columns, values, strict=True)):
        same = [c == v for c, v in zip(columns[:i], values[:i], strict=True)]
        ranges.append(([*same, col < value if descending else col > value], i))
    return list(reversed(ranges))  # the rows nearest the cursor first


def keys_after(
    s: Session,
    conds: list[Any],
    key: SortKey,
    descending: bool,
    limit: int,
    cursor: Cursor | None,
) -> list[int]:
    """The seqs of the next `limit` rows in the list's order after the cursor.

    One statement per range of `keyset_ranges`, nearest first, until the page is full: each
    walks its index in order and stops at the limit (in one UNION SQLite sorted every part).
    """
    order = order_by(key, descending)
    if cursor is None:
        return list(s.scalars(select(C.seq).where(*conds).order_by(*order).limit(limit)))
    keys: list[int] = []
    for r, fixed in keyset_ranges(key, cursor, descending):
        q = select(C.seq).where(*conds, *r).order_by(*order[fixed:]).limit(limit - len(keys))
        keys.extend(s.scalars(q))
        if len(keys) >= limit:
            break
    return keys
