"""Free text alone (the search box with no other filter) answered from the FTS5 indexes.

Counting the hits and paging them newest recorded first need no read of the comment table:
the indexes' rowid is the comment's seq, and deleted comments are left out through the small
partial index of their seqs (store/search_index.py). At 1,000,000 comments a 3-character
count takes ~8 ms this way, against ~120 ms when each hit is looked up for deleted_at.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from komoro_feedback.domain.query import CommentFilter, CommentQuery
from komoro_feedback.domain.text import search_terms
from komoro_feedback.store.comment_query import (
    fts_rowids,
    indexed_terms,
    keyset_condition,
    match_params,
    order_by,
    sort_columns,
)
from komoro_feedback.store.models import CommentRow

C = CommentRow
#: How many rows in list order a search tests before it sorts its hits instead: ~35 ms of
#: index walk at 1M comments.
PROBE_ROWS = 20_000


class IndexedText:
    """The MATCH phrases of a filter that is free text alone, every term in an index."""

    def __init__(self, long: list[str], short: list[str], f: CommentFilter) -> None:
        self.long = long
        self.short = short
        self.filter = f

    @classmethod
    def of(cls, f: CommentFilter, dialect: str) -> IndexedText | None:
        if dialect != "sqlite":
            return None
        terms = search_terms(f.text)
        bare = CommentFilter(include_deleted=f.include_deleted, deleted_only=f.deleted_only)
        if not terms or replace(f, text="") != bare:
            return None
        long, short, rest = indexed_terms(terms)
        return None if rest else cls(long, short, f)

    def hits(self, *, named: bool = False) -> Any:
        """SELECT rowid of the matching comments, deleted ones in or out as the filter says
        (`named`: the MATCH expressions bound by the names of `params`)."""
        q = fts_rowids(self.long, self.short, named=named)
        rowid = q.selected_columns[0]
        deleted = select(C.seq).where(C.deleted_at.is_not(None))
        if self.filter.deleted_only:
            return q.where(rowid.in_(deleted))
        if not self.filter.include_deleted:
            return q.where(rowid.not_in(deleted))
        return q

    def params(self) -> dict[str, str]:
        """The values of `hits(named=True)`."""
        return match_params(self.long, self.short)

    def shape(self) -> tuple[bool, ...]:
        """What the SQL text of `hits(named=True)` depends on."""
        f = self.filter
        return (bool(self.long), bool(self.short), f.deleted_only, f.include_deleted)

    def count(self, s: Session) -> int:
        return int(s.scalar(select(func.count()).select_from(self.hits().subquery())) or 0)

    def recorded_select(
        self, descending: bool, after: Any, limit: Any, *, named: bool = False
    ) -> Any:
        """SELECT the seqs of the hits after the seq `after` (None: from the first) in
        recording order, straight from the index."""
        q = self.hits(named=named)
        rowid = q.selected_columns[0]
        if after is not None:
            q = q.where(rowid < after if descending else rowid > after)
        return q.order_by(rowid.desc() if descending else rowid.asc()).limit(limit)

    def recorded_keys(self, s: Session, query: CommentQuery) -> list[int]:
        """The page's seqs in recording order, straight from the index (limit + 1 of them)."""
        after = query.after.seq if query.after is not None else None
        q = self.recorded_select(query.descending, after, query.limit + 1)
        return [int(k) for k in s.scalars(q)]

    def ordered_keys(self, s: Session, query: CommentQuery) -> list[int]:
        """The page's seqs in any other list order (limit + 1 of them), bounded either way.

        A frequent term fills a page within the first rows of the list's own index, each
        tested against the hits (an in-memory set) without reading the table; a rare one is
        quicker from its few hits, sorted. So walk at most PROBE_ROWS rows of the index, and
        only if the page is not full by then sort the hits.
        """
        hits = self.hits()
        columns = [*sort_columns(query.sort), C.seq]
        order = order_by(query.sort, query.descending)
        after = (
            [keyset_condition(query.sort, query.after, query.descending)]
            if query.after is not None
            else []
        )
        first = (
            select(*(col.label(f"k{i}") for i, col in enumerate(columns)))
            .where(*after)
            .order_by(*order)
            .limit(PROBE_ROWS)
            .subquery()
        )
        outer = [first.c[f"k{i}"] for i in range(len(columns))]
        walk = (
            select(outer[-1])
            .where(outer[-1].in_(hits))
            .order_by(*(c.desc() if query.descending else c.asc() for c in outer))
            .limit(query.limit + 1)
        )
        keys = [int(k) for k in s.scalars(walk)]
        if len(keys) > query.limit:
            return keys
        sorted_hits = (
            select(C.seq).where(C.seq.in_(hits), *after).order_by(*order).limit(query.limit + 1)
        )
        return [int(k) for k in s.scalars(sorted_hits)]
