"""PostgreSQL: a list page on the driver connection, from one statement compiled per shape.

At 1,000,000 comments PostgreSQL answers a first page (pg_page's one statement) in ~1 ms,
and the app spent ~2 ms of CPU around it: the keys' SELECT built and compiled on every call,
and a Session; and the server planned the statement afresh each time (~1 ms) until psycopg
prepared it after its fifth run, and then for five runs more when it had parameters.

Here the statement is compiled once per filter (its values as literals: ids, statuses,
kinds, dates), sort, direction and page size, with the cursor's values as parameters, and
run prepared on the pooled driver connection in autocommit: a first page has no parameter,
so PostgreSQL plans it once per connection, for the filter's own values (a plan for "any
ward" could walk the wrong index). A person clicks a few dozen filters in a session.

A filter by policy with secondary policies reads its keys from comment_policy
(store/policy_walk.py) in a subquery of the same statement. Free text keeps
comment_repository.browse's paths (store/pg_search_keys.py).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, literal_column, select, tuple_

from komoro_feedback.domain.query import CommentQuery
from komoro_feedback.store.comment_query import filter_conditions, order_by, sort_columns
from komoro_feedback.store.comment_rows import Policies
from komoro_feedback.store.models import CommentPolicyRow, CommentRow
from komoro_feedback.store.pg_page import DIALECT, KEYS_SLOT, cursor_values, page_sql
from komoro_feedback.store.policy_walk import walk_columns, walk_conditions, walkable

C = CommentRow
CP = CommentPolicyRow
#: (filter, sort, descending, limit, cursor given) -> SQL: the filters a person clicks,
#: bounded for a long-running process (psycopg keeps 100 prepared per connection).
_STATEMENTS: dict[tuple[Any, ...], str] = {}
MAX_STATEMENTS = 256
_LITERAL = {"literal_binds": True}


def handles(query: CommentQuery) -> bool:
    """True for the pages found here: a filter without free text, and a cursor without NULL
    (a row comparison with NULL is never true)."""
    if query.filter.text.strip():
        return False
    return query.after is None or None not in cursor_values(query)


def page_rows(conn: Any, query: CommentQuery) -> tuple[list[tuple[Any, ...]], Policies]:
    """pg_page.rows' display rows and policies for `query` (limit + 1 rows: one more tells
    whether a page follows), on the psycopg connection `conn`."""
    params: dict[str, Any] = {}
    if query.after is not None:
        params = {f"k{i}": v for i, v in enumerate(cursor_values(query))}
    key = (query.filter, query.sort, query.descending, query.limit + 1, bool(params))
    sql = _STATEMENTS.get(key)
    if sql is None:
        sql = _compile(query)
        if len(_STATEMENTS) >= MAX_STATEMENTS:
            _STATEMENTS.clear()
        _STATEMENTS[key] = sql
    out: list[tuple[Any, ...]] = []
    pols: Policies = {}
    for r in conn.execute(sql, params or None, prepare=True):
        out.append(tuple(r[:-2]))
        ids, codes = r[-2], r[-1]
        pols[r[0]] = (tuple(codes), tuple(ids)) if ids else ((), ())
    return out, pols


def _compile(query: CommentQuery) -> str:
    """The page statement with the filter's values as literals (ids, statuses, kinds and
    dates: quoted by SQLAlchemy) and the cursor's as parameters %(k0)s, %(k1)s, ..."""
    keys = _walk(query) if walkable(query.filter, query.sort) else _keys(query)
    keys_sql = str(keys.compile(dialect=DIALECT, compile_kwargs=_LITERAL))
    for i in range(len(sort_columns(query.sort)) + 1 if query.after is not None else 0):
        keys_sql = keys_sql.replace(f"__k{i}__", f"%(k{i})s")
    return page_sql(query.sort, query.descending).replace(KEYS_SLOT, keys_sql)


def _after(columns: list[Any], query: CommentQuery) -> list[Any]:
    """The rows after the cursor: one row comparison, one seek into the order's index."""
    if query.after is None:
        return []
    row = tuple_(*columns)
    cut = tuple_(*(literal_column(f"__k{i}__") for i in range(len(columns))))
    return [row < cut if query.descending else row > cut]


def _limit(n: int) -> Any:
    return literal_column(str(int(n)))  # a literal: see pg_page.keys_select


def _keys(query: CommentQuery) -> Select[Any]:
    """pg_page.keys_select: the next limit + 1 seqs from the comment table."""
    columns = [*sort_columns(query.sort), C.seq]
    where = [*filter_conditions(query.filter, "postgresql"), *_after(columns, query)]
    order = order_by(query.sort, query.descending)
    return select(C.seq).where(*where).order_by(*order).limit(_limit(query.limit + 1))


def _walk(query: CommentQuery) -> Select[Any]:
    """policy_walk.walk_keys in one SELECT: the walk's rows in list order (a comment with
    several of the filter's policies has a row for each, with the same carried values), the
    first limit + 1 distinct comments of them."""
    f = query.filter
    columns = walk_columns(query.sort)
    where = [*walk_conditions(f), CP.seq.is_not(None), *_after(columns, query)]
    order = [c.desc() if query.descending else c.asc() for c in columns]
    rows = (query.limit + 1) * len(set(f.policy_ids))
    labelled = [c.label(f"w{i}") for i, c in enumerate(columns)]
    walk = select(*labelled).where(*where).order_by(*order).limit(_limit(rows)).subquery()
    out = [walk.c[f"w{i}"] for i in range(len(columns))]
    first = (
        select(*out)
        .distinct()
        .order_by(*(c.desc() if query.descending else c.asc() for c in out))
        .limit(_limit(query.limit + 1))
        .subquery()
    )
    return select(first.c[f"w{len(columns) - 1}"])
