"""scale: a maintained comment tally, and indexes that answer lists and counts at 1M comments

- comment_tally: comments per (period bucket, policy, ward, status, kind, deleted), kept by
  triggers (store/tally_sql.py has the SQL and explains the cells); filled here from the
  existing comments.
- comment_fts_short (SQLite): a one-token-per-character FTS5 index for 1-2 character
  searches, and ix_comment_deleted, the seq of deleted comments, so that searches leave them
  out without reading the table per hit (store/search_index.py explains both).
- expression indexes for the sortable columns (ward, policy, kind), matching the sort keys as
  store/models/comments.py writes them (coalesce with a literal 0).
- ix_comment_counts now leads with the received date: the tally holds months and fiscal years,
  and the index counts the days at the edges of a period without reading the table.

No batch ("move and copy") of the comment table, so the FTS triggers of 0002 stay as they are.

Revision ID: 0009
Revises: 0007
Create Date: 2026-11-29
"""

import sqlalchemy as sa
from alembic import op

from komoro_feedback.store import search_index, tally_sql

revision = "0009"
down_revision = "0007"
branch_labels = None
depends_on = None

NEW_COUNTS = ["received_on", "primary_policy_id", "ward_id", "status", "kind", "deleted_at"]
SORT_INDEXES = {
    "ix_comment_sort_ward": [sa.text("coalesce(ward_id, 0)"), "seq"],
    "ix_comment_sort_policy": [sa.text("coalesce(primary_policy_id, 0)"), "seq"],
    "ix_comment_sort_kind": ["kind", "seq"],
}
OLD_COUNTS = ["primary_policy_id", "ward_id", "status", "received_on", "deleted_at"]


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    op.create_table(
        "comment_tally",
        sa.Column("bucket", sa.String(length=8), nullable=False),
        sa.Column("policy_id", sa.Integer(), nullable=False),
        sa.Column("ward_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=32), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("deleted", sa.Integer(), nullable=False),
        sa.Column("n", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint(
            "bucket", "policy_id", "ward_id", "status", "kind", "deleted", name="pk_comment_tally"
        ),
        sqlite_with_rowid=False,
    )
    op.drop_index("ix_comment_counts", table_name="comment")
    op.create_index("ix_comment_counts", "comment", NEW_COUNTS)
    for sql in tally_sql.create_triggers(dialect):
        op.execute(sql)
    for sql in tally_sql.rebuild(dialect):
        op.execute(sql)
    op.create_index(
        "ix_comment_deleted",
        "comment",
        ["seq"],
        sqlite_where=sa.text("deleted_at IS NOT NULL"),
        postgresql_where=sa.text("deleted_at IS NOT NULL"),
    )
    for name, columns in SORT_INDEXES.items():
        op.create_index(name, "comment", columns)
    if dialect == "sqlite":
        for sql in search_index.sqlite_create():
            op.execute(sql)


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for sql in search_index.sqlite_drop():
            op.execute(sql)
    for name in SORT_INDEXES:
        op.drop_index(name, table_name="comment")
    op.drop_index("ix_comment_deleted", table_name="comment")
    for sql in tally_sql.drop_triggers(dialect):
        op.execute(sql)
    op.drop_index("ix_comment_counts", table_name="comment")
    op.create_index("ix_comment_counts", "comment", OLD_COUNTS)
    op.drop_table("comment_tally")
