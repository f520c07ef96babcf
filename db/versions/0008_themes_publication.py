"""themes: the public wording of a comment and whether it is left out of the published version

One new table only (no change to existing ones, so SQLite's FTS triggers are untouched).

Revision ID: 0008
Revises: 0010
Create Date: 2026-11-29
"""
from alembic import op
import sqlalchemy as sa


revision = "0008"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "comment_publication",
        sa.Column("comment_id", sa.String(length=36), nullable=False),
        sa.Column("public_text", sa.Text(), nullable=False),
        sa.Column("excluded", sa.Boolean(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("updated_by", sa.String(length=100), nullable=False),
        sa.ForeignKeyConstraint(
            ["comment_id"],
            ["comment.id"],
            name=op.f("fk_comment_publication_comment_id_comment"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("comment_id", name=op.f("pk_comment_publication")),
    )


def downgrade() -> None:
    op.drop_table("comment_publication")
