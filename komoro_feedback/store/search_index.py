"""The search indexes' shared rules: which terms each FTS5 table can answer, and how.

SQLite has two FTS5 tables over the normalised text (`comment.search_text`), both with
rowid = comment.seq and both holding every comment, deleted or not:

- `comment_fts` (revision 0002): trigram, for terms of 3+ characters;
- `comment_fts_short` (revision 0009): one token per character, for terms of 1-2 characters,
  asked as a phrase ("道 路"). Its text is `short_index_text(search_text)`, which the
  triggers compute with the SQL function `komoro_chars` (registered on every connection by
  store/database.py). Characters that the unicode61 tokenizer would drop (punctuation, spaces,
  symbols) become one placeholder token, so positions stay one per character and a phrase
  never matches across them; a term containing such a character is not asked of the index
  (`short_index_query` gives None) and is matched with instr() on the table instead.

Deletion is resolved without reading the comment table per hit: `ix_comment_deleted` is a
partial index of the seq of deleted comments, few as they are, and the FTS queries say
`rowid NOT IN (SELECT seq FROM comment WHERE deleted_at IS NOT NULL)`.
"""

from __future__ import annotations

import unicodedata

MIN_TRIGRAM_CHARS = 3
SHORT_TABLE = "comment_fts_short"
SQL_FUNCTION = "komoro_chars"
#: A private-use character: unicode61 keeps it as a token (category Co).
PLACEHOLDER = "\ue000"


def _indexed(ch: str) -> bool:
    """True for the characters unicode61 keeps as tokens by default (L*, N*, Co)."""
    category = unicodedata.category(ch)
    return (category[0] in "LN" or category == "Co") and ch != PLACEHOLDER


def short_index_text(search_text: str | None) -> str | None:
    """What comment_fts_short indexes for one comment: each character as its own token."""
    if search_text is None:
        return None
    return " ".join(ch if _indexed(ch) else PLACEHOLDER for ch in search_text)


def short_index_query(term: str) -> str | None:
    """The FTS5 phrase for a 1-2 character term, or None when the index cannot answer it."""
    if not term or len(term) >= MIN_TRIGRAM_CHARS or not all(_indexed(ch) for ch in term):
        return None
    return '"' + " ".join(term) + '"'


def trigram_query(term: str) -> str | None:
    """The FTS5 phrase for a term of 3+ characters (quoted: its characters are plain text)."""
    if len(term) < MIN_TRIGRAM_CHARS:
        return None
    return '"' + term.replace('"', '""') + '"'


def sqlite_triggers() -> list[str]:
    """Keep comment_fts_short in step with comment.search_text (contentless: delete by value)."""
    t, f = SHORT_TABLE, SQL_FUNCTION
    return [
        f"CREATE TRIGGER {t}_ai AFTER INSERT ON comment BEGIN "
        f"INSERT INTO {t}(rowid, chars) VALUES (new.seq, {f}(new.search_text)); END",
        f"CREATE TRIGGER {t}_ad AFTER DELETE ON comment BEGIN "
        f"INSERT INTO {t}({t}, rowid, chars) VALUES ('delete', old.seq, {f}(old.search_text)); "
        "END",
        f"CREATE TRIGGER {t}_au AFTER UPDATE OF search_text, seq ON comment BEGIN "
        f"INSERT INTO {t}({t}, rowid, chars) VALUES ('delete', old.seq, {f}(old.search_text)); "
        f"INSERT INTO {t}(rowid, chars) VALUES (new.seq, {f}(new.search_text)); END",
    ]


def sqlite_create() -> list[str]:
    return [
        f"CREATE VIRTUAL TABLE {SHORT_TABLE} USING fts5(chars, content='', columnsize=0, "
        "tokenize='unicode61 remove_diacritics 0')",
        *sqlite_triggers(),
        sqlite_fill(),
    ]


def sqlite_fill(where: str = "") -> str:
    """Index the comments matching `where` (all of them on creation and fresh bulk loads)."""
    return (
        f"INSERT INTO {SHORT_TABLE}(rowid, chars) "
        f"SELECT seq, {SQL_FUNCTION}(search_text) FROM comment {where}"
    )


def sqlite_drop() -> list[str]:
    return [
        *(f"DROP TRIGGER IF EXISTS {SHORT_TABLE}_{x}" for x in ("au", "ad", "ai")),
        f"DROP TABLE IF EXISTS {SHORT_TABLE}",
    ]
