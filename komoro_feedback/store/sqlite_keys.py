"""SQLite: the seqs of a list page, from statements compiled once per filter shape.

At 1,000,000 comments SQLite finds a page's keys in ~0.03 ms; building the conditions and
the SELECT and running it through SQLAlchemy's ORM took ~0.25 ms more. The statement text
depends only on the filter's shape (which filters are set, how many values each IN list
has), the sort, the direction and which key-set range it reads, so it is compiled once per
those with named parameters (`filter_conditions(named=True)`) and run on the driver with
the values of `filter_params`. The same for the search box's pages (free text alone,
newest recorded first); other free-text pages keep their SQLAlchemy paths.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from sqlalchemy import bindparam, func, literal_column, select
from sqlalchemy.dialects import sqlite

from komoro_feedback.domain.query import CommentFilter, Cursor, SortKey
from komoro_feedback.store.comment_query import (
    cursor_params,
    filter_conditions,
    filter_params,
    filter_shape,
    keyset_ranges,
    sort_columns,
)
from komoro_feedback.store.models import CommentPolicyRow, CommentRow
from komoro_feedback.store.policy_walk import walk_columns, walk_conditions
from komoro_feedback.store.search_keys import IndexedText

C = CommentRow
CP = CommentPolicyRow
DIALECT = sqlite.dialect()
#: (filter shape, sort, descending, range, policy walk) -> (SQL, parameter names in order):
#: a few dozen in a session (shapes a person clicks), bounded for a long-running process.
_STATEMENTS: dict[tuple[Any, ...], tuple[str, tuple[str, ...]]] = {}
MAX_STATEMENTS = 512
LIMIT: Any = bindparam("limit")


def handles(f: CommentFilter, cursor: Cursor | None, key: SortKey) -> bool:
    """True for the pages keys_after and walk_keys find: a filter without free text, and a
    cursor with no NULL (`col = NULL` is never true; keyset_ranges' `col == None` is IS NULL)."""
    if f.text.strip():
        return False
    return cursor is None or None not in cursor_params(key, cursor)


def keys_after(
    conn: Any, f: CommentFilter, key: SortKey, descending: bool, limit: int, cursor: Cursor | None
) -> list[int]:
    """What comment_query.keys_after returns for a filter without free text, on the driver
    connection `conn`: one statement per key-set range, nearest first, until the page is full."""
    keys: list[int] = []
    for sql, values in _statements(f, key, descending, cursor, False, lambda: limit - len(keys)):
        keys.extend(r[0] for r in conn.execute(sql, values))
        if len(keys) >= limit:
            break
    return keys


def walk_keys(
    conn: Any, f: CommentFilter, key: SortKey, descending: bool, limit: int, cursor: Cursor | None
) -> list[int]:
    """What policy_walk.walk_keys returns (the caller checked `walkable`), on the driver
    connection `conn`. A comment with several of the filter's policies has a row for each,
    next to each other in the order: read enough rows for `limit` distinct ones."""
    rows = limit * len(set(f.policy_ids))
    keys: list[int] = []
    for sql, values in _statements(f, key, descending, cursor, True, lambda: rows):
        for (k,) in conn.execute(sql, values):
            if k is not None and (not keys or keys[-1] != k):
                keys.append(int(k))
        if len(keys) >= limit:
            break
    return keys[:limit]


def _statements(
    f: CommentFilter,
    key: SortKey,
    descending: bool,
    cursor: Cursor | None,
    walk: bool,
    limit: Callable[[], int],
) -> Iterator[tuple[str, list[Any]]]:
    """(SQL, values) of each key-set range after the cursor, nearest first (one statement
    without a cursor); `limit` is asked for each, after the caller read the one before."""
    params = filter_params(f)
    shape = filter_shape(f, params)
    if cursor is None:
        parts: list[int | None] = [None]
    else:
        params.update({f"k{i}": v for i, v in enumerate(cursor_params(key, cursor))})
        parts = list(range(len(sort_columns(key)) + 1))
    for part in parts:
        params["limit"] = limit()
        sql, names = _statement(f, (shape, key, descending, part, walk), params)
        yield sql, _values(names, params)


def _values(names: tuple[str, ...], params: dict[str, Any]) -> list[Any]:
    out: list[Any] = []
    for name in names:
        v = params[name]
        if isinstance(v, list | tuple):
            out.extend(v)
        else:
            out.append(v)
    return out


def search_keys(
    conn: Any, indexed: IndexedText, descending: bool, limit: int, cursor: Cursor | None
) -> list[int]:
    """What IndexedText.recorded_keys returns (free text alone, in recording order), on
    the driver connection `conn`."""
    params: dict[str, Any] = {**indexed.params(), "limit": limit}
    if cursor is not None:
        params["after_seq"] = cursor.seq
    after: Any = bindparam("after_seq") if cursor is not None else None
    sql, names = _compiled(
        ("search", indexed.shape(), descending, after is not None),
        lambda: _offset_0(indexed.recorded_select(descending, after, LIMIT, named=True)),
        params,
    )
    return [int(k) for (k,) in conn.execute(sql, _values(names, params))]


def search_count(conn: Any, indexed: IndexedText) -> int:
    """What IndexedText.count returns, on the driver connection `conn`."""
    params = indexed.params()
    sql, names = _compiled(
        ("search count", indexed.shape()),
        lambda: select(func.count()).select_from(indexed.hits(named=True).subquery()),
        params,
    )
    return int(conn.execute(sql, _values(names, params)).fetchone()[0])


def _offset_0(stmt: Any) -> Any:
    """SQLite's compiler adds "OFFSET ?" (0) to every LIMIT: a literal instead, so that every
    parameter is a named one."""
    return stmt.offset(literal_column("0"))


def _statement(
    f: CommentFilter, cache_key: tuple[Any, ...], params: dict[str, Any]
) -> tuple[str, tuple[str, ...]]:
    _shape, key, descending, part, walk = cache_key

    def build() -> Any:
        table: Any
        if walk:
            table, conds = CP, walk_conditions(f, named=True)
            columns = walk_columns(key)
        else:
            table, conds = C, filter_conditions(f, "sqlite", named=True)
            columns = [*sort_columns(key), C.seq]
        order = [c.desc() if descending else c.asc() for c in columns]
        fixed = 0
        if part is not None:
            values: list[Any] = [bindparam(f"k{i}") for i in range(len(columns))]
            ranges, fixed = keyset_ranges(key, None, descending, columns, values)[part]
            conds = [*conds, *ranges]
        return _offset_0(select(table.seq).where(*conds).order_by(*order[fixed:]).limit(LIMIT))

    return _compiled(cache_key, build, params)


def _compiled(
    cache_key: tuple[Any, ...], build: Callable[[], Any], params: dict[str, Any]
) -> tuple[str, tuple[str, ...]]:
    """(SQL, parameter names in order) of the SELECT `build` makes with named parameters,
    compiled on the first call for `cache_key`. `params`: this call's values (the length of
    each IN list, which the cache key must include)."""
    found = _STATEMENTS.get(cache_key)
    if found is not None:
        return found
    compiled = build().compile(dialect=DIALECT)
    sql = str(compiled)
    names = tuple(compiled.positiontup or ())
    for name in names:  # an IN list: one placeholder per value
        v = params[name]  # KeyError: a value the caller does not give
        if isinstance(v, list | tuple):
            sql = sql.replace(f"__[POSTCOMPILE_{name}]", ", ".join("?" * len(v)))
    assert "__[POSTCOMPILE_" not in sql, sql
    if len(_STATEMENTS) >= MAX_STATEMENTS:
        _STATEMENTS.clear()
    _STATEMENTS[cache_key] = (sql, names)
    return sql, names
