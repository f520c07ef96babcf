"""reports: a covering index for the follow-up figures (open, overdue, days to answer)

The 総括表 and the districts compared count overdue comments and the days from receipt to
answer per policy and ward; without this index each of those reads the whole comment table
(2-4 s at 1,000,000 comments). One index, no change to any table or to the FTS triggers.

Revision ID: 0007
Revises: 0008
Create Date: 2026-11-29
"""
from alembic import op


revision = "0007"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index(
        "ix_comment_follow_up",
        "comment",
        [
            "primary_policy_id",
            "ward_id",
            "status",
            "received_on",
            "due_on",
            "answered_on",
            "deleted_at",
        ],
    )


def downgrade() -> None:
    op.drop_index("ix_comment_follow_up", table_name="comment")
