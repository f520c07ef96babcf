"""Is the database already at the schema head? Answered with one query, without Alembic.

Importing Alembic costs about 0.2 s; every command and every start of the app asks this
question, and almost always the answer is yes.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from komoro_feedback.store.database import Database

# SQLAlchemy only inside stamped_revisions: the quick read path (store/catalog_reader.py)
# compares script_heads() with the version it reads through the stdlib driver.

_ASSIGN = re.compile(r"^(revision|down_revision)\s*(?::[^=]*)?=\s*(.+?)\s*$", re.MULTILINE)
_QUOTED = re.compile(r"""["']([^"']+)["']""")


def script_heads(versions_dir: Path) -> set[str]:
    """The revisions no other revision builds on, read from the files' assignments."""
    revisions: set[str] = set()
    parents: set[str] = set()
    for path in versions_dir.glob("*.py"):
        source = path.read_text(encoding="utf-8")
        found: dict[str, str] = {m.group(1): m.group(2) for m in _ASSIGN.finditer(source)}
        if "revision" not in found:
            continue
        # '0004', "0004", None, or a tuple of quoted ids after a merge (no `ast`: 10 ms)
        revisions.update(_QUOTED.findall(found["revision"])[:1])
        parents.update(_QUOTED.findall(found.get("down_revision", "")))
    return revisions - parents


def stamped_revisions(db: Database) -> set[str]:
    """What the database's alembic_version table says (empty for a new database)."""
    from sqlalchemy import inspect, text

    from komoro_feedback.store.database import translate_errors

    with translate_errors(), db.engine.connect() as conn:
        if not inspect(conn).has_table("alembic_version"):
            return set()
        return {row[0] for row in conn.execute(text("SELECT version_num FROM alembic_version"))}


def is_at_head(db: Database, versions_dir: Path) -> bool:
    heads = script_heads(versions_dir)
    return len(heads) == 1 and stamped_revisions(db) == heads
