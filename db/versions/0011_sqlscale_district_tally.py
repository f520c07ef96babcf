"""sqlscale: district cells in the comment tally

- comment_tally gets district cells (buckets "D*", "DF2025", "D2025-04"; store/tally_sql.py):
  the ward detail cells summed by district, so that policy x district x status counts read
  ~5,000 cells instead of grouping ~32,000. The tally triggers are created again (their
  body now writes the district cells too), a trigger on ward moves a ward's cells when it
  changes district, and the district cells are filled from the ward cells already there
  (no pass over the comments).

Revision ID: 0011
Revises: 0009
Create Date: 2026-11-29
"""

from alembic import op

from komoro_feedback.store import tally_sql

revision = "0011"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    for sql in tally_sql.drop_triggers(dialect):
        op.execute(sql)
    for sql in tally_sql.create_triggers(dialect):
        op.execute(sql)
    for sql in tally_sql.refill_districts():
        op.execute(sql)


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    op.execute(f"DELETE FROM {tally_sql.TABLE} WHERE bucket LIKE '{tally_sql.DISTRICT}%'")
    # The triggers stay those of this code base (they write district cells again); a
    # downgrade is for going back one step and upgrading, not for running old code.
    for sql in tally_sql.drop_triggers(dialect):
        op.execute(sql)
    for sql in tally_sql.create_triggers(dialect):
        op.execute(sql)
