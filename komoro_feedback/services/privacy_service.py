"""Personal data retention: speakers' names and contacts are removed once their time is up.

The administrator sets a retention period in months (kept in the database, so every laptop
that shares it follows one rule). Comments received before "today minus the period" then lose
their name and contact; the comment, its answer and its history stay. The app applies the rule
at start-up and every import applies it too, so a package or spreadsheet cannot bring expired
personal data back. The audit log records that data was removed, never the data itself.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy.exc import SQLAlchemyError

from komoro_feedback.domain.errors import ValidationError
from komoro_feedback.domain.privacy import PurgeResult, RetentionStatus, months_before
from komoro_feedback.domain.roles import Action
from komoro_feedback.i18n.translation import _
from komoro_feedback.services.actor import Actor
from komoro_feedback.store.audit import write_audit
from komoro_feedback.store.database import Database
from komoro_feedback.store.privacy_repository import RETENTION_KEY, PrivacyRepository
from komoro_feedback.store.sqlcipher import BUSY_TIMEOUT_MS

#: Ten years: the longest period the settings offer (and a guard against typos like 3600).
MAX_RETENTION_MONTHS = 120
#: How long a purge waits for readers elsewhere to let go of the old pages (SQLite).
CHECKPOINT_WAIT_MS = 2000


def unsettled_purge_message() -> str:
    """What the CLI and the app say when a purge could not yet clear the old bytes."""
    return _(
        "氏名・連絡先は削除しましたが、他の画面やプログラムがデータベースを読み込み中のため、"
        "ファイル内の古いデータをまだ消去できていません。読み込みが終わってから、もう一度"
        "削除を実行してください。"
    )


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

    def purge_before(self, cutoff: date, *, wait_ms: int = CHECKPOINT_WAIT_MS) -> PurgeResult:
        """Remove names and contacts of comments received before `cutoff`.

        Settled only once the old bytes are out of the file and its log; run it again when
        not (it also finishes what an earlier, unsettled purge left).
        """
        self.actor.require(Action.RETENTION)
        return self._purge(cutoff, wait_ms)

    def purge_expired(
        self, today: date | None = None, *, wait_ms: int = CHECKPOINT_WAIT_MS
    ) -> PurgeResult:
        """Apply the retention period now (nothing purged when none is set).

        The rule the administrator set is applied for whoever is signed in (start-up, every
        import), except on PostgreSQL where only roles granted the deletion may run it (the
        server refuses the others; the administrator's scheduled `purge-speakers` does it).
        """
        if self.db.is_postgresql and not self.actor.can(Action.RETENTION):
            return PurgeResult(0, True)
        status = self.status(today)
        if status.cutoff and status.expired:
            return self._purge(status.cutoff, wait_ms)
        return PurgeResult(0, self._flush_sqlite_log(wait_ms))

    def _purge(self, cutoff: date, wait_ms: int) -> PurgeResult:
        now = self.actor.now()
        with self.db.write() as s:
            n = self.repo.purge(s, cutoff, self.actor.name, now)
        return PurgeResult(n, self._flush_sqlite_log(wait_ms))

    def _flush_sqlite_log(self, wait_ms: int) -> bool:
        """Copy the write-ahead log into the file and empty it; False while a reader holds it.

        Until then the log (and the file's old pages) keep page images from before the purge.
        SQLite's busy handler retries the checkpoint for up to `wait_ms`; a reader that started
        before the purge blocks it for as long as its transaction lasts.
        """
        if not self.db.is_sqlite:
            # PostgreSQL keeps dead row versions until VACUUM (autovacuum or city IT).
            return True
        try:
            with self.db.engine.connect() as conn:
                raw = conn.connection.dbapi_connection
                assert raw is not None
                cur = raw.cursor()
                cur.execute(f"PRAGMA busy_timeout = {int(wait_ms)}")
                busy, log_frames, done = cur.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
                cur.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
                cur.close()
        except SQLAlchemyError:
            return False
        # A rollback-journal database (shared folder) answers busy=0, log=-1: nothing to flush.
        return bool(busy == 0 and (log_frames == -1 or log_frames == done))
