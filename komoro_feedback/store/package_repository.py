"""SQL of meeting packages: comments as portable records (names, not local ids) and back."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from komoro_feedback.store.models import (
    AuditLogRow,
    CommentPolicyRow,
    CommentRow,
    CommentSyncRow,
    DepartmentRow,
    DistrictRow,
    MeetingDistrictRow,
    MeetingKeyRow,
    MeetingRow,
    PolicyRow,
    ProgrammeRow,
    SpeakerContactRow,
    StatusHistoryRow,
    WardRow,
)

C = CommentRow
CHUNK = 500


def chunks(items: Sequence[Any]) -> Iterable[Sequence[Any]]:
    for i in range(0, len(items), CHUNK):
        yield items[i : i + CHUNK]


def _iso(value: date | datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def parse_date(value: Any) -> date | None:
    return date.fromisoformat(value) if value else None


def parse_datetime(value: Any) -> datetime | None:
    """A package's date and time as the wall-clock time it names. An offset (another tool
    may write one) is dropped, as PostgreSQL drops it from a `timestamp` column's text and
    SQLite's DateTime stores it: the columns hold local times, and rows written in COPY's
    binary format must be naive."""
    if not value:
        return None
    named = datetime.fromisoformat(value)
    return named if named.tzinfo is None else named.replace(tzinfo=None)


@dataclass(frozen=True)
class References:
    """Local ids of the names a package uses."""

    wards: dict[tuple[str, str], int]
    policies: dict[tuple[str, str], int]
    departments: dict[str, int]
    districts: dict[str, int]


class PackageRepository:
    """Export rows as records keyed by UUID and names; import records back into rows."""

    # --- export -----------------------------------------------------------------------------
    def meeting_ids_in_range(self, s: Session, lo: date | None, hi: date | None) -> list[int]:
        q = select(C.meeting_id).where(C.meeting_id.is_not(None)).distinct()
        if lo is not None:
            q = q.where(C.received_on >= lo)
        if hi is not None:
            q = q.where(C.received_on <= hi)
        return sorted(int(m) for m in s.scalars(q) if m is not None)

    def comment_ids(
        self,
        s: Session,
        *,
        meeting_id: int | None = None,
        lo: date | None = None,
        hi: date | None = None,
    ) -> list[str]:
        q = select(C.id).order_by(C.received_on, C.seq)
        if meeting_id is not None:
            q = q.where(C.meeting_id == meeting_id)
        if lo is not None:
            q = q.where(C.received_on >= lo)
        if hi is not None:
            q = q.where(C.received_on <= hi)
        return list(s.scalars(q))

    def meeting_key(self, s: Session, meeting_id: int, installation: str) -> str:
        """The key every installation knows the meeting by: where it was created, its id there
        and its creation time (a database copied to a laptop shares the installation id, so
        the id alone could name another meeting)."""
        key = s.scalar(select(MeetingKeyRow.key).where(MeetingKeyRow.meeting_id == meeting_id))
        if key:
            return key
        row = s.get(MeetingRow, meeting_id)
        stamp = row.created_at.strftime("%Y%m%d%H%M%S") if row else ""
        return f"{installation}:{meeting_id}:{stamp}"

    def export_meetings(
        self, s: Session, meeting_ids: Sequence[int], installation: str
    ) -> list[dict[str, Any]]:
        out: list[dict[str, Any]] = []
        for m in s.scalars(select(MeetingRow).where(MeetingRow.id.in_(list(meeting_ids)))):
            districts = s.scalars(
                select(DistrictRow.name)
                .join(MeetingDistrictRow, MeetingDistrictRow.district_id == DistrictRow.id)
                .where(MeetingDistrictRow.meeting_id == m.id)
                .order_by(DistrictRow.position)
            )
            out.append(
                {
                    "key": self.meeting_key(s, m.id, installation),
                    "kind": m.kind,
                    "title": m.title,
                    "held_at": _iso(m.held_at),
                    "venue": m.venue,
                    "attendees": m.attendees,
                    "recorder": m.recorder,
                    "notes": m.notes,
                    "closed": m.closed,
                    "districts": list(districts),
                    "created_at": _iso(m.created_at),
                    "created_by": m.created_by,
                    "updated_at": _iso(m.updated_at),
                }
            )
        return out

    def export_comments(
        self, s: Session, ids: Sequence[str], installation: str, *, with_speakers: bool
    ) -> list[dict[str, Any]]:
        out: list[dict[str, Any]] = []
        for chunk in chunks(ids):
            out.extend(self._export_chunk(s, chunk, installation, with_speakers))
        return out

    def _export_chunk(
        self, s: Session, ids: Sequence[str], installation: str, with_speakers: bool
    ) -> list[dict[str, Any]]:
        policies: dict[str, list[list[str]]] = defaultdict(list)
        pq = (
            select(CommentPolicyRow.comment_id, ProgrammeRow.code, PolicyRow.code)
            .join(PolicyRow, PolicyRow.id == CommentPolicyRow.policy_id)
            .join(ProgrammeRow, ProgrammeRow.id == PolicyRow.programme_id)
            .where(CommentPolicyRow.comment_id.in_(list(ids)))
            .order_by(CommentPolicyRow.comment_id, CommentPolicyRow.position)
        )
        for cid, prog, code in s.execute(pq):
            policies[cid].append([prog, code])
        bq = select(CommentSyncRow.comment_id, CommentSyncRow.fingerprint).where(
            CommentSyncRow.comment_id.in_(list(ids))
        )
        bases: dict[str, str] = {cid: fp for cid, fp in s.execute(bq)}
        speakers: dict[str, SpeakerContactRow] = {}
        if with_speakers:
            speakers = {
                r.comment_id: r
                for r in s.scalars(
                    select(SpeakerContactRow).where(SpeakerContactRow.comment_id.in_(list(ids)))
                )
            }
        q = (
            select(C, WardRow.name, DistrictRow.name, DepartmentRow.name)
            .outerjoin(WardRow, WardRow.id == C.ward_id)
            .outerjoin(DistrictRow, DistrictRow.id == WardRow.district_id)
            .outerjoin(DepartmentRow, DepartmentRow.id == C.department_id)
            .where(C.id.in_(list(ids)))
        )
        meeting_keys: dict[int, str] = {}
        out = []
        for c, ward, district, department in s.execute(q):
            mkey = None
            if c.meeting_id is not None:
                if c.meeting_id not in meeting_keys:
                    meeting_keys[c.meeting_id] = self.meeting_key(s, c.meeting_id, installation)
                mkey = meeting_keys[c.meeting_id]
            rec: dict[str, Any] = {
                "id": c.id,
                "text": c.text,
                "kind": c.kind,
                "status": c.status,
                "channel": c.channel,
                "received_on": _iso(c.received_on),
                "ward": [district, ward] if ward is not None else None,
                "policies": policies.get(c.id, []),
                "meeting_key": mkey,
                "department": department,
                "needs_answer": c.needs_answer,
                "spot_answer": c.spot_answer,
                "answer": c.answer,
                "answered_on": _iso(c.answered_on),
                "due_on": _iso(c.due_on),
                "age_band": c.age_band,
                "gender": c.gender,
                "suggestion_accepted": c.suggestion_accepted,
                "deleted": c.deleted_at is not None,
                "deleted_at": _iso(c.deleted_at),
                "deleted_by": c.deleted_by,
                "origin": c.origin,
                "created_at": _iso(c.created_at),
                "created_by": c.created_by,
                "updated_at": _iso(c.updated_at),
                "updated_by": c.updated_by,
                "version": c.version,
                "base_fingerprint": bases.get(c.id),
            }
            sp = speakers.get(c.id)
            if sp is not None:
                rec["speaker"] = {
                    "name": sp.name,
                    "contact": sp.contact,
                    "recorded_at": _iso(sp.recorded_at),
                }
            out.append(rec)
        order = {cid: i for i, cid in enumerate(ids)}
        return sorted(out, key=lambda r: order[r["id"]])

    def export_status(self, s: Session, ids: Sequence[str]) -> list[dict[str, Any]]:
        out: list[dict[str, Any]] = []
        for chunk in chunks(ids):
            q = (
                select(StatusHistoryRow)
                .where(StatusHistoryRow.comment_id.in_(list(chunk)))
                .order_by(StatusHistoryRow.id)
            )
            out.extend(
                {
                    "comment_id": r.comment_id,
                    "status": r.status,
                    "changed_at": _iso(r.changed_at),
                    "changed_by": r.changed_by,
                    "note": r.note,
                }
                for r in s.scalars(q)
            )
        return out

    def export_audit(
        self, s: Session, ids: Sequence[str], meeting_keys: dict[int, str]
    ) -> list[dict[str, Any]]:
        """Audit rows of the comments and meetings; meetings are named by their key."""
        rows: list[AuditLogRow] = []
        for chunk in chunks(ids):
            rows.extend(
                s.scalars(
                    select(AuditLogRow).where(
                        AuditLogRow.entity == "comment", AuditLogRow.entity_id.in_(list(chunk))
                    )
                )
            )
        if meeting_keys:
            rows.extend(
                s.scalars(
                    select(AuditLogRow).where(
                        AuditLogRow.entity == "meeting",
                        AuditLogRow.entity_id.in_([str(m) for m in meeting_keys]),
                    )
                )
            )
        rows.sort(key=lambda r: r.id)
        return [
            {
                "entity": r.entity,
                "entity_id": (
                    meeting_keys[int(r.entity_id)] if r.entity == "meeting" else r.entity_id
                ),
                "action": r.action,
                "field": r.field,
                "before": r.before,
                "after": r.after,
                "changed_at": _iso(r.changed_at),
                "changed_by": r.changed_by,
            }
            for r in rows
        ]

    # --- references -------------------------------------------------------------------------
    def references(self, s: Session) -> References:
        wards = {
            (d, w): wid
            for wid, w, d in s.execute(
                select(WardRow.id, WardRow.name, DistrictRow.name).join(
                    DistrictRow, DistrictRow.id == WardRow.district_id
                )
            )
        }
        policies = {
            (prog, code): pid
            for pid, prog, code in s.execute(
                select(PolicyRow.id, ProgrammeRow.code, PolicyRow.code).join(
                    ProgrammeRow, ProgrammeRow.id == PolicyRow.programme_id
                )
            )
        }
        departments = {n: i for i, n in s.execute(select(DepartmentRow.id, DepartmentRow.name))}
        districts = {n: i for i, n in s.execute(select(DistrictRow.id, DistrictRow.name))}
        return References(wards, policies, departments, districts)
