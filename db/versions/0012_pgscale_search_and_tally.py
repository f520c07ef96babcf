"""pgscale: PostgreSQL on par at 1M comments (issue 13, point 8)

- PostgreSQL: `comment_fts_chars`, a GIN index over the characters of comment.search_text,
  for 1-2 character searches (store/pg_search_index.py explains it). An index on an
  expression of existing columns: creating it fills it from the existing rows.
- PostgreSQL: the tally's row trigger (7 cell upserts per comment, revision 0009) becomes
  statement triggers with transition tables (one grouped upsert per statement), so that a
  COPY or multi-row INSERT of an import counts its rows at once (store/tally_sql.py). The
  tally's content does not change.
- SQLite: nothing (its short-term index is comment_fts_short, revision 0009).

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-29
"""

from alembic import op

from komoro_feedback.store import pg_search_index, tally_sql

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        # A bigger sort area than the default 64 MB builds a GIN several times faster.
        op.execute("SET LOCAL maintenance_work_mem = '256MB'")
        op.execute(pg_search_index.create_sql(pg_search_index.EXPRESSION_SQL_0012))
        for sql in [*tally_sql.drop_triggers("postgresql"), *tally_sql.postgresql_triggers()]:
            op.execute(sql)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(pg_search_index.drop_sql())
        for sql in tally_sql.drop_triggers("postgresql"):
            op.execute(sql)
        for sql in tally_sql.postgresql_row_triggers():
            op.execute(sql)
