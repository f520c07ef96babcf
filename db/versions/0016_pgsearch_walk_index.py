"""pgsearch: the search box's walk reads an index alone on PostgreSQL (issue 13, point 8)

- PostgreSQL: `comment_fts_walk`, a B-tree of the seq of the comments not deleted with their
  folded text included, so that the search box's first pages (newest recorded first) test
  the newest comments without reading the table (an index-only scan; store/pg_search_index.py;
  189 MB and a few seconds to build at 1,000,000 comments, the table being in seq order).
- SQLite: nothing (its FTS5 tables give hits in rowid order).

Revision ID: 0016
Revises: 0015
Create Date: 2026-11-30
"""

from alembic import op

from komoro_feedback.store import pg_search_index

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("SET LOCAL maintenance_work_mem = '256MB'")
        op.execute(pg_search_index.walk_create_sql())


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(pg_search_index.walk_drop_sql())
