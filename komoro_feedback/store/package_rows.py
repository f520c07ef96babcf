"""A package's new comments as rows written in bulk: COPY on PostgreSQL, executemany on SQLite.

Through the ORM each new comment was an object, its policies, speaker, history and audit
five more, flushed in dependency order (~600 comments/s into PostgreSQL). Here every table
gets one COPY (one executemany INSERT on SQLite) in the import's transaction, after the
comments: the same triggers (tally, search, what comment_policy carries), foreign keys and
constraints apply, and a failure rolls the whole import back.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from komoro_feedback.store.bulk_writer import (
    TABLES as BULK_TABLES,
)
from komoro_feedback.store.bulk_writer import bulk_mode, large_load
from komoro_feedback.store.models import (
    AuditLogRow,
    CommentPolicyRow,
    CommentRow,
    CommentSyncRow,
    SpeakerContactRow,
    StatusHistoryRow,
)
from komoro_feedback.store.package_repository import References, parse_datetime
from komoro_feedback.store.package_values import (
    new_audit_entries,
    new_status_entries,
    policy_ids,
    synced_values,
)
from komoro_feedback.store.pg_copy import append_rows

#: Insert order: the comments first, the rows that refer to them after.
_TABLES: tuple[Any, ...] = (
    CommentRow,
    CommentPolicyRow,
    SpeakerContactRow,
    StatusHistoryRow,
    AuditLogRow,
    CommentSyncRow,
)


class NewCommentRows:
    """Collects the rows of a package's new comments, then writes them table by table."""

    def __init__(self, refs: References, via: str, peer: str, now: datetime) -> None:
        self.refs = refs
        self.via = via
        self.peer = peer
        self.now = now
        self.rows: dict[str, list[dict[str, Any]]] = {m.__tablename__: [] for m in _TABLES}

    def add(
        self,
        rec: dict[str, Any],
        meeting_id: int | None,
        seq: int | None,
        status: list[dict[str, Any]],
        audit: list[dict[str, Any]],
    ) -> None:
        """One new comment as the ORM path wrote it: version 1, its agreed state in sync."""
        cid = rec["id"]
        comment = {
            "id": cid,
            "origin": rec.get("origin", ""),
            "created_at": parse_datetime(rec["created_at"]),
            "created_by": rec.get("created_by", ""),
            **synced_values(rec, self.refs, meeting_id),
            "version": 1,
        }
        if seq is not None:  # SQLite: the repository numbers rows (PostgreSQL: identity)
            comment["seq"] = seq
        self.rows["comment"].append(comment)
        self.rows["comment_policy"] += [
            {"comment_id": cid, "policy_id": pid, "is_primary": i == 0, "position": i}
            for i, pid in enumerate(policy_ids(rec, self.refs))
        ]
        sp = rec.get("speaker")
        if sp:
            self.rows["speaker_contact"].append(
                {
                    "comment_id": cid,
                    "name": sp.get("name", ""),
                    "contact": sp.get("contact", ""),
                    "recorded_at": parse_datetime(sp.get("recorded_at")) or datetime.now(),
                }
            )
        self.rows["status_history"] += new_status_entries(cid, status, self.via, set())
        self.rows["audit_log"] += new_audit_entries("comment", cid, audit, self.via, set())
        self.rows["comment_sync"].append(
            {
                "comment_id": cid,
                "fingerprint": rec["fingerprint"],
                "local_version": 1,
                "peer": self.peer,
                "synced_at": self.now,
            }
        )

    def write(self, s: Session) -> None:
        """Append every collected row in the session's transaction (pending ORM rows first)."""
        s.flush()
        conn = s.connection()
        if large_load(conn, len(self.rows["comment"])):
            # As many new comments as the table holds: indexes, tally and search rebuilt
            # once after the load instead of maintained row by row (as Excel imports).
            with bulk_mode(conn, rebuild=True) as writer:
                rows = self.rows
                writer.write_carried(
                    rows["comment"], rows["comment_policy"], rows["status_history"]
                )
                for model in _TABLES:
                    if model.__tablename__ not in BULK_TABLES:
                        append_rows(conn, model.__table__, rows[model.__tablename__])
            return
        for model in _TABLES:
            append_rows(conn, model.__table__, self.rows[model.__tablename__])
