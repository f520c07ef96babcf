"""Build a report's PDF: gather it (policy_gathering, area_gathering, meeting_gathering), lay it
out (reports/), put the file in place atomically, and log what personal data was printed."""

from __future__ import annotations

import os
import tempfile
import time
from contextlib import ExitStack
from pathlib import Path

from komoro_feedback.domain.access_log import AccessKind
from komoro_feedback.domain.errors import ValidationError
from komoro_feedback.i18n.translation import _
from komoro_feedback.reports.model import (
    AreaReport,
    CancelCheck,
    Issuer,
    MeetingReport,
    PolicyReport,
    ProgressCallback,
)
from komoro_feedback.services.access_log_service import AccessLogService
from komoro_feedback.services.actor import Actor
from komoro_feedback.services.catalog_service import CatalogService
from komoro_feedback.services.collector_pause import collector_paused
from komoro_feedback.services.meeting_service import MeetingService
from komoro_feedback.services.query_service import QueryService
from komoro_feedback.services.reports import area_gathering, meeting_gathering, policy_gathering
from komoro_feedback.services.reports.context import ISSUER_KEYS, ReportContext
from komoro_feedback.services.reports.printed_lines import PRINTED
from komoro_feedback.services.reports.request import ReportKind, ReportRequest, ReportResult
from komoro_feedback.services.themes.service import ThemeService
from komoro_feedback.store.database import Database

__all__ = ["ReportKind", "ReportRequest", "ReportResult", "ReportService"]

#: Share of the progress bar spent gathering data (the rest is laying out the PDF).
GATHER_SHARE = 0.3
#: The longest label, department or person a cover prints (one line of the cover).
ISSUER_MAX = 60


class ReportService:
    """Read-only but for the issuer's settings: safe on a worker thread (each query opens its
    own session)."""

    def __init__(
        self,
        db: Database,
        catalog: CatalogService,
        queries: QueryService,
        meetings: MeetingService,
        actor: Actor,
        themes: ThemeService | None = None,
    ) -> None:
        self.db = db
        self.ctx = ReportContext(db, catalog, queries, meetings, actor, themes)
        self.access_log = AccessLogService(db, actor)

    def build(
        self,
        req: ReportRequest,
        out: Path,
        *,
        progress: ProgressCallback | None = None,
        cancel: CancelCheck | None = None,
    ) -> ReportResult:
        """Write the PDF atomically: a cancelled or failed build leaves no file behind.

        Unmasked text (options.anonymise off) is personal data: allowed roles only, with a
        reason, logged (with the comments printed) before the file is put in place.
        """
        self.ctx.check(req)
        if not req.options.anonymise and req.purpose is None:
            raise ValidationError(_("個人情報を扱う理由を選んでください。"))
        started = time.perf_counter()
        printed: list[str] = []
        token = PRINTED.set(printed)
        out = Path(out)
        out.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(prefix=".report-", suffix=".pdf", dir=out.parent)
        os.close(fd)
        tmp = Path(tmp_name)
        try:
            with collector_paused(), ExitStack() as later:
                pages, n = self._write(req, tmp, later, progress, cancel)
                if not req.options.anonymise:
                    self.access_log.record(AccessKind.REPORT, req.purpose, printed)
                os.replace(tmp, out)
        finally:
            PRINTED.reset(token)
            tmp.unlink(missing_ok=True)
        if progress:
            progress(1.0)
        return ReportResult(out, pages, n, time.perf_counter() - started)

    def _write(
        self,
        req: ReportRequest,
        tmp: Path,
        later: ExitStack,
        progress: ProgressCallback | None,
        cancel: CancelCheck | None,
    ) -> tuple[int, int]:
        """Gather and lay out the report into `tmp`: (pages, comments)."""
        # ReportLab (the builders) loads with the first report, not with the app's window.
        from komoro_feedback.reports.area_report import build_area_report
        from komoro_feedback.reports.meeting_report import build_meeting_report
        from komoro_feedback.reports.policy_report import build_policy_report

        def gathered(f: float) -> None:
            if progress:
                progress(f * GATHER_SHARE)

        def laid_out(f: float) -> None:
            if progress:
                progress(GATHER_SHARE + f * (1 - GATHER_SHARE))

        if req.kind is ReportKind.POLICY:
            # the themes are worked out beside the gathering and the comment pages
            pr = self.policy_report(req, gathered, cancel, later=later)
            return build_policy_report(pr, str(tmp), progress=laid_out, cancel=cancel), pr.total
        if req.kind is ReportKind.AREA:
            ar = self.area_report(req, gathered, cancel)
            n = sum(s.total for s in ar.sections)
            return build_area_report(ar, str(tmp), progress=laid_out, cancel=cancel), n
        mr = self.meeting_report(req)
        n = len(mr.comments)
        return build_meeting_report(mr, str(tmp), progress=laid_out, cancel=cancel), n

    def policy_report(
        self,
        req: ReportRequest,
        progress: ProgressCallback | None = None,
        cancel: CancelCheck | None = None,
        *,
        later: ExitStack | None = None,
    ) -> PolicyReport:
        return policy_gathering.policy_report(self.ctx, req, progress, cancel, later=later)

    def area_report(
        self,
        req: ReportRequest,
        progress: ProgressCallback | None = None,
        cancel: CancelCheck | None = None,
    ) -> AreaReport:
        return area_gathering.area_report(self.ctx, req, progress, cancel)

    def meeting_report(self, req: ReportRequest) -> MeetingReport:
        return meeting_gathering.meeting_report(self.ctx, req)

    # --- settings ---------------------------------------------------------------------------
    def issuer(self) -> Issuer:
        """Cover label, issuing department and person, as saved in the database's settings."""
        return self.ctx.issuer()

    def save_issuer(self, issuer: Issuer) -> Issuer:
        for field_name in ISSUER_KEYS:
            if len(getattr(issuer, field_name).strip()) > ISSUER_MAX:
                raise ValidationError(
                    _("表紙の資料名・課・担当者は{n}文字以内にしてください。").format(n=ISSUER_MAX)
                )
        with self.db.write() as s:
            for field_name, key in ISSUER_KEYS.items():
                self.ctx.settings.put(s, key, getattr(issuer, field_name).strip())
        return self.issuer()
