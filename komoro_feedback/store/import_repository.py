"""Bulk reads and writes for Excel/CSV exchange: speakers of many comments, batch inserts."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from komoro_feedback.store.bulk_append import Dependents, append_comments
from komoro_feedback.store.models import (
    CommentRow,
    MeetingDistrictRow,
    MeetingRow,
    SpeakerContactRow,
)
from komoro_feedback.store.pg_copy import insert_with_ids

CHUNK = 500
#: ids per statement where they travel as one array parameter (PostgreSQL).
ARRAY_CHUNK = 50_000


class ImportRepository:
    """SQL for export and import; callers pass the session of their unit of work."""

    def speakers(self, s: Session, ids: Sequence[str]) -> dict[str, tuple[str, str]]:
        """Personal data of the given comments: only for an export the user asked for."""
        out: dict[str, tuple[str, str]] = {}
        for i in range(0, len(ids), CHUNK):
            q = select(
                SpeakerContactRow.comment_id, SpeakerContactRow.name, SpeakerContactRow.contact
            ).where(SpeakerContactRow.comment_id.in_(list(ids[i : i + CHUNK])))
            out.update({cid: (name, contact) for cid, name, contact in s.execute(q)})
        return out

    def existing_ids(self, s: Session, ids: Sequence[str]) -> set[str]:
        """Those of `ids` that name a comment already here. PostgreSQL: one statement per
        50,000 ids with the list as one array parameter (an IN of 500 bound values was
        compiled and sent 200 times for 100,000 ids: ~1 s of an import's client time)."""
        found: set[str] = set()
        if s.get_bind().dialect.name == "postgresql":
            conn = s.connection()
            for i in range(0, len(ids), ARRAY_CHUNK):
                part = list(ids[i : i + ARRAY_CHUNK])
                if any("," in cid for cid in part):  # never a UUID's: sent as an array
                    sql = "SELECT id FROM comment WHERE id = ANY(%(ids)s)"
                    rows = conn.exec_driver_sql(sql, {"ids": part})
                else:  # one string: ~0.01 s of the client instead of ~0.2 s as an array
                    sql = "SELECT id FROM comment WHERE id = ANY(string_to_array(%(ids)s, ','))"
                    rows = conn.exec_driver_sql(sql, {"ids": ",".join(part)})
                found.update(rows.scalars())
            return found
        for i in range(0, len(ids), CHUNK):
            q = select(CommentRow.id).where(CommentRow.id.in_(list(ids[i : i + CHUNK])))
            found.update(s.scalars(q))
        return found

    def meetings(self, s: Session) -> list[tuple[int, str, datetime]]:
        return [
            (i, t, h)
            for i, t, h in s.execute(select(MeetingRow.id, MeetingRow.title, MeetingRow.held_at))
        ]

    def insert_meetings(
        self,
        s: Session,
        meetings: Sequence[tuple[str, datetime]],
        *,
        kind: str,
        user: str,
        now: datetime,
    ) -> list[int]:
        """Insert closed meetings (title, held at) in one statement; their ids, in order (a
        file of 100,000 comments named ~2,200 new meetings: one round trip each was ~1.5 s)."""
        if not meetings:
            return []
        rows = [
            {
                "kind": kind,
                "title": title,
                "held_at": held_at,
                "venue": "",
                "attendees": None,
                "recorder": "",
                "notes": "",
                "closed": True,
                "created_at": now,
                "created_by": user,
                "updated_at": now,
            }
            for title, held_at in meetings
        ]
        return insert_with_ids(s.connection(), MeetingRow.__table__, rows)

    def add_meeting_district(self, s: Session, meeting_id: int, district_id: int) -> None:
        s.execute(insert(MeetingDistrictRow).values(meeting_id=meeting_id, district_id=district_id))

    def next_seq(self, s: Session) -> int | None:
        """SQLite: the next row number (the write transaction holds the lock); else None."""
        if s.get_bind().dialect.name != "sqlite":
            return None
        return int(s.scalar(select(func.coalesce(func.max(CommentRow.seq), 0))) or 0) + 1

    def insert_comments(
        self,
        s: Session,
        count: int,
        comments: Iterable[list[dict[str, Any]]],
        dependents: Callable[[], Dependents],
    ) -> None:
        """Append `count` comments (in batches), then the rows `dependents()` builds
        (policies, statuses, speakers, audit), in the caller's transaction
        (store/bulk_append.py: COPY on PostgreSQL with every trigger and check; a file with
        at least as many comments as the table holds is loaded with the indexes, keys and
        tally rebuilt after it). The rows hold checked values of their columns' types:
        PostgreSQL takes them in COPY's binary format (half the client's CPU of the text
        format, and nothing for the server to parse)."""
        append_comments(s.connection(), count, comments, dependents, binary=True)
