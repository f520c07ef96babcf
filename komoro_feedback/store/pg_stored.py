"""PostgreSQL: a list page on the driver connection, from one statement compiled per shape.

At 1,000,000 comments PostgreSQL answers a first page (pg_page's one statement) in ~1 ms,
and the app spent ~2 ms of CPU around it: the keys' SELECT built and compiled on every call,
a Session, and the statement planned afresh by the server (~0.9 ms) until psycopg prepared it
after its fifth run. Here the statement's text depends only on the filter's shape (which
filters are set, how many values each IN list has), the sort, the direction, the page size
and whether a cursor is given: it is compiled once per those with named parameters and run
prepared on the pooled driver connection in autocommit. A statement without parameters (the
sorts without a filter) is then planned once per connection; one with parameters is planned
for its values until PostgreSQL finds its generic plan as good (from the sixth run on, as
psycopg's own preparing after five runs did before).

Free text and the policy walk (filters by policy) keep comment_repository.browse's paths.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import bindparam, literal_column, select, tuple_

from komoro_feedback.domain.query import CommentQuery
from komoro_feedback.store.comment_query import (
    filter_conditions,
    filter_params,
    filter_shape,
    order_by,
    sort_columns,
)
from komoro_feedback.store.comment_rows import Policies
from komoro_feedback.store.models import CommentRow
from komoro_feedback.store.pg_page import DIALECT, KEYS_SLOT, cursor_values, page_sql
from komoro_feedback.store.policy_walk import walkable

C = CommentRow
#: (filter shape, sort, descending, limit, cursor given) -> SQL: the shapes a person clicks,
#: bounded for a long-running process.
_STATEMENTS: dict[tuple[Any, ...], str] = {}
MAX_STATEMENTS = 256


def handles(query: CommentQuery) -> bool:
    """True for the pages pg_page.keys_select finds: no free text, no policy walk, and a
    cursor without NULL (a row comparison with NULL is never true)."""
    f = query.filter
    if f.text.strip() or walkable(f, query.sort):
        return False
    return query.after is None or None not in cursor_values(query)


def page_rows(conn: Any, query: CommentQuery) -> tuple[list[tuple[Any, ...]], Policies]:
    """pg_page.rows' display rows and policies for `query` (limit + 1 rows: one more tells
    whether a page follows), on the psycopg connection `conn`."""
    f = query.filter
    lists = filter_params(f)
    shape = filter_shape(f, lists)
    params: dict[str, Any] = {}
    for name, value in lists.items():
        if isinstance(value, list | tuple):  # an IN list: one parameter per value
            params.update({f"{name}_{i}": v for i, v in enumerate(value)})
        else:
            params[name] = value
    if f.date_from:
        params["date_from"] = f.date_from
    if f.date_to:
        params["date_to"] = f.date_to
    if query.after is not None:
        params.update({f"k{i}": v for i, v in enumerate(cursor_values(query))})
    key = (shape, query.sort, query.descending, query.limit + 1, query.after is not None)
    sql = _STATEMENTS.get(key)
    if sql is None:
        sql = _compile(query, lists)
        if len(_STATEMENTS) >= MAX_STATEMENTS:
            _STATEMENTS.clear()
        _STATEMENTS[key] = sql
    out: list[tuple[Any, ...]] = []
    pols: Policies = {}
    for r in conn.execute(sql, params, prepare=True):
        out.append(tuple(r[:-2]))
        ids, codes = r[-2], r[-1]
        pols[r[0]] = (tuple(codes), tuple(ids)) if ids else ((), ())
    return out, pols


def _compile(query: CommentQuery, lists: dict[str, Any]) -> str:
    columns = [*sort_columns(query.sort), C.seq]
    where = filter_conditions(query.filter, "postgresql", named=True)
    if query.after is not None:
        row = tuple_(*columns)
        cut = tuple_(*(bindparam(f"k{i}") for i in range(len(columns))))
        where.append(row < cut if query.descending else row > cut)
    limit: Any = literal_column(str(int(query.limit + 1)))  # see pg_page.keys_select
    keys = select(C.seq).where(*where).order_by(*order_by(query.sort, query.descending))
    keys_sql = str(keys.limit(limit).compile(dialect=DIALECT))
    for name, value in lists.items():
        if isinstance(value, list | tuple):
            # IN ($1), not = ANY($1): PostgreSQL 15 walks (ward_id, received_on, seq) in
            # order for "ward_id = $1" and sorts for "= ANY" (20-75 ms instead of ~0.5).
            placeholders = ", ".join(f"%({name}_{i})s" for i in range(len(value)))
            keys_sql = keys_sql.replace(f"__[POSTCOMPILE_{name}]", placeholders)
    assert "__[POSTCOMPILE_" not in keys_sql, keys_sql
    return page_sql(query.sort, query.descending).replace(KEYS_SLOT, keys_sql)
