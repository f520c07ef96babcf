"""Personal data retention: how long speaker names and contacts are kept, and their removal."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from komoro_feedback.domain.privacy import KEPT_MARK, PURGED_MARK, months_before
from komoro_feedback.store.audit import write_audit
from komoro_feedback.store.models import CommentRow, SpeakerContactRow
from komoro_feedback.store.settings_repository import SettingsRepository

RETENTION_KEY = "speaker_retention_months"


class PrivacyRepository:
    """The retention period lives in the database (one rule for every laptop that shares it)."""

    def __init__(self) -> None:
        self.settings = SettingsRepository()

    def retention_months(self, s: Session) -> int | None:
        raw = self.settings.get(s, RETENTION_KEY)
        if raw is None or not raw.isdigit() or int(raw) == 0:
            return None
        return int(raw)

    def set_retention_months(self, s: Session, months: int | None) -> None:
        self.settings.put(s, RETENTION_KEY, str(months or 0))

    def with_speaker(self, s: Session, before: date | None = None) -> int:
        """Comments that carry a name or contact (received before `before`, if given)."""
        q = select(func.count()).select_from(SpeakerContactRow)
        if before is not None:
            q = q.join(CommentRow, CommentRow.id == SpeakerContactRow.comment_id).where(
                CommentRow.received_on < before
            )
        return s.scalar(q) or 0

    def purge(self, s: Session, before: date, user: str, at: datetime) -> int:
        """Delete the name and contact of every comment received before `before`; the
        comments themselves stay. One audit row per comment, without the data removed."""
        ids = list(
            s.scalars(
                select(SpeakerContactRow.comment_id)
                .join(CommentRow, CommentRow.id == SpeakerContactRow.comment_id)
                .where(CommentRow.received_on < before)
            )
        )
        if not ids:
            return 0
        if s.get_bind().dialect.name == "sqlite":
            # Freed pages are overwritten with zeros instead of keeping the old bytes around
            # until SQLite reuses them.
            s.connection().exec_driver_sql("PRAGMA secure_delete = ON")
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            s.execute(delete(SpeakerContactRow).where(SpeakerContactRow.comment_id.in_(chunk)))
        for comment_id in ids:
            write_audit(
                s,
                entity="comment",
                entity_id=comment_id,
                action="speaker",
                changes=[("speaker", KEPT_MARK, PURGED_MARK)],
                user=user,
                at=at,
            )
        return len(ids)

    def purge_expired(self, s: Session, today: date, user: str, at: datetime) -> int:
        """Apply the retention period (nothing when none is set)."""
        months = self.retention_months(s)
        if months is None:
            return 0
        return self.purge(s, months_before(today, months), user, at)
