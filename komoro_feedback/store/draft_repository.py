"""Capture drafts: one row per meeting and workstation, replaced on every keystroke pause."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from komoro_feedback.domain.draft import CaptureDraft, StoredDraft
from komoro_feedback.store.models import CaptureDraftRow, MeetingRow


class DraftRepository:
    """Reads and writes `capture_draft`; never returns ORM rows."""

    def put(
        self, s: Session, meeting_id: int, station: str, draft: CaptureDraft, at: datetime
    ) -> None:
        row = s.get(CaptureDraftRow, (meeting_id, station))
        if row is None:
            s.add(
                CaptureDraftRow(
                    meeting_id=meeting_id, station=station, payload=draft.to_json(), saved_at=at
                )
            )
        else:
            row.payload = draft.to_json()
            row.saved_at = at

    def get(self, s: Session, meeting_id: int, station: str) -> CaptureDraft | None:
        row = s.get(CaptureDraftRow, (meeting_id, station))
        return None if row is None else CaptureDraft.from_json(row.payload)

    def remove(self, s: Session, meeting_id: int, station: str) -> None:
        s.execute(
            delete(CaptureDraftRow).where(
                CaptureDraftRow.meeting_id == meeting_id, CaptureDraftRow.station == station
            )
        )

    def pending(self, s: Session, station: str) -> list[StoredDraft]:
        rows = s.execute(
            select(CaptureDraftRow, MeetingRow.title)
            .join(MeetingRow, MeetingRow.id == CaptureDraftRow.meeting_id)
            .where(CaptureDraftRow.station == station)
            .order_by(CaptureDraftRow.saved_at.desc())
        ).all()
        return [
            StoredDraft(
                meeting_id=row.meeting_id,
                meeting_title=title,
                draft=CaptureDraft.from_json(row.payload),
                saved_at=row.saved_at,
                station=row.station,
            )
            for row, title in rows
        ]
