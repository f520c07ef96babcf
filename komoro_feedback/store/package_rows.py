"""A package's new comments as rows written in bulk: COPY on PostgreSQL, executemany on SQLite.

Through the ORM each new comment was an object, its policies, speaker, history and audit
five more, flushed in dependency order (~600 comments/s into PostgreSQL). Here every table
gets one COPY (one executemany INSERT on SQLite) in the import's transaction, after the
comments: the same triggers (tally, search, what comment_policy carries), foreign keys and
constraints apply, and a failure rolls the whole import back. The rows that refer to the
comments are built while the database indexes the comments (store/bulk_append.py).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from komoro_feedback.store.bulk_append import BATCH, Dependents, append_comments
from komoro_feedback.store.package_repository import References, parse_datetime
from komoro_feedback.store.package_values import (
    new_audit_entries,
    new_status_entries,
    policy_ids,
    synced_values,
)

Row = dict[str, Any]


class NewCommentRows:
    """Collects the rows of a package's new comments, then writes them table by table."""

    def __init__(
        self,
        refs: References,
        via: str,
        peer: str,
        now: datetime,
        fingerprint: Callable[[dict[str, Any]], str],
        history: Callable[[str], tuple[list[Row], list[Row]]],
    ) -> None:
        self.refs = refs
        self.via = via
        self.peer = peer
        self.now = now
        #: The content fingerprint of a record (package_format.fingerprint), computed when
        #: the agreed states are built: a new comment needs it for nothing else.
        self.fingerprint = fingerprint
        #: The package's (status entries, audit entries) of a comment id.
        self.history = history
        self._new: list[tuple[dict[str, Any], int | None, int | None]] = []

    def add(
        self,
        rec: dict[str, Any],
        meeting_id: int | None,
        seq: int | None,
    ) -> None:
        """One new comment as the ORM path wrote it: version 1, its agreed state in sync.
        Its rows are made when written (comment_batches, dependents)."""
        self._new.append((rec, meeting_id, seq))

    def comment_batches(self) -> Iterator[list[dict[str, Any]]]:
        for start in range(0, len(self._new), BATCH):
            yield [self._comment(*new) for new in self._new[start : start + BATCH]]

    def _comment(self, rec: dict[str, Any], meeting_id: int | None, seq: int | None) -> Row:
        comment = {
            "id": rec["id"],
            "origin": rec.get("origin", ""),
            "created_at": parse_datetime(rec["created_at"]),
            "created_by": rec.get("created_by", ""),
            **synced_values(rec, self.refs, meeting_id),
            "version": 1,
        }
        if seq is not None:  # SQLite: the repository numbers rows (PostgreSQL: identity)
            comment["seq"] = seq
        return comment

    def dependents(self) -> Dependents:
        """The rows referring to the new comments, in the order they are written."""
        rows: Dependents = {
            t: [] for t in ("comment_policy", "speaker_contact", "status_history", "audit_log")
        }
        sync: list[dict[str, Any]] = []
        for rec, _meeting, _seq in self._new:
            cid = rec["id"]
            status, audit = self.history(cid)
            rows["comment_policy"] += [
                {"comment_id": cid, "policy_id": pid, "is_primary": i == 0, "position": i}
                for i, pid in enumerate(policy_ids(rec, self.refs))
            ]
            sp = rec.get("speaker")
            if sp:
                rows["speaker_contact"].append(
                    {
                        "comment_id": cid,
                        "name": sp.get("name", ""),
                        "contact": sp.get("contact", ""),
                        "recorded_at": parse_datetime(sp.get("recorded_at")) or datetime.now(),
                    }
                )
            rows["status_history"] += new_status_entries(cid, status, self.via, set())
            rows["audit_log"] += new_audit_entries("comment", cid, audit, self.via, set())
            rec["fingerprint"] = self.fingerprint(rec)
            sync.append(
                {
                    "comment_id": cid,
                    "fingerprint": rec["fingerprint"],
                    "local_version": 1,
                    "peer": self.peer,
                    "synced_at": self.now,
                }
            )
        rows["comment_sync"] = sync
        return rows

    def write(self, s: Session) -> None:
        """Append every collected row in the session's transaction (pending ORM rows first)."""
        s.flush()
        # Binary COPY: every value is of its column's type (package_format checked the
        # record's types, synced_values parsed its dates).
        append_comments(
            s.connection(), len(self._new), self.comment_batches(), self.dependents, binary=True
        )
