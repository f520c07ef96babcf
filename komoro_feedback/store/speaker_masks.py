"""Speakers' names for masking them in printed and exported text, without reading them.

A role that may not read speaker_contact.name on PostgreSQL (docs/roles.md) still prints
reports whose texts must not show the speaker's name. The server function from revision 0005
(SECURITY DEFINER) gives the name only where it already appears in the comment's text, which
that role reads anyway; names written differently (katakana, ...) are then not masked for it.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from komoro_feedback.store.models import SpeakerContactRow
from komoro_feedback.store.raw_rows import driver_connection

CHUNK = 500


def names_for_masking(s: Session, ids: Sequence[str]) -> dict[str, str]:
    """comment id -> the recorded speaker name, for the comments that have one."""
    if s.get_bind().dialect.name == "sqlite":
        return _sqlite_names(driver_connection(s), ids)
    direct = s.get_bind().dialect.name != "postgresql" or bool(
        s.execute(text("SELECT has_column_privilege('speaker_contact', 'name', 'SELECT')")).scalar()
    )
    out: dict[str, str] = {}
    for i in range(0, len(ids), CHUNK):
        chunk = list(ids[i : i + CHUNK])
        if direct:
            q = select(SpeakerContactRow.comment_id, SpeakerContactRow.name).where(
                SpeakerContactRow.comment_id.in_(chunk), SpeakerContactRow.name != ""
            )
            rows = s.execute(q)
        else:
            rows = s.execute(
                text("SELECT comment_id, name FROM komoro_names_in_text(:ids)"), {"ids": chunk}
            )
        out.update({str(cid): str(name) for cid, name in rows})
    return out


_NAMES_SQL = (
    "SELECT comment_id, name FROM speaker_contact"
    " WHERE comment_id IN (SELECT value FROM json_each(?)) AND name != ''"
)


def _sqlite_names(conn: Any, ids: Sequence[str]) -> dict[str, str]:
    """names_for_masking on SQLite's driver: the ids as one JSON parameter, one statement."""
    if not ids:
        return {}
    rows = conn.execute(_NAMES_SQL, (json.dumps(list(ids)),)).fetchall()
    return {str(cid): str(name) for cid, name in rows}
