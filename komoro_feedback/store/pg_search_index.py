"""PostgreSQL's index for 1-2 character searches: a GIN over the characters of the text.

The trigram index (revision 0002, `comment_fts_trgm`) has no trigram to look up for a term of
one or two characters, so those scanned the whole table (0.4-0.9 s at 1,000,000 comments).
`comment_fts_chars` (revision 0012) indexes `string_to_array(search_text, NULL)`, the folded
text's characters as an array: a built-in, immutable expression, so no trigger or side table
keeps it and every writer (services, imports, COPY, raw SQL) is covered.

A term asks for the comments whose characters include all of its own (`@>`): exact for one
character; for two, the candidates are then checked with strpos() (both characters, but not
necessarily side by side). A character that occurs nowhere answers from the index alone.
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, Text, and_, func, literal, null, text
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Session

from komoro_feedback.store.models import CommentRow

INDEX = "comment_fts_chars"
#: Must stay the same expression as the index's, or the planner cannot use it.
EXPRESSION_SQL = "string_to_array(search_text, NULL)"


def create_sql() -> str:
    return f"CREATE INDEX IF NOT EXISTS {INDEX} ON comment USING gin ({EXPRESSION_SQL})"


def drop_sql() -> str:
    return f"DROP INDEX IF EXISTS {INDEX}"


def short_condition(term: str) -> ColumnElement[bool]:
    """WHERE clause for a 1-2 character term, served by comment_fts_chars."""
    chars = sorted(set(term))
    has_all = func.string_to_array(CommentRow.search_text, null()).op("@>")(
        literal(chars, ARRAY(Text))
    )
    if len(term) == 1:
        return has_all
    return and_(has_all, func.strpos(CommentRow.search_text, term) > 0)


def common_characters(s: Session) -> frozenset[str] | None:
    """The characters ANALYZE found most often in the index (None: not analysed yet).

    PostgreSQL keeps the most common elements of an indexed array expression (here 500 at
    1,000,000 comments, the rarest of them in 0.24 % of the comments): a character outside
    them is rarer than that, which says which way a search page is quicker to find
    (store/pg_search_keys.py). Only a choice of plan depends on it, never a result.
    """
    row = s.execute(
        text(
            "SELECT most_common_elems::text::text[] FROM pg_stats "
            "WHERE schemaname = current_schema() AND tablename = :index"
        ),
        {"index": INDEX},
    ).first()
    return frozenset(row[0]) if row is not None and row[0] else None
