"""PostgreSQL's index for 1-2 character searches: a GIN over the text's characters and pairs.

The trigram index (revision 0002, `comment_fts_trgm`) has no trigram to look up for a term of
one or two characters, so those scanned the whole table (0.4-0.9 s at 1,000,000 comments).
Revision 0012 added `comment_fts_chars` over the folded text's characters
(`string_to_array(search_text, NULL)`): exact for one character, but a two-character term
asked for both characters anywhere in the text, and each candidate's row was then read to
check that they stand side by side (「道路」: 15,032 candidates for 7,512 hits at 1M).

`comment_fts_grams` (revision 0016) indexes `komoro_grams(search_text)`: every character and
every pair of neighbouring characters. A term of one or two characters is then one element,
and `@>` of one element is exact for a GIN over an array: the index finds the hits and
nothing else, with no condition left to check on the row. An index on an immutable function
of an existing column: no trigger or side table keeps it, and every writer (services,
imports, COPY, raw SQL) is covered.

PostgreSQL still reads each hit's page to count it (visibility: a GIN has no index-only
scan, and PostgreSQL 15.18 reads every page of a bitmap count even when the visibility map
says it is all-visible), so a count costs ~2-4 µs per hit: half of what the character index
cost for 2 characters, where half the candidates were not hits.
"""

from __future__ import annotations

import time

from sqlalchemy import ColumnElement, Text, func, literal, text
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Session

from komoro_feedback.store.models import CommentRow

INDEX = "comment_fts_grams"
FUNCTION = "komoro_grams"
#: Must stay the same expression as the index's, or the planner cannot use it.
EXPRESSION_SQL = f"{FUNCTION}(search_text)"
#: Revision 0012's index, replaced by INDEX in revision 0016.
CHARS_INDEX = "comment_fts_chars"
#: The search box's walk in recording order (store/pg_search_keys.py) reads the seq and the
#: folded text of the comments not deleted from this index alone (an index-only scan): at
#: 1,000,000 comments ~0.2 µs a comment instead of ~1.3 µs for the table's row.
WALK_INDEX = "comment_fts_walk"


def create_sql() -> list[str]:
    """The function and the index (revision 0016). The function names pg_catalog's own
    functions, so that it means the same under any search_path (ANALYZE, restores)."""
    return [
        f"CREATE OR REPLACE FUNCTION {FUNCTION}(t text) RETURNS text[] "
        "LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$ "
        "SELECT pg_catalog.string_to_array(t, NULL) || ARRAY(SELECT pg_catalog.substr(t, i, 2) "
        "FROM pg_catalog.generate_series(1, pg_catalog.length(t) - 1) AS i) $$",
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON comment USING gin ({EXPRESSION_SQL})",
        f"CREATE INDEX IF NOT EXISTS {WALK_INDEX} ON comment (seq) INCLUDE (search_text) "
        "WHERE deleted_at IS NULL",
    ]


def drop_sql() -> list[str]:
    return [
        f"DROP INDEX IF EXISTS {WALK_INDEX}",
        f"DROP INDEX IF EXISTS {INDEX}",
        f"DROP FUNCTION IF EXISTS {FUNCTION}(text)",
    ]


def chars_create_sql() -> str:
    """Revision 0012's character index (its upgrade, and revision 0016's downgrade)."""
    return (
        f"CREATE INDEX IF NOT EXISTS {CHARS_INDEX} ON comment "
        "USING gin (string_to_array(search_text, NULL))"
    )


def chars_drop_sql() -> str:
    return f"DROP INDEX IF EXISTS {CHARS_INDEX}"


def short_condition(term: str) -> ColumnElement[bool]:
    """WHERE clause for a 1-2 character term, served by comment_fts_grams alone."""
    grams = getattr(func, FUNCTION)(CommentRow.search_text, type_=ARRAY(Text))
    return grams.op("@>")(literal([term], ARRAY(Text)))  # type: ignore[no-any-return]


def common_grams(s: Session) -> frozenset[str] | None:
    """The characters and pairs ANALYZE found most often in the index (None: not analysed).

    PostgreSQL keeps the most common elements of an indexed array expression (up to 1,000 by
    default; at 1,000,000 demo comments the rarest of them is in ~0.3 % of the comments): a
    term outside them is rarer than that, which says which way a search page is quicker to
    find (store/pg_search_keys.py). Only a choice of plan depends on it, never a result.
    """
    key = str(s.get_bind().engine.url)  # the password hidden: the key says which database
    cached = _COMMON.get(key)
    if cached is not None and time.monotonic() - cached[0] < COMMON_SECONDS:
        return cached[1]
    row = s.execute(
        text(
            "SELECT most_common_elems::text::text[] FROM pg_stats "
            "WHERE schemaname = current_schema() AND tablename = :index"
        ),
        {"index": INDEX},
    ).first()
    found = frozenset(row[0]) if row is not None and row[0] else None
    if found is not None:  # until the first ANALYZE, ask again
        _COMMON[key] = (time.monotonic(), found)
    return found


#: common_grams per database, re-read after COMMON_SECONDS: statistics change with ANALYZE
#: only, and reading them cost a round trip and ~0.7 ms of the server per search page.
_COMMON: dict[str, tuple[float, frozenset[str]]] = {}
COMMON_SECONDS = 300.0
