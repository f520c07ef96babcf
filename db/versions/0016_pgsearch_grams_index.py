"""pgsearch: 1-2 character searches on PostgreSQL from one exact index element (issue 13, point 8)

- PostgreSQL: `komoro_grams(text)`, an immutable SQL function giving a text's characters and
  pairs of neighbouring characters, and `comment_fts_grams`, a GIN index over
  `komoro_grams(search_text)`, replace `comment_fts_chars` (revision 0012): a 2-character term
  is then one element of the index (exact), not two characters anywhere in the text checked
  row by row (store/pg_search_index.py). An index on an expression of an existing column:
  creating it fills it from the existing rows (~2 minutes at 1,000,000 comments).
- PostgreSQL: `comment_fts_walk`, a btree of the seq of the comments not deleted with their
  folded text included, so that the search box's walk in recording order reads no table row
  (an index-only scan; 189 MB and a few seconds at 1,000,000 comments).
- SQLite: nothing (its short-term index is comment_fts_short, revision 0009).

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
        # A bigger sort area than the default 64 MB builds a GIN several times faster.
        op.execute("SET LOCAL maintenance_work_mem = '256MB'")
        for sql in pg_search_index.create_sql():
            op.execute(sql)
        op.execute(pg_search_index.chars_drop_sql())
        # The planner's estimates and the page's choice of plan (pg_search_keys) read the
        # index's statistics; without them a short term walks the list first.
        op.execute("ANALYZE comment")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("SET LOCAL maintenance_work_mem = '256MB'")
        op.execute(pg_search_index.chars_create_sql())
        for sql in pg_search_index.drop_sql():
            op.execute(sql)
