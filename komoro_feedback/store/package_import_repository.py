"""SQL of importing packages: records back into rows, agreed states, packages and conflicts."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from komoro_feedback.domain.provenance import unmarked
from komoro_feedback.store.models import (
    AuditLogRow,
    CommentConflictRow,
    CommentPolicyRow,
    CommentRow,
    CommentSyncRow,
    MeetingDistrictRow,
    MeetingKeyRow,
    MeetingRow,
    PackageImportRow,
    SpeakerContactRow,
    StatusHistoryRow,
)
from komoro_feedback.store.package_repository import (
    PackageRepository,
    References,
    chunks,
    parse_datetime,
)
from komoro_feedback.store.package_values import (
    audit_key,
    new_audit_entries,
    new_status_entries,
    synced_values,
)
from komoro_feedback.store.pg_copy import insert_with_ids


class PackageImportRepository(PackageRepository):
    """The export side's reading, plus everything an import writes."""

    # --- meetings ---------------------------------------------------------------------------
    def resolve_meeting(self, s: Session, key: str, installation: str) -> int | None:
        return self.resolve_meetings(s, [key], installation).get(key)

    def resolve_meetings(
        self, s: Session, keys: Iterable[str], installation: str
    ) -> dict[str, int]:
        """The local meeting of each key known here (a few queries per 500 keys, not three
        per key: a package of 100,000 comments names ~2,500 meetings). A key made here
        names its meeting if that meeting's own key is still the same (meeting_key)."""
        wanted = set(keys)
        prefix = f"{installation}:"
        own: dict[str, int] = {}
        for key in wanted:
            local_id, _sep, _stamp = key.removeprefix(prefix).partition(":")
            if key.startswith(prefix) and local_id.isdigit():
                own[key] = int(local_id)
        keyed: dict[int, str] = {}
        created: dict[int, datetime] = {}
        for chunk in chunks(sorted(set(own.values()))):
            k = select(MeetingKeyRow.meeting_id, MeetingKeyRow.key)
            for mid, key in s.execute(k.where(MeetingKeyRow.meeting_id.in_(chunk))):
                keyed.setdefault(mid, key)
            m = select(MeetingRow.id, MeetingRow.created_at).where(MeetingRow.id.in_(chunk))
            created.update((mid, at) for mid, at in s.execute(m))
        found: dict[str, int] = {}
        for key, mid in own.items():
            stamp = created[mid].strftime("%Y%m%d%H%M%S") if mid in created else ""
            if (keyed.get(mid) or f"{installation}:{mid}:{stamp}") == key:
                found[key] = mid
        for chunk in chunks(sorted(wanted - found.keys())):
            q = select(MeetingKeyRow.key, MeetingKeyRow.meeting_id)
            found.update(
                (key, mid) for key, mid in s.execute(q.where(MeetingKeyRow.key.in_(chunk)))
            )
        return found

    def closed_meetings(self, s: Session, ids: Iterable[int]) -> list[str]:
        """The titles of those meetings that are closed."""
        titles: list[str] = []
        for chunk in chunks(sorted(set(ids))):
            q = select(MeetingRow.title).where(MeetingRow.id.in_(chunk), MeetingRow.closed)
            titles += s.scalars(q)
        return titles

    def insert_meetings(
        self, s: Session, recs: list[tuple[dict[str, Any], list[int]]]
    ) -> list[int]:
        """Insert meetings (record, district ids; checked by package_format) with their
        districts and keys: one statement per table (a package of 100,000 comments brings
        ~2,500 meetings: as ORM objects they took ~1 s); their new ids, in order."""
        if not recs:
            return []
        rows = [
            {
                "kind": rec["kind"],
                "title": rec["title"],
                "held_at": parse_datetime(rec["held_at"]),
                "venue": rec.get("venue", ""),
                "attendees": rec.get("attendees"),
                "recorder": rec.get("recorder", ""),
                "notes": rec.get("notes", ""),
                "closed": bool(rec.get("closed", False)),
                "created_at": parse_datetime(rec["created_at"]),
                "created_by": rec.get("created_by", ""),
                "updated_at": parse_datetime(rec["updated_at"]),
            }
            for rec, _districts in recs
        ]
        s.flush()  # pending ORM rows first, as a flush of these objects would have done
        ids = insert_with_ids(s.connection(), MeetingRow.__table__, rows)
        districts = [
            {"meeting_id": mid, "district_id": d}
            for mid, (_rec, district_ids) in zip(ids, recs, strict=True)
            for d in district_ids
        ]
        pairs = zip(ids, recs, strict=True)
        keys = [{"key": rec["key"], "meeting_id": mid} for mid, (rec, _d) in pairs]
        if districts:
            s.execute(insert(MeetingDistrictRow), districts)
        s.execute(insert(MeetingKeyRow), keys)
        return ids

    # --- comments ---------------------------------------------------------------------------
    def sync_row(self, s: Session, comment_id: str) -> CommentSyncRow | None:
        return s.get(CommentSyncRow, comment_id)

    def preload(self, s: Session, ids: Sequence[str]) -> None:
        """One query per 500 comments instead of one each: later sync_row() and s.get() of
        these comments hit the session's identity map."""
        for i in range(0, len(ids), 500):
            chunk = list(ids[i : i + 500])
            s.scalars(select(CommentSyncRow).where(CommentSyncRow.comment_id.in_(chunk))).all()
            s.scalars(select(CommentRow).where(CommentRow.id.in_(chunk))).all()

    def put_sync(
        self,
        s: Session,
        comment_id: str,
        fp: str,
        version: int,
        peer: str,
        now: datetime,
        *,
        new: bool = False,
    ) -> None:
        row = None if new else s.get(CommentSyncRow, comment_id)
        if row is None:
            s.add(
                CommentSyncRow(
                    comment_id=comment_id,
                    fingerprint=fp,
                    local_version=version,
                    peer=peer,
                    synced_at=now,
                )
            )
        else:
            row.fingerprint, row.local_version, row.peer, row.synced_at = fp, version, peer, now

    def new_comment_row(self, rec: dict[str, Any]) -> CommentRow:
        return CommentRow(
            id=rec["id"],
            origin=rec.get("origin", ""),
            created_at=parse_datetime(rec["created_at"]),
            created_by=rec.get("created_by", ""),
        )

    def apply(
        self, row: CommentRow, rec: dict[str, Any], refs: References, meeting_id: int | None
    ) -> None:
        """Set the synced fields of a row from a record (names already checked)."""
        for name, value in synced_values(rec, refs, meeting_id).items():
            setattr(row, name, value)

    def set_policies(
        self, s: Session, comment_id: str, policy_ids: Sequence[int], *, new: bool = False
    ) -> None:
        if not new:  # a DELETE would also flush every pending row: skip it for new comments
            s.execute(delete(CommentPolicyRow).where(CommentPolicyRow.comment_id == comment_id))
        s.add_all(
            CommentPolicyRow(comment_id=comment_id, policy_id=pid, is_primary=i == 0, position=i)
            for i, pid in enumerate(policy_ids)
        )

    def set_speaker(
        self, s: Session, comment_id: str, sp: dict[str, Any], *, new: bool = False
    ) -> None:
        if not new:
            s.execute(delete(SpeakerContactRow).where(SpeakerContactRow.comment_id == comment_id))
        s.add(
            SpeakerContactRow(
                comment_id=comment_id,
                name=sp.get("name", ""),
                contact=sp.get("contact", ""),
                recorded_at=parse_datetime(sp.get("recorded_at")) or datetime.now(),
            )
        )

    def add_missing_status(
        self,
        s: Session,
        comment_id: str,
        items: list[dict[str, Any]],
        via: str,
        *,
        new: bool = False,
    ) -> int:
        """Add the entries not yet here (new: the comment was just inserted, nothing is), each
        marked `via` the package that brought it."""
        have: set[tuple[Any, ...]] = set()
        if not new:
            have = {
                (r.status, r.changed_at, unmarked(r.changed_by), r.note)
                for r in s.scalars(
                    select(StatusHistoryRow).where(StatusHistoryRow.comment_id == comment_id)
                )
            }
        entries = new_status_entries(comment_id, items, via, have)
        s.add_all(StatusHistoryRow(**e) for e in entries)
        return len(entries)

    def add_missing_audit(
        self,
        s: Session,
        entity: str,
        entity_id: str,
        items: list[dict[str, Any]],
        via: str,
        *,
        new: bool = False,
    ) -> int:
        """Add the entries not yet here, each marked `via` the package that brought it: the
        date and person are the package's word, not this database's."""

        have: set[tuple[Any, ...]] = set()
        if not new:
            have = {
                audit_key(r.action, r.field, r.before, r.after, r.changed_at, r.changed_by)
                for r in s.scalars(
                    select(AuditLogRow).where(
                        AuditLogRow.entity == entity, AuditLogRow.entity_id == entity_id
                    )
                )
            }
        entries = new_audit_entries(entity, entity_id, items, via, have)
        s.add_all(AuditLogRow(**e) for e in entries)
        return len(entries)

    # --- packages and conflicts -------------------------------------------------------------
    def package_import(self, s: Session, package_id: str) -> PackageImportRow | None:
        return s.scalar(select(PackageImportRow).where(PackageImportRow.package_id == package_id))

    def open_conflict_fps(self, s: Session, comment_id: str) -> set[str]:
        rows = s.scalars(
            select(CommentConflictRow.incoming).where(
                CommentConflictRow.comment_id == comment_id,
                CommentConflictRow.resolved_at.is_(None),
            )
        )
        return {json.loads(r).get("fingerprint", "") for r in rows}

    def conflicts(self, s: Session, *, open_only: bool) -> list[CommentConflictRow]:
        q = select(CommentConflictRow).order_by(CommentConflictRow.id)
        if open_only:
            q = q.where(CommentConflictRow.resolved_at.is_(None))
        return list(s.scalars(q))

    def conflict(self, s: Session, conflict_id: int) -> CommentConflictRow | None:
        return s.get(CommentConflictRow, conflict_id)


def unknown_refs(
    content: dict[str, Any], refs: References
) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    wards: set[str] = set()
    policies: set[str] = set()
    departments: set[str] = set()
    for c in content["comments"]:
        w = c.get("ward")
        if w and (w[0], w[1]) not in refs.wards:
            wards.add(f"{w[0]} {w[1]}")
        for p in c.get("policies", []):
            if (p[0], p[1]) not in refs.policies:
                policies.add(f"{p[0]} {p[1]}")
        d = c.get("department")
        if d and d not in refs.departments:
            departments.add(d)
    for mt in content["meetings"]:
        for d in mt.get("districts", []):
            if d not in refs.districts:
                wards.add(d)
    return tuple(sorted(wards)), tuple(sorted(policies)), tuple(sorted(departments))
