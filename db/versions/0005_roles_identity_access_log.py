"""roles: staff roles and logins, the OS account in audit rows, the personal-data access log

On PostgreSQL also: the person in audit_log and personal_data_access is stamped by the server
(session_user, whatever the client sent), and both tables are append-only (a trigger refuses
UPDATE, DELETE and TRUNCATE even for their owner; the grants of `db roles` refuse them too).

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-29
"""
from alembic import op
import sqlalchemy as sa


revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

APPEND_ONLY = ("audit_log", "personal_data_access")

PG_FUNCTIONS = """
CREATE OR REPLACE FUNCTION komoro_stamp_session_user() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    -- The client cannot choose who it is: the server's login is the person. A row brought in
    -- by a meeting package keeps the laptop's claim after the login, marked as such.
    IF TG_TABLE_NAME = 'audit_log' THEN
        IF NEW.changed_by LIKE '%[via package %' THEN
            NEW.changed_by := left(session_user || ' ← ' || NEW.changed_by, 100);
        ELSE
            NEW.changed_by := session_user;
        END IF;
    ELSE
        NEW.accessed_by := session_user;
    END IF;
    RETURN NEW;
END $$;

-- For masking in print by roles that may not read names: only a name the comment's text
-- already shows (so nothing they could not read), found with or without its spaces.
CREATE OR REPLACE FUNCTION komoro_names_in_text(ids text[])
RETURNS TABLE (comment_id text, name text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    SELECT sc.comment_id::text, sc.name::text
    FROM speaker_contact sc JOIN comment c ON c.id = sc.comment_id
    WHERE sc.comment_id = ANY(ids) AND length(btrim(sc.name)) >= 2
      AND (strpos(c.text, btrim(sc.name)) > 0
           OR strpos(c.text, regexp_replace(sc.name, '[[:space:]　]+', '', 'g')) > 0)
$$;

CREATE OR REPLACE FUNCTION komoro_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'komoro: % is append-only (% refused)', TG_TABLE_NAME, TG_OP
        USING ERRCODE = 'insufficient_privilege';
END $$;
"""


def upgrade() -> None:
    op.add_column(
        "staff",
        sa.Column("role", sa.String(length=16), server_default="recorder", nullable=False),
    )
    op.add_column("staff", sa.Column("login_name", sa.String(length=100), nullable=True))
    op.create_index("ix_staff_login_name", "staff", ["login_name"], unique=True)
    op.add_column(
        "audit_log",
        sa.Column("os_user", sa.String(length=100), server_default="", nullable=False),
    )
    op.create_table(
        "personal_data_access",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("accessed_at", sa.DateTime(), nullable=False),
        sa.Column("accessed_by", sa.String(length=100), nullable=False),
        sa.Column("os_user", sa.String(length=100), server_default="", nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("reason", sa.String(length=32), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("comment_count", sa.Integer(), nullable=False),
        sa.Column("comment_ids", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_personal_data_access")),
    )
    op.create_index(
        op.f("ix_personal_data_access_accessed_at"),
        "personal_data_access",
        ["accessed_at"],
        unique=False,
    )
    if op.get_bind().dialect.name == "postgresql":
        op.execute(PG_FUNCTIONS)
        for table in APPEND_ONLY:
            op.execute(
                f"CREATE TRIGGER {table}_stamp BEFORE INSERT ON {table} "
                "FOR EACH ROW EXECUTE FUNCTION komoro_stamp_session_user()"
            )
            op.execute(
                f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
                "FOR EACH ROW EXECUTE FUNCTION komoro_append_only()"
            )
            op.execute(
                f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
                "FOR EACH STATEMENT EXECUTE FUNCTION komoro_append_only()"
            )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for table in APPEND_ONLY:
            for suffix in ("stamp", "append_only", "no_truncate"):
                op.execute(f"DROP TRIGGER IF EXISTS {table}_{suffix} ON {table}")
        op.execute("DROP FUNCTION IF EXISTS komoro_stamp_session_user()")
        op.execute("DROP FUNCTION IF EXISTS komoro_append_only()")
        op.execute("DROP FUNCTION IF EXISTS komoro_names_in_text(text[])")
    op.drop_index(op.f("ix_personal_data_access_accessed_at"), table_name="personal_data_access")
    op.drop_table("personal_data_access")
    with op.batch_alter_table("audit_log") as batch_op:
        batch_op.drop_column("os_user")
    op.drop_index("ix_staff_login_name", table_name="staff")
    with op.batch_alter_table("staff") as batch_op:
        batch_op.drop_column("login_name")
        batch_op.drop_column("role")
