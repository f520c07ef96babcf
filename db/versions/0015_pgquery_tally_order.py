"""pgquery: the PostgreSQL tally lies on disk in key order (issue 13, point 8)

- PostgreSQL: `comment_tally` is rewritten in its primary key's order (CLUSTER) and keeps
  20 % of each page free (fillfactor 80), so that a count reads one bucket's cells from a
  few neighbouring pages: at 1,000,000 comments the policy x district x status cells (5,159
  rows) lay on 3,912 of the table's 8,775 pages, read one by one (14 ms of the statement's
  14 ms), and 2.5 ms afterwards. A save changes its cells in place (n is in no index, so
  the update stays on its page while the page has room), and new cells (a new month) come
  together at the end. SQLite's tally is a WITHOUT ROWID table: already in key order.
- SQLite: nothing.

Revision ID: 0015
Revises: 0012
Create Date: 2026-11-30
"""

from alembic import op

from komoro_feedback.store import tally_sql

revision = "0015"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"ALTER TABLE {tally_sql.TABLE} SET ({tally_sql.PG_STORAGE})")
        op.execute(f"CLUSTER {tally_sql.TABLE} USING pk_{tally_sql.TABLE}")
        op.execute(f"ANALYZE {tally_sql.TABLE}")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"ALTER TABLE {tally_sql.TABLE} RESET (fillfactor)")
        op.execute(f"ALTER TABLE {tally_sql.TABLE} SET WITHOUT CLUSTER")
