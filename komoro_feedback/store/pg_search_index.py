"""PostgreSQL's indexes for the search box besides the trigram one.

The trigram index (revision 0002, `comment_fts_trgm`) has no trigram to look up for a term of
one or two characters, so those scanned the whole table (0.4-0.9 s at 1,000,000 comments).
`comment_fts_chars` (revision 0012; compared as bytes since 0017) indexes
`string_to_array(search_text COLLATE "C", NULL)`, the folded text's characters as an array:
a built-in, immutable expression, so no trigger or side table keeps it and every writer
(services, imports, COPY, raw SQL) is covered.

A term asks for the comments whose characters include all of its own (`@>`): exact for one
character; for two, the candidates are then checked with strpos() (both characters, but not
necessarily side by side). A character that occurs nowhere answers from the index alone.

Measured and not kept (bench/README.md, "Branch pgsearch"): an index of the characters and of
each pair of neighbouring characters (an immutable SQL function) makes a 2-character term one
exact element: 「道路」 read 7,165 buffers instead of 13,666 and counted in ~29 instead of ~96
ms, but the index was 151 MB instead of 55, took ~2 minutes to build at 1,000,000 comments
instead of ~30 s, and demo-data of 100,000 comments took 47 s instead of 29. Either way
PostgreSQL reads each hit's page to count it: a GIN has no index-only scan, and PostgreSQL
15.18 reads every page of a bitmap count even when the visibility map says it is all-visible.

`comment_fts_walk` (revision 0016): the seq of the comments not deleted, with their folded
text included, so that the search box's walk in recording order (store/pg_search_keys.py)
tests each comment from the index alone (an index-only scan, ~0.2 µs a comment against
~1.3 µs for the table's row at 1,000,000 comments).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from sqlalchemy import ColumnElement, Text, and_, func, literal, null, text
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Session

from komoro_feedback.store.models import CommentRow
from komoro_feedback.store.search_index import MIN_TRIGRAM_CHARS

INDEX = "comment_fts_chars"
#: Must stay the same expression as the index's, or the planner cannot use it (`chars_of`).
#: The characters compare as bytes (COLLATE "C", revision 0017): the index's build sorts
#: every character of every comment, and under the database's collation that took 1.8 s
#: where bytes take 1.2 s at 100,000 comments. Equality, all `@>` asks, is the same.
EXPRESSION_SQL = 'string_to_array(search_text COLLATE "C", NULL)'
#: Revision 0012's expression, before 0017.
EXPRESSION_SQL_0012 = "string_to_array(search_text, NULL)"
WALK_INDEX = "comment_fts_walk"


def create_sql(expression: str = EXPRESSION_SQL) -> str:
    """The character index (revision 0012; its expression since 0017)."""
    return f"CREATE INDEX IF NOT EXISTS {INDEX} ON comment USING gin ({expression})"


def chars_of(column: Any) -> ColumnElement[Any]:
    """EXPRESSION_SQL in SQLAlchemy: a column's characters as an array, compared as bytes."""
    return func.string_to_array(column.collate("C"), null())


def drop_sql() -> str:
    return f"DROP INDEX IF EXISTS {INDEX}"


def walk_create_sql() -> str:
    """Revision 0016's index for the search box's walk."""
    return (
        f"CREATE INDEX IF NOT EXISTS {WALK_INDEX} ON comment (seq) INCLUDE (search_text) "
        "WHERE deleted_at IS NULL"
    )


def walk_drop_sql() -> str:
    return f"DROP INDEX IF EXISTS {WALK_INDEX}"


def term_condition(term: str, value: Callable[[str, Any], Any]) -> ColumnElement[bool]:
    """WHERE clause for one search term: the trigram index's LIKE for 3+ characters, the
    character index for fewer. `value(name, v)` is how value `v` goes into the SQL: a
    literal (`as_literal`), or a placeholder for a statement run with parameters
    (store/pg_stored.py); `name` is "pattern", "chars" or "term"."""
    if len(term) >= MIN_TRIGRAM_CHARS:
        return CommentRow.search_text.like(value("pattern", like_pattern(term)), escape="\\")
    has_all = chars_of(CommentRow.search_text).op("@>")(value("chars", sorted(set(term))))
    if len(term) == 1:
        return has_all
    return and_(has_all, func.strpos(CommentRow.search_text, value("term", term)) > 0)


def as_literal(_name: str, v: Any) -> Any:
    return literal(v, ARRAY(Text)) if isinstance(v, list) else literal(v)


def like_pattern(term: str) -> str:
    escaped = term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def common_characters(s: Session) -> frozenset[str] | None:
    """The characters ANALYZE found most often in the index (None: not analysed yet).

    PostgreSQL keeps the most common elements of an indexed array expression (here 500 at
    1,000,000 comments, the rarest of them in 0.24 % of the comments): a character outside
    them is rarer than that, which says which way a search page is quicker to find
    (store/pg_search_keys.py). Only a choice of plan depends on it, never a result.
    """
    key = str(s.get_bind().engine.url)  # the password hidden: the key says which database
    return _common(key, lambda: s.execute(text(COMMON_SQL), {"index": INDEX}).first())


def common_characters_on(conn: Any) -> frozenset[str] | None:
    """common_characters on a psycopg connection (store/pg_stored.py)."""
    pg = conn.pgconn  # libpq's own fields: conn.info.dsn took 0.13 ms to build
    key = f"{pg.host!r}:{pg.port!r}/{pg.db!r}"
    return _common(key, lambda: conn.execute(COMMON_SQL_DRIVER, {"index": INDEX}).fetchone())


COMMON_SQL = (
    "SELECT most_common_elems::text::text[] FROM pg_stats "
    "WHERE schemaname = current_schema() AND tablename = :index"
)
COMMON_SQL_DRIVER = COMMON_SQL.replace(":index", "%(index)s")


def _common(key: str, read: Callable[[], Any]) -> frozenset[str] | None:
    cached = _COMMON.get(key)
    if cached is not None and time.monotonic() - cached[0] < COMMON_SECONDS:
        return cached[1]
    row = read()
    found = frozenset(row[0]) if row is not None and row[0] else None
    if found is not None:  # until the first ANALYZE, ask again
        _COMMON[key] = (time.monotonic(), found)
    return found


#: common_characters per database, re-read after COMMON_SECONDS: statistics change with
#: ANALYZE only, and reading them cost a round trip and ~0.7 ms of the server per search page.
_COMMON: dict[str, tuple[float, frozenset[str]]] = {}
COMMON_SECONDS = 300.0
