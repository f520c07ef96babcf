"""PostgreSQL: a browser page in one statement (its keys, its display rows, their policies).

On SQLite a page is three statements (keys, rows, policies) that cost nothing to send. On
PostgreSQL each is a round trip with its own planning: at 1,000,000 comments a first page's
three statements took ~3 ms on the server for ~1 ms of execution, and the app ~6 ms of CPU.
Here the keys are a subquery (one index walk, stopped at the limit), the rows are joined to
them, and each row carries its policies (ids and codes in position order, as
comment_rows.policies_of reads them). Keys found in several steps elsewhere (searches, the
policy walk) come as one array parameter instead of a list of bound values.

After the cursor, the keys are one row comparison, `(sort columns, seq) < (values)`, which
PostgreSQL answers with one seek into the order's index (SQLite needs one statement per
range: comment_query.keys_after).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import (
    BigInteger,
    ColumnElement,
    Select,
    bindparam,
    func,
    literal_column,
    select,
    tuple_,
)
from sqlalchemy.dialects import postgresql
from sqlalchemy.dialects.postgresql import ARRAY, aggregate_order_by
from sqlalchemy.orm import Session

from komoro_feedback.domain.query import CommentQuery, SortKey
from komoro_feedback.store.comment_query import order_by, sort_columns, sort_expression
from komoro_feedback.store.comment_rows import Policies, display_select
from komoro_feedback.store.models import CommentPolicyRow, CommentRow, PolicyRow

C = CommentRow
CP = CommentPolicyRow
P = PolicyRow
DIALECT: Any = postgresql.psycopg.dialect()  # type: ignore[no-untyped-call]


def keys_select(conds: list[ColumnElement[bool]], query: CommentQuery, limit: int) -> Select[Any]:
    """SELECT seq of the next `limit` rows in the list's order after the query's cursor."""
    columns = [*sort_columns(query.sort), C.seq]
    where = list(conds)
    if query.after is not None:
        values = cursor_values(query)
        row, cut = tuple_(*columns), tuple_(*values)
        where.append(row < cut if query.descending else row > cut)
    order = order_by(query.sort, query.descending)
    # A literal limit: with "LIMIT $1" a prepared statement's generic plan guessed a tenth of
    # the table and PostgreSQL planned every execution afresh (~1.5 ms of a first page).
    return select(C.seq).where(*where).order_by(*order).limit(literal_column(str(int(limit))))


def cursor_values(query: CommentQuery) -> list[object]:
    cursor = query.after
    assert cursor is not None
    values: list[object] = []
    if sort_columns(query.sort):
        value = cursor.value
        values.append(
            date.fromisoformat(value)
            if query.sort is SortKey.RECEIVED and isinstance(value, str)
            else value
        )
    if len(sort_columns(query.sort)) > 1:
        values.append(date.fromisoformat(cursor.then) if cursor.then else None)
    return [*values, cursor.seq]


#: Where the keys' SELECT goes in the cached statement text.
KEYS_SLOT = "__keys__"
#: The page statement's text per (sort, descending, keys as an array parameter).
_SQL: dict[tuple[SortKey, bool, bool], str] = {}


def rows(
    s: Session, keys: Select[Any] | Sequence[int], sort: SortKey, descending: bool
) -> tuple[list[tuple[Any, ...]], Policies]:
    """Display rows (comment_rows.display_select's columns) of these keys in the list's order,
    and each comment's (policy id, code) pairs, primary first.

    The statement around the keys is compiled once per order and run as text: building and
    compiling it with SQLAlchemy cost ~3 ms a page, twice the server's work."""
    dialect = s.get_bind().dialect
    by_array = not isinstance(keys, Select)
    sql = _SQL.get((sort, descending, by_array))
    if sql is None:
        sql = _SQL[(sort, descending, by_array)] = _page_sql(sort, descending, by_array, dialect)
    params: dict[str, Any]
    if isinstance(keys, Select):
        compiled = keys.compile(dialect=dialect, compile_kwargs={"render_postcompile": True})
        sql = sql.replace(KEYS_SLOT, str(compiled))
        params = dict(compiled.params)
    else:
        params = {"seqs": list(keys)}
    out: list[tuple[Any, ...]] = []
    pols: Policies = {}
    result: Any
    if by_array:
        # One text per order: prepared, its planning (~1 ms, as much as its execution) is
        # paid once per connection and order, not for every search page.
        driver = s.connection().connection.driver_connection
        assert driver is not None
        result = driver.execute(sql, params, prepare=True)
    else:
        result = s.connection().exec_driver_sql(sql, params)
    for r in result:
        out.append(tuple(r[:-2]))
        ids, codes = r[-2], r[-1]
        pols[r[0]] = (tuple(codes), tuple(ids)) if ids else ((), ())
    return out, pols


def page_sql(sort: SortKey, descending: bool) -> str:
    """The page statement's text with KEYS_SLOT where the keys' SELECT goes (store/pg_stored.py)."""
    sql = _SQL.get((sort, descending, False))
    if sql is None:
        sql = _SQL[(sort, descending, False)] = _page_sql(sort, descending, False, DIALECT)
    return sql


def _page_sql(sort: SortKey, descending: bool, by_array: bool, dialect: Any) -> str:
    which: ColumnElement[bool]
    if by_array:
        which = C.seq == func.any(bindparam("seqs", type_=ARRAY(BigInteger)))
    else:
        which = C.seq.op("IN")(literal_column(f"({KEYS_SLOT})"))
    page = display_select(sort_expression(sort)).where(which).cte("page")
    # The page's policies in one grouped join (a subquery per comment hashed the policy
    # table once per row: 12 of a 200-row page's 19 ms).
    policies = (
        select(
            CP.comment_id,
            func.array_agg(aggregate_order_by(CP.policy_id, CP.position)).label("ids"),
            func.array_agg(aggregate_order_by(P.code, CP.position)).label("codes"),
        )
        .join(P, P.id == CP.policy_id)
        .where(CP.comment_id.in_(select(page.c.id)))
        .group_by(CP.comment_id)
        .cte("pols")
    )
    ordered = [page.c.sort_value] if "sort_value" in page.c else []
    ordered += [page.c[col.key] for col in sort_columns(sort)[1:]]  # status: then received
    ordered.append(page.c.seq)
    stmt = (
        select(page, policies.c.ids, policies.c.codes)
        .outerjoin(policies, policies.c.comment_id == page.c.id)
        .order_by(*(c.desc() if descending else c.asc() for c in ordered))
    )
    sql = str(stmt.compile(dialect=dialect))
    assert by_array or KEYS_SLOT in sql, sql
    return sql
