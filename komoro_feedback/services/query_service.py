"""Lists, counts and search over comments, through the query object."""

from __future__ import annotations

from datetime import date

from komoro_feedback.domain.comment import Comment
from komoro_feedback.domain.enums import Status
from komoro_feedback.domain.query import (
    CommentFilter,
    CommentQuery,
    CountRow,
    Page,
    SortKey,
)
from komoro_feedback.store import pg_stored
from komoro_feedback.store.comment_counts import CommentCounts
from komoro_feedback.store.comment_pages import CommentPages
from komoro_feedback.store.comment_repository import CommentRepository, received_range
from komoro_feedback.store.database import Database


class QueryService:
    """Read-only use cases; safe to call from a worker thread (own session per call; on
    SQLite the list's pages take a pooled driver connection instead, a tenth of the cost)."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self.repo = CommentRepository()
        self.counted = CommentCounts()
        self.pages = CommentPages()

    def page(self, query: CommentQuery, *, policies: bool = True) -> Page[Comment]:
        """`policies=False`: without the comments' policies (one query less per page)."""
        if self.db.is_sqlite and query.filter.text.strip():  # page() is browse() for a search
            with self.db.read_driver() as conn:
                page = self.pages.browse_stored(conn, query, policies=policies)
            if page is not None:
                return page
        elif self.db.is_postgresql and query.filter.text.strip() and pg_stored.handles(query):
            with self.db.read_driver() as conn:  # the search box's page: one statement
                page = self.pages.browse_pg_stored(conn, query)
            if page is not None:
                return page
        with self.db.read() as s:
            return self.pages.page(s, query, policies=policies)

    def browse(self, query: CommentQuery) -> Page[Comment]:
        """Like page(), for the comments browser over very big tables (keys first, then rows)."""
        if self.db.is_sqlite:
            with self.db.read_driver() as conn:
                page = self.pages.browse_stored(conn, query)
            if page is not None:
                return page
        elif self.db.is_postgresql and pg_stored.handles(query):
            with self.db.read_driver() as conn:
                page = self.pages.browse_pg_stored(conn, query)
            if page is not None:
                return page
        with self.db.read() as s:
            return self.pages.browse(s, query)

    def count(self, f: CommentFilter) -> int:
        if self.db.is_sqlite and f.text.strip():
            with self.db.read_driver() as conn:
                n = self.counted.count_stored(conn, f)
            if n is not None:
                return n
        elif self.db.is_postgresql and f.text.strip():
            with self.db.read_driver() as conn:
                n = pg_stored.count(conn, f)
            if n is not None:
                return n
        with self.db.read() as s:
            return self.counted.count(s, f)

    def counts(self, f: CommentFilter) -> list[CountRow]:
        with self.db.read() as s:
            return self.counted.counts(s, f)

    def status_counts_by_ward(self, f: CommentFilter) -> list[tuple[int | None, Status, int]]:
        """(ward id or None for city-wide, status, comments) for the districts page."""
        with self.db.read() as s:
            return self.counted.status_counts_by_ward(s, f)

    def status_counts_by_month(self, f: CommentFilter) -> list[tuple[str, Status, int]]:
        """("YYYY-MM" of the received date, status, comments), oldest month first."""
        with self.db.read() as s:
            return self.counted.status_counts_by_month(s, f)

    def ids(self, f: CommentFilter, limit: int | None = None) -> list[str]:
        with self.db.read() as s:
            return self.repo.ids(s, f, limit)

    def get_many(self, ids: list[str]) -> list[Comment]:
        with self.db.read() as s:
            return self.repo.get_many(s, ids)

    def search(self, text: str, limit: int = 50, f: CommentFilter | None = None) -> Page[Comment]:
        """Newest recorded first: the order the FTS index can serve without sorting."""
        base = f or CommentFilter()
        return self.page(
            CommentQuery(filter=base.with_text(text), sort=SortKey.RECORDED, limit=limit)
        )

    def received_range(self) -> tuple[date | None, date | None]:
        with self.db.read() as s:
            return received_range(s)
