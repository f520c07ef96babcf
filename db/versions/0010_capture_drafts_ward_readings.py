"""capture drafts and ward readings

A table for what a recorder typed but has not saved (per meeting and workstation), and a
katakana reading per ward so that a ward is found by how its name is said.

Revision ID: 0010
Revises: 0005
Create Date: 2026-11-29
"""
from alembic import op
import sqlalchemy as sa


revision = "0010"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "capture_draft",
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("station", sa.String(length=200), nullable=False),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.Column("saved_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["meeting_id"],
            ["meeting.id"],
            name=op.f("fk_capture_draft_meeting_id_meeting"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("meeting_id", "station", name=op.f("pk_capture_draft")),
    )
    op.add_column(
        "ward",
        sa.Column("reading", sa.String(length=100), nullable=False, server_default=""),
    )
    _fill_readings()


def _fill_readings() -> None:
    """Existing databases get the readings the seed file has, matched by district and name."""
    import csv

    from komoro_feedback.paths import resources_dir

    path = resources_dir() / "wards" / "komoro-wards.csv"
    if not path.is_file():
        return
    with path.open(encoding="utf-8", newline="") as fh:
        rows = [r for r in csv.DictReader(fh) if r.get("reading")]
    ward = sa.table("ward", sa.column("id"), sa.column("name"), sa.column("district_id"),
                    sa.column("reading"))
    district = sa.table("district", sa.column("id"), sa.column("name"))
    conn = op.get_bind()
    for r in rows:
        district_id = conn.execute(
            sa.select(district.c.id).where(district.c.name == r["district"])
        ).scalar()
        if district_id is None:
            continue
        conn.execute(
            ward.update()
            .where(ward.c.name == r["ward"], ward.c.district_id == district_id)
            .values(reading=r["reading"])
        )


def downgrade() -> None:
    with op.batch_alter_table("ward") as batch:
        batch.drop_column("reading")
    op.drop_table("capture_draft")
