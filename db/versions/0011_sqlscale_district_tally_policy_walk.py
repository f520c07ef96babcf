"""sqlscale: district cells in the comment tally; comment_policy carries what lists filter by

- comment_tally gets district cells (buckets "D*", "DF2025", "D2025-04"; store/tally_sql.py):
  the ward detail cells summed by district, so that policy x district x status counts read
  ~5,000 cells instead of grouping ~32,000. The tally triggers are created again (their
  body now writes the district cells too), a trigger on ward moves a ward's cells when it
  changes district, and the district cells are filled from the ward cells already there
  (no pass over the comments).
- comment_policy carries its comment's seq, received date, ward, status and deletion time
  (store/policy_walk_sql.py), kept by triggers, with ix_comment_policy_walk: a list filtered
  by policy (secondary ones included) finds its page without reading ~20,000 comments.
  Filled here from the comments.

Revision ID: 0011
Revises: 0009
Create Date: 2026-11-29
"""

import sqlalchemy as sa
from alembic import op

from komoro_feedback.store import policy_walk_sql, tally_sql

revision = "0011"
down_revision = "0009"
branch_labels = None
depends_on = None

WALK = ["policy_id", "received_on", "seq", "ward_id", "status", "deleted_at"]


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    for sql in tally_sql.drop_triggers(dialect):
        op.execute(sql)
    for sql in tally_sql.create_triggers(dialect):
        op.execute(sql)
    for sql in tally_sql.refill_districts():
        op.execute(sql)
    # Plain ADD COLUMN (nullable, no batch copy): the table keeps its rows and indexes.
    op.add_column("comment_policy", sa.Column("seq", sa.BigInteger(), nullable=True))
    op.add_column("comment_policy", sa.Column("received_on", sa.Date(), nullable=True))
    op.add_column("comment_policy", sa.Column("ward_id", sa.Integer(), nullable=True))
    op.add_column("comment_policy", sa.Column("status", sa.String(length=32), nullable=True))
    op.add_column("comment_policy", sa.Column("deleted_at", sa.DateTime(), nullable=True))
    op.execute(policy_walk_sql.fill())
    op.create_index("ix_comment_policy_walk", "comment_policy", WALK)
    for sql in policy_walk_sql.create_triggers(dialect):
        op.execute(sql)


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    for sql in policy_walk_sql.drop_triggers(dialect):
        op.execute(sql)
    op.drop_index("ix_comment_policy_walk", table_name="comment_policy")
    with op.batch_alter_table("comment_policy") as batch:
        for name in policy_walk_sql.CARRIED:
            batch.drop_column(name)
    op.execute(f"DELETE FROM {tally_sql.TABLE} WHERE bucket LIKE '{tally_sql.DISTRICT}%'")
    # The tally triggers stay those of this code base (they write district cells again): a
    # downgrade is for going back one step and upgrading again, not for running old code.
    for sql in tally_sql.drop_triggers(dialect):
        op.execute(sql)
    for sql in tally_sql.create_triggers(dialect):
        op.execute(sql)
