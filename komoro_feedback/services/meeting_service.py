"""Create, edit, close and list meetings."""

from __future__ import annotations

from komoro_feedback.domain.comment import Meeting, MeetingDraft
from komoro_feedback.domain.errors import NotFoundError
from komoro_feedback.domain.roles import Action
from komoro_feedback.i18n.translation import _
from komoro_feedback.services.actor import Actor
from komoro_feedback.store.audit import write_audit
from komoro_feedback.store.database import Database
from komoro_feedback.store.meeting_repository import MeetingRepository


class MeetingService:
    """Meetings are where comments are recorded; closing one ends capture for it."""

    def __init__(self, db: Database, actor: Actor) -> None:
        self.db = db
        self.actor = actor
        self.repo = MeetingRepository()

    def create(self, draft: MeetingDraft) -> Meeting:
        self.actor.require(Action.RECORD)
        draft = draft.validated()
        now = self.actor.now()
        with self.db.write() as s:
            row = self.repo.insert(s, draft, user=self.actor.name, now=now)
            write_audit(
                s,
                entity="meeting",
                entity_id=row.id,
                action="create",
                changes=[("title", "", row.title), ("held_at", "", row.held_at)],
                user=self.actor.name,
                at=now,
            )
            meeting = self.repo.get(s, row.id)
        assert meeting is not None
        return meeting

    def edit(self, meeting_id: int, draft: MeetingDraft) -> Meeting:
        self.actor.require(Action.RECORD)
        draft = draft.validated()
        now = self.actor.now()
        with self.db.write() as s:
            row = self.repo.row(s, meeting_id)
            if row is None:
                raise NotFoundError(_("会議が見つかりません。"))
            fields = {
                "kind": draft.kind.value,
                "title": draft.title.strip(),
                "held_at": draft.held_at,
                "venue": draft.venue.strip(),
                "attendees": draft.attendees,
                "recorder": draft.recorder.strip(),
                "notes": draft.notes,
            }
            changes = [(k, getattr(row, k), v) for k, v in fields.items()]
            for k, v in fields.items():
                setattr(row, k, v)
            row.updated_at = now
            self.repo.set_districts(s, meeting_id, draft.district_ids)
            write_audit(
                s,
                entity="meeting",
                entity_id=meeting_id,
                action="update",
                changes=changes,
                user=self.actor.name,
                at=now,
            )
            meeting = self.repo.get(s, meeting_id)
        assert meeting is not None
        return meeting

    def set_closed(self, meeting_id: int, closed: bool) -> Meeting:
        self.actor.require(Action.RECORD)
        now = self.actor.now()
        with self.db.write() as s:
            row = self.repo.row(s, meeting_id)
            if row is None:
                raise NotFoundError(_("会議が見つかりません。"))
            write_audit(
                s,
                entity="meeting",
                entity_id=meeting_id,
                action="close" if closed else "reopen",
                changes=[("closed", row.closed, closed)],
                user=self.actor.name,
                at=now,
            )
            row.closed = closed
            row.updated_at = now
            meeting = self.repo.get(s, meeting_id)
        assert meeting is not None
        return meeting

    def get(self, meeting_id: int) -> Meeting:
        with self.db.read() as s:
            m = self.repo.get(s, meeting_id)
        if m is None:
            raise NotFoundError(_("会議が見つかりません。"))
        return m

    def list(self, *, limit: int | None = None, open_only: bool = False) -> list[Meeting]:
        with self.db.read() as s:
            return self.repo.list_all(s, limit=limit, open_only=open_only)
