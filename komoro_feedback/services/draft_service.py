"""Keep what a recorder is typing durably, per meeting, and offer it back after a crash."""

from __future__ import annotations

import getpass
import platform

from komoro_feedback.domain.draft import CaptureDraft, StoredDraft
from komoro_feedback.services.actor import Actor
from komoro_feedback.store.database import Database
from komoro_feedback.store.draft_repository import DraftRepository


def default_station() -> str:
    """This workstation: computer and OS account (a shared server keeps each laptop's own)."""
    try:
        user = getpass.getuser()
    except (KeyError, OSError):  # no account name (some containers)
        user = "?"
    return f"{platform.node() or 'localhost'}/{user}"[:200]


class DraftService:
    """One draft per meeting and workstation; an empty form removes it."""

    def __init__(self, db: Database, actor: Actor, station: str | None = None) -> None:
        self.db = db
        self.actor = actor
        self.station = station or default_station()
        self.repo = DraftRepository()

    def keep(self, meeting_id: int, draft: CaptureDraft) -> None:
        """Write (or, for an empty form, remove) the meeting's draft; durable on return."""
        with self.db.write() as s:
            if draft.empty:
                self.repo.remove(s, meeting_id, self.station)
            else:
                self.repo.put(s, meeting_id, self.station, draft, self.actor.now())

    def get(self, meeting_id: int) -> CaptureDraft | None:
        with self.db.read() as s:
            return self.repo.get(s, meeting_id, self.station)

    def discard(self, meeting_id: int) -> None:
        with self.db.write() as s:
            self.repo.remove(s, meeting_id, self.station)

    def pending(self) -> list[StoredDraft]:
        """This workstation's unsaved drafts, newest first, with their meetings' titles."""
        with self.db.read() as s:
            return [d for d in self.repo.pending(s, self.station) if not d.draft.empty]
