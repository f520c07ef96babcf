"""What comment_policy carries of its comment, and the triggers that keep it equal.

A list filtered by policy counts a comment's secondary policies too, so it starts from
`comment_policy`. Before migration 0011 it then looked up every comment of the policy
(~20,000 at 1M comments) for its date, ward and deletion and sorted them: ~100 ms for a
first page. Each comment_policy row now carries its comment's seq, received date, ward,
status and deletion time, and `ix_comment_policy_walk` (policy, received, seq, ward,
status, deleted) answers such a page in the list's order without reading the comments
(store/policy_walk.py).

The copies are written by database triggers, so every writer is covered: a new
comment_policy row takes them from its comment, and a change of those columns of a comment
is copied to its rows. Bulk loads switch the triggers off and fill the new rows in one
statement (`fill`).
"""

from __future__ import annotations

CARRIED = ("seq", "received_on", "ward_id", "status", "deleted_at")
PREFIX = "comment_policy_carry_"
_COLS = ", ".join(CARRIED)
_FROM_COMMENT = ", ".join(f"c.{c}" for c in CARRIED)


def _changed(op: str) -> str:
    return " OR ".join(f"OLD.{c} {op} NEW.{c}" for c in CARRIED)


def sqlite_triggers() -> list[str]:
    return [
        f"CREATE TRIGGER {PREFIX}ai AFTER INSERT ON comment_policy BEGIN "
        f"UPDATE comment_policy SET ({_COLS}) = "
        f"(SELECT {_FROM_COMMENT} FROM comment c WHERE c.id = NEW.comment_id) "
        "WHERE comment_id = NEW.comment_id AND policy_id = NEW.policy_id; END",
        f"CREATE TRIGGER {PREFIX}au AFTER UPDATE OF {_COLS} ON comment "
        f"WHEN {_changed('IS NOT')} BEGIN "
        f"UPDATE comment_policy SET ({_COLS}) = "
        f"({', '.join(f'NEW.{c}' for c in CARRIED)}) WHERE comment_id = NEW.id; END",
    ]


def postgresql_triggers() -> list[str]:
    return [
        f"CREATE OR REPLACE FUNCTION {PREFIX}new_fn() RETURNS trigger LANGUAGE plpgsql AS $$ "
        f"BEGIN SELECT {_FROM_COMMENT} INTO "
        f"{', '.join(f'NEW.{c}' for c in CARRIED)} FROM comment c WHERE c.id = NEW.comment_id; "
        "RETURN NEW; END $$",
        f"CREATE TRIGGER {PREFIX}bi BEFORE INSERT ON comment_policy "
        f"FOR EACH ROW EXECUTE FUNCTION {PREFIX}new_fn()",
        f"CREATE OR REPLACE FUNCTION {PREFIX}copy_fn() RETURNS trigger LANGUAGE plpgsql AS $$ "
        f"BEGIN UPDATE comment_policy SET ({_COLS}) = "
        f"({', '.join(f'NEW.{c}' for c in CARRIED)}) WHERE comment_id = NEW.id; "
        "RETURN NULL; END $$",
        f"CREATE TRIGGER {PREFIX}au AFTER UPDATE ON comment FOR EACH ROW "
        f"WHEN ({_changed('IS DISTINCT FROM')}) EXECUTE FUNCTION {PREFIX}copy_fn()",
    ]


def create_triggers(dialect: str) -> list[str]:
    return sqlite_triggers() if dialect == "sqlite" else postgresql_triggers()


def drop_triggers(dialect: str) -> list[str]:
    if dialect == "sqlite":
        return [f"DROP TRIGGER IF EXISTS {PREFIX}{x}" for x in ("ai", "au")]
    return [
        f"DROP TRIGGER IF EXISTS {PREFIX}bi ON comment_policy",
        f"DROP FUNCTION IF EXISTS {PREFIX}new_fn()",
        f"DROP TRIGGER IF EXISTS {PREFIX}au ON comment",
        f"DROP FUNCTION IF EXISTS {PREFIX}copy_fn()",
    ]


#: The PostgreSQL trigger a bulk load disables on comment_policy (its COPY fills nothing).
PG_INSERT_TRIGGER = f"{PREFIX}bi"


def fill(where: str = "") -> str:
    """Copy the carried columns from the comments into comment_policy rows (`where` on cp)."""
    return (
        f"UPDATE comment_policy AS cp SET ({_COLS}) = ({_FROM_COMMENT}) "
        f"FROM comment c WHERE c.id = cp.comment_id{f' AND ({where})' if where else ''}"
    )
