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
(store/policy_walk.py) in a subquery of the same statement.

Free text alone (the search box) takes pg_search_keys.PgText's two ways in one statement
each: its walk in list order with the terms as parameters (prepared once per sort: the walk's
plan does not depend on the term; at 1,000,000 comments the Session's walk, then the rows,
planned afresh each search and took 4.5 ms where SQLite took 1.1), and only if the walk
does not fill the page, the sorted hits with the term as a literal (the text indexes' plans
depend on it). Free text with other filters keeps comment_repository.browse's paths.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from sqlalchemy import Select, func, literal_column, select, tuple_

from komoro_feedback.domain.query import CommentFilter, CommentQuery
from komoro_feedback.store.comment_query import filter_conditions, order_by, sort_columns
from komoro_feedback.store.comment_rows import Policies
from komoro_feedback.store.models import CommentPolicyRow, CommentRow
from komoro_feedback.store.pg_page import DIALECT, KEYS_SLOT, cursor_values, page_sql
from komoro_feedback.store.pg_search_index import common_characters_on, term_condition
from komoro_feedback.store.pg_search_keys import PgText
from komoro_feedback.store.policy_walk import walk_columns, walk_conditions, walkable
from komoro_feedback.store.search_index import MIN_TRIGRAM_CHARS

C = CommentRow
CP = CommentPolicyRow
#: (filter, sort, descending, limit, cursor given) -> SQL: the filters a person clicks,
#: bounded for a long-running process (psycopg keeps 100 prepared per connection).
_STATEMENTS: dict[tuple[Any, ...], str] = {}
MAX_STATEMENTS = 256
_LITERAL = {"literal_binds": True}


def handles(query: CommentQuery) -> bool:
    """True for the pages found here: a filter without free text or with free text alone
    (the search box), and a cursor without NULL (a row comparison with NULL is never true)."""
    if query.filter.text.strip() and PgText.of(query.filter, "postgresql") is None:
        return False
    return query.after is None or None not in cursor_values(query)


def page_rows(conn: Any, query: CommentQuery) -> tuple[list[tuple[Any, ...]], Policies]:
    """pg_page.rows' display rows and policies for `query` (limit + 1 rows: one more tells
    whether a page follows), on the psycopg connection `conn`."""
    params: dict[str, Any] = {}
    if query.after is not None:
        params = {f"k{i}": v for i, v in enumerate(cursor_values(query))}
    search = PgText.of(query.filter, "postgresql")
    if search is not None:
        return _search_rows(conn, query, search, params)
    key = (query.filter, query.sort, query.descending, query.limit + 1, bool(params))
    return _run(conn, _statement(key, lambda: _compile(query)), params, prepare=True)


def count(conn: Any, f: CommentFilter) -> int | None:
    """The search box's count (free text alone; None for other filters) on the psycopg
    connection `conn`: one statement per shape (how many terms, each 3+ characters or 1 or
    2, deleted in or out), the terms' values as parameters. Prepared, PostgreSQL plans it
    for the first five terms and then keeps a generic plan, the same bitmap scan of the
    same text index (checked with EXPLAIN: the index depends on the term's length only)."""
    search = PgText.of(f, "postgresql")
    if search is None:
        return None
    values: dict[str, Any] = {}
    conds = [term_condition(t, _placeholder(i, values)) for i, t in enumerate(search.terms)]
    bare = replace(f, text="")
    lengths = tuple(min(len(t), MIN_TRIGRAM_CHARS) for t in search.terms)

    def compile_() -> str:
        stmt = select(func.count()).select_from(C).where(*filter_conditions(bare, "postgresql"))
        return _with_values(
            str(stmt.where(*conds).compile(dialect=DIALECT, compile_kwargs=_LITERAL))
        )

    row = conn.execute(_statement(("count", bare, lengths), compile_), values, prepare=True)
    return int(row.fetchone()[0])


def _with_values(sql: str) -> str:
    """`_placeholder`'s slots as psycopg's parameters."""
    return re.sub(r"__((?:pattern|chars|term)\d+)__", r"%(\1)s", sql)


def _placeholder(i: int, values: dict[str, Any]) -> Callable[[str, Any], Any]:
    """pg_search_index.term_condition's values as placeholders __pattern0__, ... (arrays
    cast: psycopg sends a list of str untyped), kept in `values`."""

    def value(name: str, v: Any) -> Any:
        values[f"{name}{i}"] = v
        slot = f"__{name}{i}__"
        return literal_column(f"CAST({slot} AS text[])" if isinstance(v, list) else slot)

    return value


def _search_rows(
    conn: Any, query: CommentQuery, search: PgText, params: dict[str, Any]
) -> tuple[list[tuple[Any, ...]], Policies]:
    bare = replace(query.filter, text="")  # the terms are parameters
    shape = (bare, query.sort, query.descending, query.limit + 1, bool(params))
    if not search.rare_in(common_characters_on(conn) if search.short_terms() else None):
        terms = {f"t{i}": t for i, t in enumerate(search.terms)}
        sql = _statement(("walk", *shape, len(terms)), lambda: _compile_walk(query, search))
        found = _run(conn, sql, {**params, **terms}, prepare=True)
        if len(found[0]) > query.limit:
            return found
    # Few hits: all of them from the text indexes, sorted. The terms are literals: with
    # parameters, PostgreSQL's generic plan guessed 5,000 hits for any term, so it planned
    # every execution afresh for a rare one (~1 ms for no hit).
    sql = _statement(("hits", *shape, *search.terms), lambda: _compile_hits(query, search))
    return _run(conn, sql, params, prepare=True)


def _statement(key: tuple[Any, ...], compile_: Callable[[], str]) -> str:
    sql = _STATEMENTS.get(key)
    if sql is None:
        sql = compile_()
        if len(_STATEMENTS) >= MAX_STATEMENTS:
            _STATEMENTS.clear()
        _STATEMENTS[key] = sql
    return sql


def _run(
    conn: Any, sql: str, params: dict[str, Any], *, prepare: bool | None
) -> tuple[list[tuple[Any, ...]], Policies]:
    """Always with a dict of parameters, even empty: the statement's literal % are written
    %% (SQLAlchemy's psycopg dialect), which psycopg reads back only then."""
    out: list[tuple[Any, ...]] = []
    pols: Policies = {}
    for r in conn.execute(sql, params, prepare=prepare):
        out.append(tuple(r[:-2]))
        ids, codes = r[-2], r[-1]
        pols[r[0]] = (tuple(codes), tuple(ids)) if ids else ((), ())
    return out, pols


def _compile(query: CommentQuery) -> str:
    """The page statement with the filter's values as literals (ids, statuses, kinds and
    dates: quoted by SQLAlchemy) and the cursor's as parameters %(k0)s, %(k1)s, ..."""
    keys = _walk(query) if walkable(query.filter, query.sort) else _keys(query)
    keys_sql = _with_cursor(query, str(keys.compile(dialect=DIALECT, compile_kwargs=_LITERAL)))
    return page_sql(query.sort, query.descending).replace(KEYS_SLOT, keys_sql)


def _compile_walk(query: CommentQuery, search: PgText) -> str:
    """The page of PgText's walk, the terms as parameters %(t0)s, %(t1)s, ..."""
    terms: list[Any] = [literal_column(f"__t{i}__") for i in range(len(search.terms))]
    walk = search.walk(query, _base(query), terms)
    sql = _with_cursor(query, str(walk.compile(dialect=DIALECT, compile_kwargs=_LITERAL)))
    for i in range(len(terms)):
        sql = sql.replace(f"__t{i}__", f"%(t{i})s")
    return page_sql(query.sort, query.descending).replace(KEYS_SLOT, sql)


def _compile_hits(query: CommentQuery, search: PgText) -> str:
    """The page of PgText's sorted hits, the terms as literals."""
    hits = search.hits(query, _base(query))
    sql = _with_cursor(query, str(hits.compile(dialect=DIALECT, compile_kwargs=_LITERAL)))
    return page_sql(query.sort, query.descending).replace(KEYS_SLOT, sql)


def _base(query: CommentQuery) -> list[Any]:
    """The filter's conditions but the free text, and the cursor's (placeholders)."""
    columns = [*sort_columns(query.sort), C.seq]
    bare = replace(query.filter, text="")
    return [*filter_conditions(bare, "postgresql"), *_after(columns, query)]


def _with_cursor(query: CommentQuery, sql: str) -> str:
    for i in range(len(sort_columns(query.sort)) + 1 if query.after is not None else 0):
        sql = sql.replace(f"__k{i}__", f"%(k{i})s")
    return sql


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
