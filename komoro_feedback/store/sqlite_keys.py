"""SQLite: the seqs of a list page, from statements compiled once per filter shape.

At 1,000,000 comments SQLite finds a page's keys in ~0.03 ms; building the conditions and
the SELECT and running it through SQLAlchemy's ORM took ~0.25 ms more. The statement text
depends only on the filter's shape (which filters are set, how many values each IN list
has), the sort, the direction and which key-set range it reads, so it is compiled once per
those with named parameters (`filter_conditions(named=True)`) and run on the driver with
the values of `filter_params`. Free text is not handled here (the search paths are).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import bindparam, literal_column, select
from sqlalchemy.dialects import sqlite

from komoro_feedback.domain.query import CommentFilter, Cursor, SortKey
from komoro_feedback.store.comment_query import (
    cursor_params,
    filter_conditions,
    filter_params,
    filter_shape,
    keyset_ranges,
    order_by,
    sort_columns,
)
from komoro_feedback.store.models import CommentRow

C = CommentRow
DIALECT = sqlite.dialect()
#: (filter shape, sort, descending, range) -> (SQL, parameter names in order); a few dozen
#: entries in a session (shapes a person clicks), bounded in case of a long-running process.
_STATEMENTS: dict[tuple[Any, ...], tuple[str, tuple[str, ...]]] = {}
MAX_STATEMENTS = 512


def handles(f: CommentFilter, cursor: Cursor | None, key: SortKey) -> bool:
    """True for the pages this module finds: a filter without free text, and a cursor with
    no NULL (`col = NULL` is never true; keyset_ranges' `col == None` renders IS NULL)."""
    if f.text.strip():
        return False
    return cursor is None or None not in cursor_params(key, cursor)


def keys_after(
    conn: Any, f: CommentFilter, key: SortKey, descending: bool, limit: int, cursor: Cursor | None
) -> list[int]:
    """What comment_query.keys_after returns for a filter without free text, on the driver
    connection `conn`: one statement per key-set range, nearest first, until the page is full."""
    params = filter_params(f)
    shape = filter_shape(f, params)
    if cursor is None:
        parts: list[int | None] = [None]
    else:
        params.update({f"k{i}": v for i, v in enumerate(cursor_params(key, cursor))})
        parts = list(range(len(sort_columns(key)) + 1))
    keys: list[int] = []
    for part in parts:
        params["limit"] = limit - len(keys)
        sql, names = _statement(f, shape, key, descending, part, params)
        keys.extend(r[0] for r in conn.execute(sql, _values(names, params)))
        if len(keys) >= limit:
            break
    return keys


def _values(names: tuple[str, ...], params: dict[str, Any]) -> list[Any]:
    out: list[Any] = []
    for name in names:
        v = params[name]
        if isinstance(v, list | tuple):
            out.extend(v)
        else:
            out.append(v)
    return out


def _statement(
    f: CommentFilter,
    shape: tuple[Any, ...],
    key: SortKey,
    descending: bool,
    part: int | None,
    params: dict[str, Any],
) -> tuple[str, tuple[str, ...]]:
    cache_key = (shape, key, descending, part)
    found = _STATEMENTS.get(cache_key)
    if found is not None:
        return found
    conds = filter_conditions(f, "sqlite", named=True)
    order = order_by(key, descending)
    fixed = 0
    if part is not None:
        n = len(sort_columns(key)) + 1
        values: list[Any] = [bindparam(f"k{i}") for i in range(n)]
        ranges, fixed = keyset_ranges(key, None, descending, values=values)[part]
        conds = [*conds, *ranges]
    stmt = (
        select(C.seq)
        .where(*conds)
        .order_by(*order[fixed:])
        .limit(bindparam("limit"))
        .offset(literal_column("0"))
    )
    compiled = stmt.compile(dialect=DIALECT)
    sql = str(compiled)
    names = tuple(compiled.positiontup or ())
    for name in names:  # an IN list: one placeholder per value (their number is in the shape)
        v = params[name]  # KeyError: a value filter_params does not give
        if isinstance(v, list | tuple):
            sql = sql.replace(f"__[POSTCOMPILE_{name}]", ", ".join("?" * len(v)))
    assert "__[POSTCOMPILE_" not in sql, sql
    if len(_STATEMENTS) >= MAX_STATEMENTS:
        _STATEMENTS.clear()
    _STATEMENTS[cache_key] = (sql, names)
    return sql, names
