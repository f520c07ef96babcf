"""PostgreSQL: the page of a search (free text alone), in any list order, bounded either way.

Asked for "newest 51 comments containing 熊", the planner may walk the seq index backwards
and test every row, trusting an estimate of how often the term occurs; for a term found
nowhere that read the whole table (6 s at 1,000,000 comments). So the page is found in two
steps whose cost does not depend on the estimate: walk at most PROBE_ROWS rows in list order,
testing each with strpos() (a frequent term fills the page there), and only if the page is
not full, take all hits from the text indexes (a MATERIALIZED CTE the planner cannot turn
into an index walk) and sort them. A 1-2 character term that the statistics show to be rare
skips the walk (`PgText._rare`).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from komoro_feedback.domain.query import CommentFilter, CommentQuery
from komoro_feedback.domain.text import search_terms
from komoro_feedback.store import pg_search_index
from komoro_feedback.store.comment_query import (
    filter_conditions,
    keyset_condition,
    order_by,
    sort_columns,
    text_conditions,
)
from komoro_feedback.store.models import CommentRow
from komoro_feedback.store.search_index import MIN_TRIGRAM_CHARS

C = CommentRow
#: Rows in list order tested before the hits are sorted instead (each a heap read, mostly in
#: table order: ~10 ms at 1M comments). A term in 0.3 % of the comments fills a page of 50.
PROBE_ROWS = 20_000


class PgText:
    """Free text alone (deleted comments in or out as the filter says) on PostgreSQL."""

    def __init__(self, terms: list[str], f: CommentFilter) -> None:
        self.terms = terms
        self.filter = f

    @classmethod
    def of(cls, f: CommentFilter, dialect: str) -> PgText | None:
        if dialect != "postgresql":
            return None
        terms = search_terms(f.text)
        bare = CommentFilter(include_deleted=f.include_deleted, deleted_only=f.deleted_only)
        if not terms or replace(f, text="") != bare:
            return None
        return cls(terms, f)

    def keys(self, s: Session, query: CommentQuery) -> list[int]:
        """The page's seqs in the query's order (limit + 1 of them)."""
        base = filter_conditions(replace(self.filter, text=""), "postgresql")
        if query.after is not None:
            base.append(keyset_condition(query.sort, query.after, query.descending))
        if not self._rare(s):
            walk = self.walk(query, base, list(self.terms))
            keys = [int(k) for k in s.scalars(walk)]
            if len(keys) > query.limit:
                return keys
        return [int(k) for k in s.scalars(self.hits(query, base))]

    def walk(self, query: CommentQuery, base: list[Any], terms: list[Any]) -> Select[Any]:
        """The first limit + 1 hits among PROBE_ROWS rows in list order (`base`: the filter's
        and the cursor's conditions; `terms`: the terms' values or placeholders)."""
        columns = [*sort_columns(query.sort), C.seq]
        labelled = [col.label(f"k{i}") for i, col in enumerate(columns)]
        first = (
            select(C.search_text, *labelled)
            .where(*base)
            .order_by(*order_by(query.sort, query.descending))
            .limit(PROBE_ROWS)
            .subquery()
        )
        walk = select(first.c[f"k{len(columns) - 1}"]).where(
            *(func.strpos(first.c.search_text, t) > 0 for t in terms)
        )
        return self._ordered(walk, first, columns, query)

    def hits(
        self, query: CommentQuery, base: list[Any], terms: list[Any] | None = None
    ) -> Select[Any]:
        """All hits from the text indexes (a MATERIALIZED CTE the planner cannot turn into
        an index walk), sorted, the first limit + 1 (`terms`: the terms' conditions, on
        placeholders; their values as literals if None)."""
        columns = [*sort_columns(query.sort), C.seq]
        labelled = [col.label(f"k{i}") for i, col in enumerate(columns)]
        if terms is None:
            terms = text_conditions(self.filter.text, "postgresql")
        hits = select(*labelled).where(*base, *terms).cte("hits").prefix_with("MATERIALIZED")
        sorted_hits = select(hits.c[f"k{len(columns) - 1}"])
        return self._ordered(sorted_hits, hits, columns, query)

    def _rare(self, s: Session) -> bool:
        """True when a 1-2 character term has a character outside the most common ones of
        the character index: fewer hits than the walk needs to fill a page (at 1,000,000
        comments the rarest common character is in 0.24 %, the walk fills a page of 50 from
        0.25 %), so the walk is skipped and the few hits are sorted (a character found
        nowhere: ~1 ms instead of ~12 ms walking 20,000 rows first). The statistics are read
        once per 5 minutes (pg_search_index.common_characters)."""
        if not self.short_terms():
            return False
        return self.rare_in(pg_search_index.common_characters(s))

    def short_terms(self) -> list[str]:
        return [t for t in self.terms if len(t) < MIN_TRIGRAM_CHARS]

    def rare_in(self, common: frozenset[str] | None) -> bool:
        """_rare() with the common characters read (None: not known, not rare)."""
        return common is not None and any(ch not in common for t in self.short_terms() for ch in t)

    @staticmethod
    def _ordered(
        stmt: Select[Any], source: Any, columns: list[Any], query: CommentQuery
    ) -> Select[Any]:
        keys = [source.c[f"k{i}"] for i in range(len(columns))]
        return stmt.order_by(*(k.desc() if query.descending else k.asc() for k in keys)).limit(
            query.limit + 1
        )
