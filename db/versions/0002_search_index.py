"""search index over the normalised comment text

SQLite: an FTS5 trigram index (external content over comment.search_text, rowid = comment.seq)
kept in sync by triggers, so every writer (the app, imports, raw SQL) keeps it right.
PostgreSQL: pg_trgm and a GIN trigram index, which serves LIKE '%...%' for 3+ characters.

Note for later revisions: a batch ("move and copy") migration of the comment table on SQLite drops
these triggers; recreate them at the end of such a revision.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-27
"""
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

SQLITE_UP = [
    "CREATE VIRTUAL TABLE comment_fts USING fts5("
    "search_text, content='comment', content_rowid='seq', tokenize='trigram')",
    "CREATE TRIGGER comment_fts_ai AFTER INSERT ON comment BEGIN "
    "INSERT INTO comment_fts(rowid, search_text) VALUES (new.seq, new.search_text); END",
    "CREATE TRIGGER comment_fts_ad AFTER DELETE ON comment BEGIN "
    "INSERT INTO comment_fts(comment_fts, rowid, search_text) "
    "VALUES ('delete', old.seq, old.search_text); END",
    "CREATE TRIGGER comment_fts_au AFTER UPDATE OF search_text, seq ON comment BEGIN "
    "INSERT INTO comment_fts(comment_fts, rowid, search_text) "
    "VALUES ('delete', old.seq, old.search_text); "
    "INSERT INTO comment_fts(rowid, search_text) VALUES (new.seq, new.search_text); END",
    "INSERT INTO comment_fts(comment_fts) VALUES ('rebuild')",
]
SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS comment_fts_au",
    "DROP TRIGGER IF EXISTS comment_fts_ad",
    "DROP TRIGGER IF EXISTS comment_fts_ai",
    "DROP TABLE IF EXISTS comment_fts",
]
PG_UP = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX comment_fts_trgm ON comment USING gin (search_text gin_trgm_ops)",
]
PG_DOWN = ["DROP INDEX IF EXISTS comment_fts_trgm"]


def _run(statements: list[str]) -> None:
    for sql in statements:
        op.execute(sql)


def upgrade() -> None:
    name = op.get_bind().dialect.name
    if name == "sqlite":
        _run(SQLITE_UP)
    elif name == "postgresql":
        _run(PG_UP)


def downgrade() -> None:
    name = op.get_bind().dialect.name
    if name == "sqlite":
        _run(SQLITE_DOWN)
    elif name == "postgresql":
        _run(PG_DOWN)
