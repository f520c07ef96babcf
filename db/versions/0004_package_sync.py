"""package sync: agreed comment states and meeting keys of offline packages

Two new tables only (no change to existing ones, so SQLite's FTS triggers are untouched).

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-27
"""
from alembic import op
import sqlalchemy as sa


revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "comment_sync",
        sa.Column("comment_id", sa.String(length=36), nullable=False),
        sa.Column("fingerprint", sa.String(length=64), nullable=False),
        sa.Column("local_version", sa.Integer(), nullable=False),
        sa.Column("peer", sa.String(length=36), nullable=False),
        sa.Column("synced_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["comment_id"],
            ["comment.id"],
            name=op.f("fk_comment_sync_comment_id_comment"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("comment_id", name=op.f("pk_comment_sync")),
    )
    op.create_table(
        "meeting_key",
        sa.Column("key", sa.String(length=80), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["meeting_id"],
            ["meeting.id"],
            name=op.f("fk_meeting_key_meeting_id_meeting"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_meeting_key")),
        sa.UniqueConstraint("meeting_id", name=op.f("uq_meeting_key_meeting_id")),
    )


def downgrade() -> None:
    op.drop_table("meeting_key")
    op.drop_table("comment_sync")
