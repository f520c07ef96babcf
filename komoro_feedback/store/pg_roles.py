"""PostgreSQL group roles and their grants, derived from the roles matrix (domain.roles).

Four NOLOGIN group roles (komoro_recorder, komoro_liaison, komoro_planning, komoro_admin) get
exactly what their role's actions need, per table and per column; people get LOGIN roles that
are members of one group. The owner of the tables (who ran `init`) is for migrations only.
audit_log and personal_data_access are append-only for everyone (no UPDATE or DELETE granted;
a trigger from revision 0005 refuses them even for the owner).
"""

from __future__ import annotations

from collections import defaultdict

from komoro_feedback.domain.roles import Action, Role, allows
from komoro_feedback.store import policy_walk_sql
from komoro_feedback.store.models import Base

PERSONAL = "speaker_contact"
ACCESS_LOG = "personal_data_access"
#: What recorders typed but did not save (names and contacts among it): theirs alone.
DRAFTS = "capture_draft"
PUBLICATION = "comment_publication"
TALLY = "comment_tally"
CATALOG_TABLES = (
    "programme",
    "stance",
    "pillar",
    "policy",
    "district",
    "ward",
    "department",
    "staff",
)
#: The columns of comment each kind of change may update.
CONTENT_COLUMNS = (
    "text",
    "search_text",
    "kind",
    "ward_id",
    "primary_policy_id",
    "needs_answer",
    "spot_answer",
    "received_on",
    "due_on",
    "age_band",
    "gender",
    "suggestion_accepted",
    "meeting_id",
    "channel",
)
ROUTING_COLUMNS = ("status", "department_id", "answer", "answered_on", "due_on")
DELETION_COLUMNS = ("deleted_at", "deleted_by")
TOUCH_COLUMNS = ("updated_at", "updated_by", "version")
#: Columns of speaker_contact every role may see: whether a comment has a speaker, never who.
SPEAKER_KEY_COLUMNS = ("comment_id", "recorded_at")

_WRITE_COMMENTS = (Action.RECORD, Action.IMPORT, Action.PACKAGES)
_PACKAGE_TABLES = ("package_import", "comment_conflict", "comment_sync", "meeting_key")


def _grants(role: Role) -> dict[str, set[str]]:
    """table -> privileges ("SELECT", "UPDATE (a, b)", ...) for one role."""
    g: dict[str, set[str]] = defaultdict(set)
    can = {a for a in Action if allows(role, a)}
    tables = [t for t in Base.metadata.tables if t not in (PERSONAL, ACCESS_LOG, DRAFTS)]
    for t in [*tables, "alembic_version"]:
        g[t].add("SELECT")
    g["audit_log"].add("INSERT")
    g[PERSONAL].add(f"SELECT ({', '.join(SPEAKER_KEY_COLUMNS)})")
    if can & {Action.REVEAL_PERSONAL, Action.EXPORT_PERSONAL, Action.RETENTION}:
        g[PERSONAL].add("SELECT")
    if can & {Action.REVEAL_PERSONAL, Action.EXPORT_PERSONAL, Action.PACKAGES}:
        # Packages carry names sealed to city hall: logged like an export.
        g[ACCESS_LOG] |= {"INSERT", "SELECT (id)"}  # INSERT ... RETURNING id
    if Action.RETENTION in can:
        g[ACCESS_LOG].add("SELECT")
        g[PERSONAL].add("DELETE")
        g["app_setting"] |= {"INSERT", "UPDATE"}
    if can & set(_WRITE_COMMENTS):
        for t in ("meeting", "meeting_district", "comment", "comment_policy", "status_history"):
            g[t].add("INSERT")
        g[PERSONAL].add("INSERT")
    if can & {Action.RECORD, Action.PACKAGES}:  # editing meetings, replacing a speaker
        g["meeting"].add("UPDATE")
        g["meeting_district"].add("DELETE")
        g[PERSONAL].add("DELETE")
    columns: set[str] = set()
    if can & {Action.RECORD, Action.EDIT_TEXT, Action.PACKAGES}:
        columns |= {*CONTENT_COLUMNS, *TOUCH_COLUMNS}
        g["comment_policy"] |= {"INSERT", "DELETE"}
    if Action.RECORD in can:
        g[DRAFTS] |= {"SELECT", "INSERT", "UPDATE", "DELETE"}
        # The recorder's undo of their own last entry (CommentService.undo_record). Column
        # grants cannot tell rows apart: the service keeps it to the person's own new entry.
        columns |= set(DELETION_COLUMNS)
    if Action.ROUTE in can:  # the wording of an answered item in 「市民の声と市の対応」
        g[PUBLICATION] |= {"INSERT", "UPDATE", "DELETE"}
    if can & {Action.ROUTE, Action.PACKAGES}:
        columns |= {*ROUTING_COLUMNS, *TOUCH_COLUMNS}
        g["status_history"].add("INSERT")
        g["comment_link"] |= {"INSERT", "UPDATE", "DELETE"}
    if Action.DELETE in can:
        columns |= {*DELETION_COLUMNS, *TOUCH_COLUMNS}
    if Action.PACKAGES in can:
        columns |= set(DELETION_COLUMNS)
        for t in _PACKAGE_TABLES:
            g[t] |= {"INSERT", "UPDATE", "DELETE"}
    if columns:
        g["comment"].add(f"UPDATE ({', '.join(sorted(columns))})")
    if columns or can & set(_WRITE_COMMENTS):
        # The counts tally and comment_policy's copies of its comment are kept by triggers
        # that run as whoever writes the comment (store/policy_walk_sql.py).
        g[TALLY] |= {"INSERT", "UPDATE"}
        g["comment_policy"].add(f"UPDATE ({', '.join(sorted(policy_walk_sql.CARRIED))})")
    if Action.CATALOG in can:
        for t in CATALOG_TABLES:
            g[t] |= {"INSERT", "UPDATE", "DELETE"}
        g[TALLY] |= {"INSERT", "UPDATE"}  # a ward moved to another district moves its counts
    return g


def roles_sql() -> str:
    """Idempotent SQL: create the groups if missing, then reset and grant their privileges."""
    out = ["-- Komoro Feedback: group roles from the roles matrix (docs/roles.md)"]
    for role in Role:
        group = role.pg_group
        out.append(
            "DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = "
            f"'{group}') THEN CREATE ROLE {group} NOLOGIN; END IF; END $$;"
        )
        out.append(f"REVOKE ALL ON ALL TABLES IN SCHEMA public FROM {group};")
        out.append(f"GRANT USAGE ON SCHEMA public TO {group};")
        out.append(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {group};")
        for table, privileges in sorted(_grants(role).items()):
            for privilege in sorted(privileges):
                out.append(f"GRANT {privilege} ON {table} TO {group};")
    out.append("REVOKE ALL ON ALL TABLES IN SCHEMA public FROM PUBLIC;")
    return "\n".join(out) + "\n"


def login_sql(login: str, role: Role) -> str:
    """The statement for one person's login (the password is set by them or IT, not here)."""
    return f'CREATE ROLE "{login}" LOGIN IN ROLE {role.pg_group};'
