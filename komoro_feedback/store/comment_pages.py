"""Pages of the comments list: key-set pages in any order, from the fastest path each backend
and filter allows (SQLite's driver, PostgreSQL's prepared statements, or a Session)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from komoro_feedback.domain.comment import Comment
from komoro_feedback.domain.query import CommentFilter, CommentQuery, Page, SortKey
from komoro_feedback.domain.text import search_terms
from komoro_feedback.store import pg_page, pg_stored, sqlite_keys
from komoro_feedback.store.comment_query import (
    filter_conditions,
    indexed_terms,
    keys_after,
    keyset_condition,
    next_cursor,
    order_by,
    sort_columns,
    sort_expression,
)
from komoro_feedback.store.comment_rows import (
    Policies,
    display_select,
    read_comments,
    rows_by_seq,
    sqlite_comments,
    stored_rows,
    to_comments,
)
from komoro_feedback.store.models import CommentRow
from komoro_feedback.store.pg_search_keys import PgText
from komoro_feedback.store.policy_walk import walk_keys, walkable
from komoro_feedback.store.raw_rows import driver_connection, sqlite_rows
from komoro_feedback.store.search_keys import PROBE_ROWS, IndexedText

C = CommentRow


class CommentPages:
    """The comments list's pages. Callers pass a session, or a driver connection for the
    `*_stored` paths."""

    def page(self, s: Session, query: CommentQuery, *, policies: bool = True) -> Page[Comment]:
        """`policies=False`: the comments' policies are not read (policy_codes and policy_ids
        are empty); a report that does not print them skips a query per page."""
        dialect = s.get_bind().dialect.name
        if (
            self._is_bare_short_search(s, query)
            or IndexedText.of(query.filter, dialect)
            or PgText.of(query.filter, dialect)
        ):
            return self.browse(s, query, policies=policies)  # browse() knows the faster way
        expr = sort_expression(query.sort)
        stmt = display_select(expr)
        conds = filter_conditions(query.filter, dialect)
        if query.after is not None:
            conds.append(keyset_condition(query.sort, query.after, query.descending))
        stmt = stmt.where(*conds)
        order = order_by(query.sort, query.descending)
        rows = [tuple(r) for r in s.execute(stmt.order_by(*order).limit(query.limit + 1))]
        return self._page(s, query, rows, policies)

    def browse(self, s: Session, query: CommentQuery, *, policies: bool = True) -> Page[Comment]:
        """The same page as page(), found in two steps for big tables (the comments browser).

        First the keys alone (filter, order, limit: index-only work where an index fits), then
        the display joins for those rows only. page() joins before it sorts, which at 1,000,000
        comments costs about a second per page for a filter like "open in this district";
        this takes some milliseconds (measured in bench/bench_gui.py).
        """
        dialect = s.get_bind().dialect.name
        if dialect == "sqlite":
            page = self.browse_stored(driver_connection(s), query, policies=policies)
            if page is not None:
                return page
        conds = filter_conditions(query.filter, dialect)
        indexed = IndexedText.of(query.filter, dialect)
        pg_text = PgText.of(query.filter, dialect)
        keys: list[int] | Select[Any]
        if pg_text is not None:
            keys = pg_text.keys(s, query)
        elif indexed is not None and query.sort is SortKey.RECORDED:
            keys = indexed.recorded_keys(s, query)
        elif indexed is not None:
            keys = indexed.ordered_keys(s, query)
        elif self._is_bare_short_search(s, query):
            keys = self._short_search_keys(s, query)
        elif walkable(query.filter, query.sort):
            keys = walk_keys(
                s, query.filter, query.sort, query.descending, query.limit + 1, query.after
            )
        elif dialect == "postgresql":  # run as part of the rows' statement below
            keys = pg_page.keys_select(conds, query, query.limit + 1)
        else:
            keys = keys_after(s, conds, query.sort, query.descending, query.limit + 1, query.after)
        if dialect == "postgresql":
            if not isinstance(keys, Select):
                keys = keys[: query.limit + 1]
                if not keys:  # a search without a hit: no statement for no rows
                    return Page((), None)
            rows, read = pg_page.rows(s, keys, query.sort, query.descending)
            return self._page(s, query, rows, policies, read)
        assert not isinstance(keys, Select)
        rows = rows_by_seq(s, keys[: query.limit + 1], query.sort, query.descending)
        return self._page(s, query, rows, policies)

    def browse_stored(
        self, conn: Any, query: CommentQuery, *, policies: bool = True
    ) -> Page[Comment] | None:
        """SQLite: browse() on the driver connection `conn`, no Session and no ORM, for a
        filter without free text and for the search box's pages (free text alone, newest
        recorded first); None for the rest (browse() with a session serves them).

        The same SQL as browse(); at 1,000,000 comments SQLite answers a first page in
        ~0.4 ms and SQLAlchemy's part was ~1.2 ms more (bench/bench_foundation.py).
        """
        f = query.filter
        n = query.limit + 1
        if sqlite_keys.handles(f, query.after, query.sort):
            find = sqlite_keys.walk_keys if walkable(f, query.sort) else sqlite_keys.keys_after
            keys = find(conn, f, query.sort, query.descending, n, query.after)
        elif query.sort is SortKey.RECORDED and (indexed := IndexedText.of(f, "sqlite")):
            keys = sqlite_keys.search_keys(conn, indexed, query.descending, n, query.after)
        else:
            return None
        rows = stored_rows(conn, keys[:n], query.sort, query.descending)[: query.limit]
        items = sqlite_comments(conn, rows, with_policies=policies)
        return self._cursor_after(query, rows, items, more=len(keys) > query.limit)

    def browse_pg_stored(self, conn: Any, query: CommentQuery) -> Page[Comment] | None:
        """PostgreSQL: browse() on the psycopg connection `conn` for the filters and sorts
        store/pg_stored.py handles (None for the rest): one prepared statement, no Session."""
        if not pg_stored.handles(query):
            return None
        rows, read = pg_stored.page_rows(conn, query)
        more = len(rows) > query.limit
        rows = rows[: query.limit]
        items = read_comments(rows, read)
        return self._cursor_after(query, rows, items, more=more)

    def _page(
        self,
        s: Session,
        query: CommentQuery,
        rows: list[tuple[Any, ...]],
        policies: bool,
        read: Policies | None = None,
    ) -> Page[Comment]:
        """The first `limit` rows as Comments, and the cursor after them if more follow
        (`read`: their policies, already read with the rows)."""
        more = len(rows) > query.limit
        rows = rows[: query.limit]
        items = to_comments(s, rows, with_policies=policies, policies=read)
        return self._cursor_after(query, rows, items, more=more)

    def _cursor_after(
        self, query: CommentQuery, rows: list[tuple[Any, ...]], items: list[Comment], more: bool
    ) -> Page[Comment]:
        cursor = None
        if more and rows:
            last = items[-1]
            value = rows[-1][-1] if sort_expression(query.sort) is not None else None
            cursor = next_cursor(query.sort, value, last.received_on, last.seq)
        return Page(tuple(items), cursor)

    def _is_bare_short_search(self, s: Session, query: CommentQuery) -> bool:
        """SQLite, 1-2 character terms that no index answers (punctuation), no other filter."""
        f = query.filter
        if s.get_bind().dialect.name != "sqlite":
            return False
        long, _short, rest = indexed_terms(search_terms(f.text))
        if long or not rest:
            return False
        bare = CommentFilter(include_deleted=f.include_deleted, deleted_only=f.deleted_only)
        return replace(f, text="") == bare  # otherwise another filter narrows the rows

    def _short_search_keys(self, s: Session, query: CommentQuery) -> list[int]:
        """The page's keys for a bare 1-2 character search, bounded in the worst case.

        SQLite walks the list order's index and tests each row it visits. A frequent term fills
        the page within a few rows; a rare one (or one found nowhere) visits every comment in
        index order with a random table read each: 1.7 s at 1,000,000 comments, where one
        sequential scan and a top-N sort take 0.3 s. So walk at most PROBE_ROWS rows in list
        order; if the page is not full by then, scan the table once instead.
        """
        f = query.filter
        conds = filter_conditions(replace(f, text=""), "sqlite")
        with_text = filter_conditions(f, "sqlite")
        if query.after is not None:
            after = keyset_condition(query.sort, query.after, query.descending)
            conds.append(after)
            with_text.append(after)
        columns = [*sort_columns(query.sort), C.seq]  # labelled: some are expressions
        first = (
            select(C.search_text, *(col.label(f"k{i}") for i, col in enumerate(columns)))
            .where(*conds)
            .order_by(*order_by(query.sort, query.descending))
            .limit(PROBE_ROWS)
            .subquery()
        )
        outer = [first.c[f"k{i}"] for i in range(len(columns))]
        walk = (
            select(outer[-1])
            .where(*(func.instr(first.c.search_text, t) > 0 for t in search_terms(f.text)))
            .order_by(*(c.desc() if query.descending else c.asc() for c in outer))
            .limit(query.limit + 1)
        )
        keys = list(s.scalars(walk))
        if len(keys) > query.limit:
            return keys
        order = order_by(query.sort, query.descending)
        keys_q = select(C.seq).where(*with_text).order_by(*order).limit(query.limit + 1)
        return [r[0] for r in sqlite_rows(s, keys_q, "NOT INDEXED")]
