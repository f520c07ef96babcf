"""The character index compares its characters as bytes (issue 13, point 8)

- PostgreSQL: `comment_fts_chars` is rebuilt on `string_to_array(search_text COLLATE "C",
  NULL)`. Building it sorts every character of every comment: under the database's
  collation that took 1.8 s at 100,000 comments, as bytes 1.2 s (a bulk load or import
  rebuilds it; ~12 s instead of ~20 s at 1,000,000). `@>` asks for equal characters only,
  which both collations answer alike; the search's conditions name the same expression
  (store/pg_search_index.py), or the planner could not use the index.
- SQLite: nothing.

Revision ID: 0017
Revises: 0016
Create Date: 2026-11-30
"""

from alembic import op

from komoro_feedback.store import pg_search_index

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("SET LOCAL maintenance_work_mem = '256MB'")
        op.execute(pg_search_index.drop_sql())
        op.execute(pg_search_index.create_sql())
        # A new index has no statistics until the table's next ANALYZE, which autovacuum runs
        # only after many changed rows; the search reads them (common_characters).
        op.execute("ANALYZE comment")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(pg_search_index.drop_sql())
        op.execute(pg_search_index.create_sql(pg_search_index.EXPRESSION_SQL_0012))
