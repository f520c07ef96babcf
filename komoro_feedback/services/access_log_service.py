"""The personal-data access log: written by every reveal and export, read by the administrator."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Sequence
from datetime import date, datetime, time, timedelta
from pathlib import Path

from sqlalchemy.orm import Session

from komoro_feedback.domain.access_log import AccessEntry, AccessKind, AccessPurpose
from komoro_feedback.domain.errors import ValidationError
from komoro_feedback.domain.roles import Action
from komoro_feedback.i18n.translation import _
from komoro_feedback.reports.model import DateStyle
from komoro_feedback.services.actor import Actor
from komoro_feedback.store.access_log_repository import AccessLogRepository
from komoro_feedback.store.database import Database


class AccessLogService:
    """Reading the log is the administrator's (with retention: personal-data governance)."""

    def __init__(self, db: Database, actor: Actor) -> None:
        self.db = db
        self.actor = actor
        self.repo = AccessLogRepository()

    def note(
        self,
        s: Session,
        kind: AccessKind,
        purpose: AccessPurpose | None,
        comment_ids: Sequence[str],
    ) -> None:
        """Inside the caller's transaction: no personal data leaves without its log line."""
        if purpose is None:
            raise ValidationError(_("個人情報を扱う理由を選んでください。"))
        self.repo.add(
            s,
            kind=kind,
            purpose=purpose.validated(),
            comment_ids=list(comment_ids),
            user=self.actor.name,
            at=self.actor.now(),
        )

    def record(
        self, kind: AccessKind, purpose: AccessPurpose | None, comment_ids: Sequence[str]
    ) -> None:
        """In its own transaction (an export whose file is written outside the database)."""
        with self.db.write() as s:
            self.note(s, kind, purpose, comment_ids)

    def entries(self, start: date | None = None, end: date | None = None) -> list[AccessEntry]:
        """Entries from `start` to `end` inclusive (whole days)."""
        self.actor.require(Action.RETENTION)
        begin = datetime.combine(start, time.min) if start else None
        stop = datetime.combine(end + timedelta(days=1), time.min) if end else None
        with self.db.read() as s:
            return self.repo.entries(s, begin, stop)

    def print_pdf(
        self,
        out: Path,
        start: date | None = None,
        end: date | None = None,
        *,
        style: DateStyle = "western",
    ) -> int:
        """The log of a period as an A4 PDF (written atomically); returns the page count."""
        entries = self.entries(start, end)
        out = Path(out)
        out.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(prefix=".access-", suffix=".pdf", dir=out.parent)
        os.close(fd)
        tmp = Path(tmp_name)
        try:
            # ReportLab loads when a log is printed, not with every service that logs access.
            from komoro_feedback.reports.access_log_report import (
                access_log_meta,
                build_access_log_report,
            )

            meta = access_log_meta(start, end, self.actor.now().date())
            pages = build_access_log_report(entries, meta, str(tmp), style)
            os.replace(tmp, out)
        finally:
            tmp.unlink(missing_ok=True)
        return pages
