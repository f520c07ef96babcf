"""The rows an imported Excel/CSV file becomes: its comments, then the rows referring to them."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date, datetime
from typing import Any

from komoro_feedback.domain.text import normalize_for_search
from komoro_feedback.i18n.translation import _
from komoro_feedback.store.bulk_append import BATCH, Dependents


class ImportedRows:
    """Insert rows built from a preview's checked records (one import, one user and time)."""

    def __init__(self, origin: str, user: str, now: datetime, file_name: str) -> None:
        self.origin = origin
        self.user = user
        self.now = now
        self.file_name = file_name[:400]

    def comments(
        self,
        records: Sequence[dict[str, Any]],
        meetings: dict[tuple[str, date], int],
        seq: int | None,
    ) -> Iterator[list[dict[str, Any]]]:
        """The comment rows in batches (SQLite: numbered from `seq`; PostgreSQL: None)."""
        for start in range(0, len(records), BATCH):
            part = records[start : start + BATCH]
            yield [
                self.comment(rec, meetings, None if seq is None else seq + start + i)
                for i, rec in enumerate(part)
            ]

    def comment(
        self, rec: dict[str, Any], meetings: dict[tuple[str, date], int], seq: int | None
    ) -> dict[str, Any]:
        pids: tuple[int, ...] = rec["policy_ids"]
        new_meeting = rec.get("new_meeting")
        now, user = self.now, self.user
        row: dict[str, Any] = {
            "id": rec["id"],
            "meeting_id": meetings[new_meeting] if new_meeting else rec["meeting_id"],
            "channel": rec["channel"],
            "received_on": rec["received_on"],
            "ward_id": rec["ward_id"],
            "kind": rec["kind"],
            "text": rec["text"],
            "search_text": normalize_for_search(rec["text"]),
            "primary_policy_id": pids[0] if pids else None,
            "needs_answer": rec["needs_answer"],
            "status": rec["status"],
            "department_id": rec["department_id"],
            "answer": rec["answer"],
            "answered_on": rec["answered_on"],
            "due_on": rec["due_on"],
            "spot_answer": rec["spot_answer"],
            "age_band": "",
            "gender": "",
            "suggestion_accepted": None,
            "origin": self.origin,
            "created_at": now,
            "created_by": user,
            "updated_at": now,
            "updated_by": user,
            "deleted_at": None,
            "deleted_by": "",
            "version": 1,
        }
        if seq is not None:
            row["seq"] = seq
        return row

    def dependents(self, records: tuple[dict[str, Any], ...]) -> Dependents:
        """Policies, first status, speaker (if any) and the audit entry of each record."""
        now, user = self.now, self.user
        note = _("取り込み")
        policies: list[dict[str, Any]] = []
        statuses: list[dict[str, Any]] = []
        speakers: list[dict[str, Any]] = []
        audit: list[dict[str, Any]] = []
        for rec in records:
            cid = rec["id"]
            for i, pid in enumerate(rec["policy_ids"]):
                policies.append(
                    {"comment_id": cid, "policy_id": pid, "is_primary": i == 0, "position": i}
                )
            statuses.append(
                {
                    "comment_id": cid,
                    "status": rec["status"],
                    "changed_at": now,
                    "changed_by": user,
                    "note": note,
                }
            )
            if rec["speaker_name"] or rec["speaker_contact"]:
                speakers.append(
                    {
                        "comment_id": cid,
                        "name": rec["speaker_name"],
                        "contact": rec["speaker_contact"],
                        "recorded_at": now,
                    }
                )
            audit.append(
                {
                    "entity": "comment",
                    "entity_id": cid,
                    "action": "import",
                    "field": "file",
                    "before": "",
                    "after": self.file_name,
                    "changed_at": now,
                    "changed_by": user,
                }
            )
        return {
            "comment_policy": policies,
            "status_history": statuses,
            "speaker_contact": speakers,
            "audit_log": audit,
        }
