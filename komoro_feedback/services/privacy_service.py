"""Personal data retention: speakers' names and contacts are removed once their time is up.

The administrator sets a retention period in months (kept in the database, so every laptop
that shares it follows one rule). Comments received before "today minus the period" then lose
their name and contact; the comment, its answer and its history stay. The app applies the rule
at start-up and every import applies it too, so a package or spreadsheet cannot bring expired
personal data back. The audit log records that data was removed, never the data itself.
"""

from __future__ import annotations

import contextlib
from datetime import date

from sqlalchemy.exc import SQLAlchemyError

from komoro_feedback.domain.errors import ValidationError
from komoro_feedback.domain.privacy import RetentionStatus, months_before
from komoro_feedback.domain.roles import Action
from komoro_feedback.i18n.translation import _
from komoro_feedback.services.actor import Actor
from komoro_feedback.store.audit import write_audit
from komoro_feedback.store.database import Database
from komoro_feedback.store.privacy_repository import RETENTION_KEY, PrivacyRepository

#: Ten years: the longest period the settings offer (and a guard against typos like 3600).
MAX_RETENTION_MONTHS = 120


class PrivacyService:
    def __init__(self, db: Database, actor: Actor) -> None:
        self.db = db
        self.actor = actor
        self.repo = PrivacyRepository()

    def status(self, today: date | None = None) -> RetentionStatus:
        today = today or date.today()
        with self.db.read() as s:
            months = self.repo.retention_months(s)
            cutoff = months_before(today, months) if months else None
            total = self.repo.with_speaker(s)
            expired = self.repo.with_speaker(s, cutoff) if cutoff else 0
        return RetentionStatus(months, cutoff, total, expired)

    def with_speaker_before(self, cutoff: date) -> int:
        """How many comments received before `cutoff` carry a name or contact."""
        with self.db.read() as s:
            return self.repo.with_speaker(s, cutoff)

    def set_retention_months(self, months: int | None) -> None:
        """None or 0: keep personal data until someone removes it."""
        self.actor.require(Action.RETENTION)
        if months is not None and not 0 <= months <= MAX_RETENTION_MONTHS:
            raise ValidationError(
                _("保存期間は 0〜{max} か月で指定してください。").format(max=MAX_RETENTION_MONTHS)
            )
        now = self.actor.now()
        with self.db.write() as s:
            before = self.repo.retention_months(s)
            self.repo.set_retention_months(s, months or None)
            write_audit(
                s,
                entity="settings",
                entity_id=RETENTION_KEY,
                action="update",
                changes=[("months", before or 0, months or 0)],
                user=self.actor.name,
                at=now,
            )

    def purge_before(self, cutoff: date) -> int:
        """Remove names and contacts of comments received before `cutoff`; how many."""
        self.actor.require(Action.RETENTION)
        return self._purge(cutoff)

    def purge_expired(self, today: date | None = None) -> int:
        """Apply the retention period now (0 when none is set).

        The rule the administrator set is applied for whoever is signed in (start-up, every
        import), except on PostgreSQL where only roles granted the deletion may run it (the
        server refuses the others; the administrator's scheduled `purge-speakers` does it).
        """
        if self.db.is_postgresql and not self.actor.can(Action.RETENTION):
            return 0
        status = self.status(today)
        return self._purge(status.cutoff) if status.cutoff and status.expired else 0

    def _purge(self, cutoff: date) -> int:
        now = self.actor.now()
        with self.db.write() as s:
            n = self.repo.purge(s, cutoff, self.actor.name, now)
        if n:
            self._flush_sqlite_log()
        return n

    def _flush_sqlite_log(self) -> None:
        # The write-ahead log still holds page images from before the purge until the next
        # checkpoint; empty it now. Best effort: a reader elsewhere may hold it for a while.
        if self.db.is_sqlite:
            with contextlib.suppress(SQLAlchemyError), self.db.engine.connect() as conn:
                conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
