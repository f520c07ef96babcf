"""Gather report figures through the query services and build the PDFs (reports/)."""

from __future__ import annotations

import os
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import dataclass, field, replace
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Any

from komoro_feedback.domain.access_log import AccessKind, AccessPurpose
from komoro_feedback.domain.catalog import District, Policy, Programme, Ward
from komoro_feedback.domain.errors import ValidationError
from komoro_feedback.domain.query import CommentFilter, CountRow, SortKey
from komoro_feedback.domain.roles import Action
from komoro_feedback.i18n.translation import _, current_language
from komoro_feedback.reports.model import (
    AGE_THRESHOLDS,
    AgeRow,
    AreaReport,
    CancelCheck,
    CommentLine,
    Comparison,
    DistrictRow,
    FollowUp,
    Issuer,
    MeetingReport,
    PillarGroup,
    PolicyCount,
    PolicyReport,
    ProgressCallback,
    ReportMeta,
    ReportOptions,
)
from komoro_feedback.services.access_log_service import AccessLogService
from komoro_feedback.services.actor import Actor
from komoro_feedback.services.catalog_service import CatalogService
from komoro_feedback.services.collector_pause import collector_paused
from komoro_feedback.services.meeting_service import MeetingService
from komoro_feedback.services.query_service import QueryService
from komoro_feedback.services.report_figures import (
    FollowUpTally,
    OpenAge,
    ReportFigures,
    previous_period,
)
from komoro_feedback.services.report_printed_lines import PRINTED, PrintedLines
from komoro_feedback.services.report_sections import (
    area_section,
    by_department,
    by_policy,
    headline,
    meeting_counts,
    policy_section,
    previous_of,
    ward_count,
)
from komoro_feedback.services.themes.service import ThemeService
from komoro_feedback.services.themes.worker import PendingThemes
from komoro_feedback.store.database import Database
from komoro_feedback.store.report_repository import ReportRepository
from komoro_feedback.store.settings_repository import SettingsRepository

#: Share of the progress bar spent gathering data (the rest is laying out the PDF).
GATHER_SHARE = 0.3
#: Issuer fields and their keys in the database's settings table.
ISSUER_KEYS = {
    "label": "report.cover_label",
    "department": "report.issuing_department",
    "person": "report.issuing_person",
}
#: The longest label, department or person a cover prints (one line of the cover).
ISSUER_MAX = 60


class ReportKind(StrEnum):
    POLICY = "policy"
    AREA = "area"
    MEETING = "meeting"


@dataclass(frozen=True, slots=True)
class ReportRequest:
    """What the user chose: report, selection, period and options."""

    kind: ReportKind
    policy_code: str | None = None
    pillar: int | None = None
    district: str | None = None  # None: each district (and the city-wide comments)
    meeting_id: int | None = None
    date_from: date | None = None
    date_to: date | None = None
    options: ReportOptions = field(default_factory=ReportOptions)
    issued_on: date | None = None
    #: Why personal data is printed (required when options.anonymise is off).
    purpose: AccessPurpose | None = None


@dataclass(frozen=True, slots=True)
class ReportResult:
    path: Path
    pages: int
    comments: int
    seconds: float


class ReportService:
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
        self.access_log = AccessLogService(db, actor)
        self.catalog = catalog
        self.queries = queries
        self.meetings = meetings
        self.repo = ReportRepository()
        self.settings = SettingsRepository()
        self.figures = ReportFigures(db, queries, self.repo)
        self.lines = PrintedLines(db, queries, self.repo)

    # --- building ---------------------------------------------------------------------------
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
        self._check(req)
        if not req.options.anonymise and req.purpose is None:
            raise ValidationError(_("個人情報を扱う理由を選んでください。"))
        started = time.perf_counter()
        printed: list[str] = []
        token = PRINTED.set(printed)

        def gather_progress(f: float) -> None:
            if progress:
                progress(f * GATHER_SHARE)

        def build_progress(f: float) -> None:
            if progress:
                progress(GATHER_SHARE + f * (1 - GATHER_SHARE))

        out = Path(out)
        out.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(prefix=".report-", suffix=".pdf", dir=out.parent)
        os.close(fd)
        tmp = Path(tmp_name)
        # ReportLab (the builders) loads with the first report, not with the app's window.
        from komoro_feedback.reports.area_report import build_area_report
        from komoro_feedback.reports.meeting_report import build_meeting_report
        from komoro_feedback.reports.policy_report import build_policy_report

        try:
            with collector_paused(), ExitStack() as later:
                if req.kind is ReportKind.POLICY:
                    # the themes are worked out beside the gathering and the comment pages
                    pr = self.policy_report(req, gather_progress, cancel, later=later)
                    n = pr.total
                    pages = build_policy_report(
                        pr, str(tmp), progress=build_progress, cancel=cancel
                    )
                elif req.kind is ReportKind.AREA:
                    ar = self.area_report(req, gather_progress, cancel)
                    n = sum(s.total for s in ar.sections)
                    pages = build_area_report(ar, str(tmp), progress=build_progress, cancel=cancel)
                else:
                    mr = self.meeting_report(req)
                    n = len(mr.comments)
                    pages = build_meeting_report(
                        mr, str(tmp), progress=build_progress, cancel=cancel
                    )
                if not req.options.anonymise:
                    self.access_log.record(AccessKind.REPORT, req.purpose, printed)
                os.replace(tmp, out)
        finally:
            PRINTED.reset(token)
            tmp.unlink(missing_ok=True)
        if progress:
            progress(1.0)
        return ReportResult(out, pages, n, time.perf_counter() - started)

    def _check(self, req: ReportRequest) -> None:
        self.actor.require(Action.REPORTS)
        if not req.options.anonymise:
            self.actor.require(Action.EXPORT_PERSONAL)

    # --- gathering --------------------------------------------------------------------------
    def policy_report(
        self,
        req: ReportRequest,
        progress: ProgressCallback | None = None,
        cancel: CancelCheck | None = None,
        *,
        later: ExitStack | None = None,
    ) -> PolicyReport:
        """`later`: the themes are left to a second process (large selections), which the
        stack ends; the report's themes are then waited for when its layout reaches them."""
        self._check(req)
        prog = self.catalog.programme()
        req = self._with_period(req)
        policies, selection, f = self._policy_selection(prog, req)
        themes = self._themes(f, req) if later is None else self._themes_later(f, req, later)
        as_of = self._as_of(req)
        matrix_only = req.options.counts_only and len(policies) > 1
        with self.db.read() as s:
            kinds = [] if matrix_only else self.repo.kind_counts(s, f)
            linked = self.repo.linked_counts(s, f) if self.repo.has_links(s) else {}
        districts = self.catalog.districts()
        fig = self.figures.follow_up(
            f, as_of, self._ward_district(), previous=req.options.compare_previous
        )
        counts, prev_rows = fig.counts, fig.previous
        prev = by_policy(prev_rows) if prev_rows is not None else None
        anonymise = req.options.anonymise
        wanted = {p.id for p in policies}
        groups: list[PillarGroup] = []
        done = 0
        for pillar in prog.pillars:
            sections = []
            for p in pillar.policies:
                if p.id not in wanted:
                    continue
                rows = [r for r in counts if r.policy_id == p.id]
                comments: tuple[CommentLine, ...] = ()
                if not req.options.counts_only and any(r.count for r in rows):
                    pf = replace(f, policy_ids=(p.id,), primary_only=True, pillar_ids=())
                    comments = tuple(
                        self.lines.read(pf, SortKey.RECEIVED, cancel, anonymise=anonymise)
                    )
                section = policy_section(p, rows, kinds, districts, comments)
                n_linked, n_groups = linked.get(p.id, (0, 0))
                follow = fig.by_policy.get(p.id, FollowUpTally()).result(previous_of(prev, p.id))
                section = replace(
                    section, distinct_total=section.total - n_linked + n_groups, follow=follow
                )
                sections.append(section)
                done += 1
                if progress:
                    progress(done / max(len(wanted), 1))
            if sections:
                ids = [x.id for x in pillar.policies if x.id in wanted]
                before = None if prev is None else sum(prev.get(i, 0) for i in ids)
                follow = fig.group(ids).result(before)
                groups.append(PillarGroup(pillar.number, pillar.name, tuple(sections), follow))
        unassigned = 0
        if req.policy_code is None and req.pillar is None:
            unassigned = sum(r.count for r in counts if r.policy_id not in wanted)
        total = fig.everything.result(None if prev is None else sum(prev.values()))
        comparison = None
        if prev_rows is not None:
            pillar_of: dict[int | None, str] = {
                p.id: f"{p.pillar_number}. {pl.name}" for pl in prog.pillars for p in pl.policies
            }
            comparison = self._comparison(
                f,
                counts,
                prev_rows,
                fig.open_ages,
                prog,
                districts,
                lambda a: pillar_of.get(a.policy_id),
            )
        notes = [
            _(
                "件数は各意見の主な政策（最初に選んだ政策）で数えています。"
                "複数の政策に関係する意見も1件として数えるため、合計が一致します。"
            ),
            *self._common_notes(req),
        ]
        meta = self._meta(_("政策別集計"), selection, req, prog.name, notes, total, f)
        return PolicyReport(
            meta,
            req.options,
            tuple(groups),
            unassigned,
            total,
            comparison,
            themes=themes,
        )

    def area_report(
        self,
        req: ReportRequest,
        progress: ProgressCallback | None = None,
        cancel: CancelCheck | None = None,
    ) -> AreaReport:
        self._check(req)
        prog = self.catalog.programme()
        req = self._with_period(req)
        all_districts = self.catalog.districts()
        if req.district:
            chosen = [self.catalog.district_by_name(req.district)]
            selection = _("{name}地区").format(name=chosen[0].name)
        else:
            chosen = list(all_districts)
            selection = _("全地区（地区ごと）")
        base = self._base_filter(req)
        as_of = self._as_of(req)
        fig = self.figures.follow_up(
            base,
            as_of,
            self._ward_district(),
            areas=True,
            previous=req.options.compare_previous,
        )
        counts, prev_rows = fig.counts, fig.previous
        prev_d: Counter[int | None] | None = None
        if prev_rows is not None:
            prev_d = Counter()
            for r in prev_rows:
                prev_d[r.district_id] += r.count
        rows = [
            DistrictRow(
                d.name, fig.by_district.get(d.id, FollowUpTally()).result(previous_of(prev_d, d.id))
            )
            for d in all_districts
        ]
        city = fig.by_district.get(None, FollowUpTally()).result(previous_of(prev_d, None))
        rows.append(DistrictRow(_("市全域"), city))
        before = None if prev_d is None else sum(prev_d.values())
        rows.append(DistrictRow(_("合計"), fig.everything.result(before)))
        anonymise = req.options.anonymise
        titles = {p.code: f"{p.code} {p.title}" for p in prog.policies()}
        targets: list[tuple[str, tuple[Ward, ...], int | None, CommentFilter]] = [
            (d.name, d.wards, d.id, replace(base, district_ids=(d.id,))) for d in chosen
        ]
        if not req.district:
            targets.append((_("市全域"), (), None, replace(base, city_wide_only=True)))
        sections = []
        for i, (name, wards, district_id, df) in enumerate(targets):
            drows = [r for r in counts if r.district_id == district_id]
            items: tuple[CommentLine, ...] = ()
            if not req.options.counts_only:
                open_f = replace(df, open_only=True)
                lines = self.lines.read(
                    open_f, SortKey.RECEIVED, cancel, titles, anonymise=anonymise
                )
                items = tuple(sorted(lines, key=by_department))
            prev_p = None
            if prev_rows is not None:
                prev_p = by_policy([r for r in prev_rows if r.district_id == district_id])
            section = area_section(name, wards, drows, prog, items, prev_p)
            follow = fig.by_district.get(district_id, FollowUpTally()).result(
                previous_of(prev_d, district_id)
            )
            by_ward = tuple(
                ward_count(w, fig.by_ward.get(w.id))
                for w in wards
                if w.active or w.id in fig.by_ward
            )
            sections.append(replace(section, follow=follow, by_ward=by_ward))
            if progress:
                progress((i + 1) / len(targets))
        comparison = None
        if prev_rows is not None:
            chosen_ids = {d.id for d in chosen} | (set() if req.district else {None})
            in_sel = [r for r in counts if r.district_id in chosen_ids]
            prev_sel = [r for r in prev_rows if r.district_id in chosen_ids]
            names = {d.id: d.name for d in all_districts}
            ages = [a for a in fig.open_ages if a.district_id in chosen_ids]
            comparison = self._comparison(
                base, in_sel, prev_sel, ages, prog, all_districts,
                lambda a: names.get(a.district_id, _("市全域")) if a.district_id else _("市全域"),
                order=[*(d.name for d in chosen), *([] if req.district else [_("市全域")])],
            )  # fmt: skip
        total = rows[-1].follow
        if req.district:
            total = sections[0].follow
        notes = self._common_notes(req)
        scope = targets[0][3] if req.district else base
        meta = self._meta(_("地区別集計"), selection, req, prog.name, notes, total, scope)
        area_f = replace(base, district_ids=(chosen[0].id,)) if req.district else base
        return AreaReport(
            meta,
            req.options,
            tuple(sections),
            tuple(rows),
            comparison,
            themes=self._themes(area_f, req),
        )

    def _themes(self, f: CommentFilter, req: ReportRequest) -> tuple[Any, ...]:
        """The main themes of the selection for the report (none in counts-only reports)."""
        if self.themes is None or req.options.counts_only:
            return ()
        return tuple(self.themes.themes(f, limit=8).themes)

    def _themes_later(
        self, f: CommentFilter, req: ReportRequest, later: ExitStack
    ) -> tuple[Any, ...] | PendingThemes:
        if self.themes is None or req.options.counts_only:
            return ()
        return later.enter_context(self.themes.later(f, limit=8))

    def meeting_report(self, req: ReportRequest) -> MeetingReport:
        self._check(req)
        if req.meeting_id is None:
            raise ValidationError(_("会議を選んでください。"))
        m = self.meetings.get(req.meeting_id)
        prog = self.catalog.programme()
        titles = {p.code: f"{p.code} {p.title}" for p in self.catalog.all_policies()}
        f = replace(self._base_filter(req), meeting_ids=(m.id,), date_from=None, date_to=None)
        lines = tuple(
            self.lines.read(f, SortKey.RECORDED, None, titles, anonymise=req.options.anonymise)
        )
        names = {d.id: d.name for d in self.catalog.districts()}
        day = m.held_at.date()
        as_of = self._as_of(req)
        meta = ReportMeta(
            title=_("会議記録"),
            selection=m.title,
            period_start=day,
            period_end=day,
            issued_on=as_of,
            programme=prog.name,
            notes=tuple(self._common_notes(req)),
            issuer=self.issuer(),
            language=current_language(),
        )
        by_kind, by_status, follow = meeting_counts(lines, as_of)
        return MeetingReport(
            meta=meta,
            options=req.options,
            meeting_title=m.title,
            meeting_kind=_(m.kind.label),
            held_at=m.held_at,
            venue=m.venue,
            attendees=m.attendees,
            districts=tuple(names.get(i, "") for i in m.district_ids),
            recorder=m.recorder,
            comments=lines,
            by_kind=by_kind,
            by_status=by_status,
            follow=follow,
            spot_answers=sum(1 for c in lines if c.spot_answer),
        )

    # --- internals --------------------------------------------------------------------------
    def _policy_selection(
        self, prog: Programme, req: ReportRequest
    ) -> tuple[list[Policy], str, CommentFilter]:
        base = self._base_filter(req)
        if req.policy_code:
            p = self.catalog.policy_by_code(req.policy_code)
            f = replace(base, policy_ids=(p.id,), primary_only=True)
            return [p], _("政策 {code} {title}").format(code=p.code, title=p.title), f
        if req.pillar is not None:
            pillar = next((x for x in prog.pillars if x.number == req.pillar), None)
            if pillar is None:
                raise ValidationError(_("柱の番号は1から{n}です。").format(n=len(prog.pillars)))
            f = replace(base, pillar_ids=(pillar.id,))
            sel = _("第{n}の柱　{name}").format(n=pillar.number, name=pillar.name)
            return list(pillar.policies), sel, f
        return prog.policies(), _("政策集全体"), base

    def _base_filter(self, req: ReportRequest) -> CommentFilter:
        if req.date_from and req.date_to and req.date_from > req.date_to:
            raise ValidationError(_("期間の開始日が終了日より後になっています。"))
        return CommentFilter(
            date_from=req.date_from, date_to=req.date_to, open_only=req.options.open_only
        )

    def _common_notes(self, req: ReportRequest) -> list[str]:
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

    def _meta(
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
                first, last = self.repo.received_range(s, f or self._base_filter(req))
        return ReportMeta(
            title=title,
            selection=selection,
            period_start=req.date_from,
            period_end=req.date_to,
            issued_on=self._as_of(req),
            programme=programme,
            notes=tuple(notes),
            issuer=self.issuer(),
            data_start=first,
            data_end=last,
            headline=headline(total) if total is not None else (),
            language=current_language(),
        )

    def _ward_district(self) -> dict[int, int]:
        """Every ward's district, merged (合区) wards included: old comments still point there."""
        return {w.id: d.id for d in self.catalog.districts(include_merged=True) for w in d.wards}

    def _as_of(self, req: ReportRequest) -> date:
        return req.issued_on or date.today()

    def _with_period(self, req: ReportRequest) -> ReportRequest:
        """A comparison needs a period: an open end is the date of issue."""
        if req.options.compare_previous and req.date_from is not None and req.date_to is None:
            return replace(req, date_to=self._as_of(req))
        return req

    def _comparison(
        self,
        f: CommentFilter,
        now: list[CountRow],
        before: list[CountRow],
        ages: list[OpenAge],
        prog: Programme,
        districts: list[District],
        label_of: Callable[[OpenAge], str | None],
        order: list[str] | None = None,
    ) -> Comparison:
        start, end = previous_period(f)
        now_p, before_p = by_policy(now), by_policy(before)
        new = tuple(
            PolicyCount(p.code, p.title, now_p[p.id], 0)
            for p in prog.policies()
            if now_p.get(p.id, 0) and not before_p.get(p.id, 0)
        )
        n = len(AGE_THRESHOLDS)
        over: dict[str, list[int]] = {}
        total = [0] * n
        for a in ages:
            label = label_of(a)
            for k in range(a.age):  # over the first a.age thresholds
                total[k] += a.count
                if label is not None:
                    over.setdefault(label, [0] * n)[k] += a.count
        labels = order if order is not None else sorted(over)
        age_rows = [AgeRow(label, tuple(over.get(label, [0] * n))) for label in labels]
        age_rows.append(AgeRow(_("合計"), tuple(total)))
        names = {d.id: d.name for d in districts}
        by_district: Counter[str] = Counter()
        for r in before:
            by_district[
                names.get(r.district_id, _("市全域")) if r.district_id else _("市全域")
            ] += r.count
        return Comparison(
            start, end, sum(r.count for r in before), new, tuple(age_rows), dict(by_district)
        )

    # --- settings ---------------------------------------------------------------------------
    def issuer(self) -> Issuer:
        """Cover label, issuing department and person, as saved in the database's settings."""
        with self.db.read() as s:
            values = {k: self.settings.get(s, k) or "" for k in ISSUER_KEYS.values()}
        return Issuer(**{field: values[key] for field, key in ISSUER_KEYS.items()})

    def save_issuer(self, issuer: Issuer) -> Issuer:
        for field_name in ISSUER_KEYS:
            if len(getattr(issuer, field_name).strip()) > ISSUER_MAX:
                raise ValidationError(
                    _("表紙の資料名・課・担当者は{n}文字以内にしてください。").format(n=ISSUER_MAX)
                )
        with self.db.write() as s:
            for field_name, key in ISSUER_KEYS.items():
                self.settings.put(s, key, getattr(issuer, field_name).strip())
        return self.issuer()
