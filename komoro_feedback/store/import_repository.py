"""Bulk reads and writes for Excel/CSV exchange: speakers of many comments, batch inserts."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from komoro_feedback.store.bulk_writer import bulk_mode, large_load
from komoro_feedback.store.models import (
    AuditLogRow,
    CommentPolicyRow,
    CommentRow,
    MeetingDistrictRow,
    MeetingRow,
    SpeakerContactRow,
    StatusHistoryRow,
)
from komoro_feedback.store.pg_copy import append_rows

CHUNK = 500


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
        found: set[str] = set()
        for i in range(0, len(ids), CHUNK):
            q = select(CommentRow.id).where(CommentRow.id.in_(list(ids[i : i + CHUNK])))
            found.update(s.scalars(q))
        return found

    def meetings(self, s: Session) -> list[tuple[int, str, datetime]]:
        return [
            (i, t, h)
            for i, t, h in s.execute(select(MeetingRow.id, MeetingRow.title, MeetingRow.held_at))
        ]

    def insert_meeting(
        self, s: Session, *, kind: str, title: str, held_at: datetime, user: str, now: datetime
    ) -> int:
        res = s.execute(
            insert(MeetingRow).values(
                kind=kind,
                title=title,
                held_at=held_at,
                venue="",
                attendees=None,
                recorder="",
                notes="",
                closed=True,
                created_at=now,
                created_by=user,
                updated_at=now,
            )
        )
        return int(res.inserted_primary_key[0])  # type: ignore[attr-defined]

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
        comments: list[dict[str, Any]],
        policies: list[dict[str, Any]],
        statuses: list[dict[str, Any]],
        speakers: list[dict[str, Any]],
        audit: list[dict[str, Any]],
    ) -> None:
        """Plain INSERTs in the caller's transaction: the FTS triggers index each new row.

        PostgreSQL takes COPY (same transaction, same triggers and checks): the tally counts
        each table's rows in one statement, and 100,000 rows need no 100,000 round trips.
        A file with at least as many comments as the table holds is loaded like demo-data
        (indexes, tally and search rebuilt after the load, store/bulk_writer.py): measured
        at 100,000 into an empty table, COPY kept 15 B-trees, two GINs and the tally's
        upserts row by row (~2,200 comments/s).
        """
        conn = s.connection()
        extra: list[tuple[Any, list[dict[str, Any]]]] = [
            (SpeakerContactRow.__table__, speakers),
            (AuditLogRow.__table__, audit),
        ]
        if large_load(conn, len(comments)):
            with bulk_mode(conn, rebuild=True) as writer:
                writer.write_carried(comments, policies, statuses)
                for table, rows in extra:
                    append_rows(conn, table, rows)
            return
        batches: list[tuple[Any, list[dict[str, Any]]]] = [
            (CommentRow.__table__, comments),
            (CommentPolicyRow.__table__, policies),
            (StatusHistoryRow.__table__, statuses),
            *extra,
        ]
        for table, rows in batches:
            append_rows(conn, table, rows)
