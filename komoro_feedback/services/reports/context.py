"""What every report's gathering shares: the services it reads through, a request's filter,
the notes and cover facts, the themes, and the issuer saved in the database's settings."""

from __future__ import annotations

from contextlib import ExitStack
from dataclasses import replace
from datetime import date
from typing import Any

from komoro_feedback.domain.errors import ValidationError
from komoro_feedback.domain.query import CommentFilter
from komoro_feedback.domain.roles import Action
from komoro_feedback.i18n.translation import _, current_language
from komoro_feedback.reports.model import FollowUp, Issuer, ReportMeta
from komoro_feedback.services.actor import Actor
from komoro_feedback.services.catalog_service import CatalogService
from komoro_feedback.services.meeting_service import MeetingService
from komoro_feedback.services.query_service import QueryService
from komoro_feedback.services.reports.figures import ReportFigures
from komoro_feedback.services.reports.printed_lines import PrintedLines
from komoro_feedback.services.reports.request import ReportRequest
from komoro_feedback.services.reports.sections import headline
from komoro_feedback.services.themes.service import ThemeService
from komoro_feedback.services.themes.worker import PendingThemes
from komoro_feedback.store.database import Database
from komoro_feedback.store.report_repository import ReportRepository
from komoro_feedback.store.settings_repository import SettingsRepository

#: Issuer fields and their keys in the database's settings table.
ISSUER_KEYS = {
    "label": "report.cover_label",
    "department": "report.issuing_department",
    "person": "report.issuing_person",
}


class ReportContext:
    """Read-only: safe on a worker thread (each query opens its own session)."""

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
        self.actor = actor
        self.themes = themes
        self.catalog = catalog
        self.queries = queries
        self.meetings = meetings
        self.repo = ReportRepository()
        self.settings = SettingsRepository()
        self.figures = ReportFigures(db, queries, self.repo)
        self.lines = PrintedLines(db, queries, self.repo)

    def check(self, req: ReportRequest) -> None:
        self.actor.require(Action.REPORTS)
        if not req.options.anonymise:
            self.actor.require(Action.EXPORT_PERSONAL)

    def base_filter(self, req: ReportRequest) -> CommentFilter:
        if req.date_from and req.date_to and req.date_from > req.date_to:
            raise ValidationError(_("期間の開始日が終了日より後になっています。"))
        return CommentFilter(
            date_from=req.date_from, date_to=req.date_to, open_only=req.options.open_only
        )

    def as_of(self, req: ReportRequest) -> date:
        return req.issued_on or date.today()

    def with_period(self, req: ReportRequest) -> ReportRequest:
        """A comparison needs a period: an open end is the date of issue."""
        if req.options.compare_previous and req.date_from is not None and req.date_to is None:
            return replace(req, date_to=self.as_of(req))
        return req

    def ward_district(self) -> dict[int, int]:
        """Every ward's district, merged (合区) wards included: old comments still point there."""
        return {w.id: d.id for d in self.catalog.districts(include_merged=True) for w in d.wards}

    def common_notes(self, req: ReportRequest) -> list[str]:
        notes = []
        if req.options.open_only:
            notes.append(_("未完了（受付・確認中・対応中）の意見だけを対象にしています。"))
        notes.append(_("発言者の氏名・連絡先は掲載していません。"))
        if req.options.anonymise:
            notes.append(_("本文中の電話番号・メールアドレス・発言者の氏名は伏せています。"))
        with self.db.read() as s:
            if self.repo.has_links(s):
                notes.append(
                    _(
                        "類似意見としてまとめられた意見は1件ずつ数え、政策ごとに"
                        "まとまりを1件とした件数も示しています。一覧にもその旨を示しています。"
                    )
                )
        return notes

    def meta(
        self,
        title: str,
        selection: str,
        req: ReportRequest,
        programme: str,
        notes: list[str],
        total: FollowUp | None = None,
        f: CommentFilter | None = None,
    ) -> ReportMeta:
        first = last = None
        if req.date_from is None or req.date_to is None:
            with self.db.read() as s:
                first, last = self.repo.received_range(s, f or self.base_filter(req))
        return ReportMeta(
            title=title,
            selection=selection,
            period_start=req.date_from,
            period_end=req.date_to,
            issued_on=self.as_of(req),
            programme=programme,
            notes=tuple(notes),
            issuer=self.issuer(),
            data_start=first,
            data_end=last,
            headline=headline(total) if total is not None else (),
            language=current_language(),
        )

    def issuer(self) -> Issuer:
        """Cover label, issuing department and person, as saved in the database's settings."""
        with self.db.read() as s:
            values = {k: self.settings.get(s, k) or "" for k in ISSUER_KEYS.values()}
        return Issuer(**{field: values[key] for field, key in ISSUER_KEYS.items()})

    def themes_of(self, f: CommentFilter, req: ReportRequest) -> tuple[Any, ...]:
        """The main themes of the selection for the report (none in counts-only reports)."""
        if self.themes is None or req.options.counts_only:
            return ()
        return tuple(self.themes.themes(f, limit=8).themes)

    def themes_later(
        self, f: CommentFilter, req: ReportRequest, later: ExitStack
    ) -> tuple[Any, ...] | PendingThemes:
        """The same, worked out beside the caller (a second process, which `later` ends)."""
        if self.themes is None or req.options.counts_only:
            return ()
        return later.enter_context(self.themes.later(f, limit=8))
