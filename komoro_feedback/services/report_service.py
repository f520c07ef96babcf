"""Gather report figures through the query services and build the PDFs (reports/)."""

from __future__ import annotations

import os
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from contextvars import ContextVar
from dataclasses import dataclass, field, replace
from datetime import date
from enum import StrEnum
from pathlib import Path

from komoro_feedback.domain.access_log import AccessKind, AccessPurpose
from komoro_feedback.domain.catalog import District, Policy, Programme
from komoro_feedback.domain.comment import Comment
from komoro_feedback.domain.enums import CommentKind, Status
from komoro_feedback.domain.errors import ValidationError
from komoro_feedback.domain.privacy import mask_personal_data
from komoro_feedback.domain.query import CommentFilter, CommentQuery, CountRow, SortKey
from komoro_feedback.domain.roles import Action
from komoro_feedback.i18n.translation import _
from komoro_feedback.reports.area_report import build_area_report
from komoro_feedback.reports.meeting_report import build_meeting_report
from komoro_feedback.reports.model import (
    AreaReport,
    AreaSection,
    CancelCheck,
    CommentLine,
    MeetingReport,
    PillarGroup,
    PolicyCount,
    PolicyReport,
    PolicySection,
    ProgressCallback,
    ReportMeta,
    ReportOptions,
    Tally,
)
from komoro_feedback.reports.policy_report import build_policy_report
from komoro_feedback.services.access_log_service import AccessLogService
from komoro_feedback.services.actor import Actor
from komoro_feedback.services.catalog_service import CatalogService
from komoro_feedback.services.meeting_service import MeetingService
from komoro_feedback.services.query_service import QueryService
from komoro_feedback.store.database import Database
from komoro_feedback.store.report_repository import ReportRepository

PAGE = 2000
#: The ids of comments printed unmasked by the build under way (for the access log).
_PRINTED: ContextVar[list[str] | None] = ContextVar("komoro_report_printed", default=None)
#: Share of the progress bar spent gathering data (the rest is laying out the PDF).
GATHER_SHARE = 0.3


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
    ) -> None:
        self.db = db
        self.actor = actor
        self.access_log = AccessLogService(db, actor)
        self.catalog = catalog
        self.queries = queries
        self.meetings = meetings
        self.repo = ReportRepository()

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
        token = _PRINTED.set(printed)

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
        try:
            if req.kind is ReportKind.POLICY:
                pr = self.policy_report(req, gather_progress, cancel)
                n = pr.total
                pages = build_policy_report(pr, str(tmp), progress=build_progress, cancel=cancel)
            elif req.kind is ReportKind.AREA:
                ar = self.area_report(req, gather_progress, cancel)
                n = sum(s.total for s in ar.sections)
                pages = build_area_report(ar, str(tmp), progress=build_progress, cancel=cancel)
            else:
                mr = self.meeting_report(req)
                n = len(mr.comments)
                pages = build_meeting_report(mr, str(tmp), progress=build_progress, cancel=cancel)
            if not req.options.anonymise:
                self.access_log.record(AccessKind.REPORT, req.purpose, printed)
            os.replace(tmp, out)
        finally:
            _PRINTED.reset(token)
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
    ) -> PolicyReport:
        self._check(req)
        prog = self.catalog.programme()
        policies, selection, f = self._policy_selection(prog, req)
        counts = self.queries.counts(f)
        with self.db.read() as s:
            kinds = self.repo.kind_counts(s, f)
            linked = self.repo.linked_counts(s, f) if self.repo.has_links(s) else {}
        districts = self.catalog.districts()
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
                    comments = tuple(self._lines(pf, SortKey.RECEIVED, cancel, anonymise=anonymise))
                section = _policy_section(p, rows, kinds, districts, comments)
                n_linked, n_groups = linked.get(p.id, (0, 0))
                section = replace(section, distinct_total=section.total - n_linked + n_groups)
                sections.append(section)
                done += 1
                if progress:
                    progress(done / max(len(wanted), 1))
            if sections:
                groups.append(PillarGroup(pillar.number, pillar.name, tuple(sections)))
        unassigned = 0
        if req.policy_code is None and req.pillar is None:
            unassigned = sum(r.count for r in counts if r.policy_id not in wanted)
        notes = [
            _(
                "件数は各意見の主な政策（最初に選んだ政策）で数えています。"
                "複数の政策に関係する意見も1件として数えるため、合計が一致します。"
            ),
            *self._common_notes(req),
        ]
        meta = self._meta(_("政策別集計"), selection, req, prog.name, notes)
        return PolicyReport(meta, req.options, tuple(groups), unassigned)

    def area_report(
        self,
        req: ReportRequest,
        progress: ProgressCallback | None = None,
        cancel: CancelCheck | None = None,
    ) -> AreaReport:
        self._check(req)
        prog = self.catalog.programme()
        all_districts = self.catalog.districts()
        if req.district:
            chosen = [self.catalog.district_by_name(req.district)]
            selection = _("{name}地区").format(name=chosen[0].name)
        else:
            chosen = list(all_districts)
            selection = _("全地区（地区ごと）")
        base = self._base_filter(req)
        counts = self.queries.counts(base)
        anonymise = req.options.anonymise
        titles = {p.code: f"{p.code} {p.title}" for p in prog.policies()}
        targets: list[tuple[str, tuple[str, ...], int | None, CommentFilter]] = [
            (d.name, tuple(w.name for w in d.wards), d.id, replace(base, district_ids=(d.id,)))
            for d in chosen
        ]
        if not req.district:
            targets.append((_("市全域"), (), None, replace(base, city_wide_only=True)))
        sections = []
        for i, (name, wards, district_id, df) in enumerate(targets):
            rows = [r for r in counts if r.district_id == district_id]
            items: tuple[CommentLine, ...] = ()
            if not req.options.counts_only:
                open_f = replace(df, open_only=True)
                items = tuple(
                    self._lines(open_f, SortKey.RECEIVED, cancel, titles, anonymise=anonymise)
                )
            sections.append(_area_section(name, wards, rows, prog, items))
            if progress:
                progress((i + 1) / len(targets))
        meta = self._meta(_("地区別集計"), selection, req, prog.name, self._common_notes(req))
        return AreaReport(meta, req.options, tuple(sections))

    def meeting_report(self, req: ReportRequest) -> MeetingReport:
        self._check(req)
        if req.meeting_id is None:
            raise ValidationError(_("会議を選んでください。"))
        m = self.meetings.get(req.meeting_id)
        prog = self.catalog.programme()
        titles = {p.code: f"{p.code} {p.title}" for p in self.catalog.all_policies()}
        f = replace(self._base_filter(req), meeting_ids=(m.id,), date_from=None, date_to=None)
        lines = tuple(
            self._lines(f, SortKey.RECORDED, None, titles, anonymise=req.options.anonymise)
        )
        names = {d.id: d.name for d in self.catalog.districts()}
        day = m.held_at.date()
        meta = ReportMeta(
            title=_("会議記録"),
            selection=m.title,
            period_start=day,
            period_end=day,
            issued_on=req.issued_on or date.today(),
            programme=prog.name,
            notes=tuple(self._common_notes(req)),
        )
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
        self, title: str, selection: str, req: ReportRequest, programme: str, notes: list[str]
    ) -> ReportMeta:
        return ReportMeta(
            title=title,
            selection=selection,
            period_start=req.date_from,
            period_end=req.date_to,
            issued_on=req.issued_on or date.today(),
            programme=programme,
            notes=tuple(notes),
        )

    def _lines(
        self,
        f: CommentFilter,
        sort: SortKey,
        cancel: CancelCheck | None,
        titles: dict[str, str] | None = None,
        *,
        anonymise: bool,
    ) -> Iterator[CommentLine]:
        cursor = None
        while True:
            if cancel is not None and cancel():
                from komoro_feedback.reports.model import ReportCancelled

                raise ReportCancelled
            page = self.queries.page(
                CommentQuery(filter=f, sort=sort, descending=False, limit=PAGE, after=cursor)
            )
            ids = [c.id for c in page.items]
            with self.db.read() as s:
                groups = self.repo.group_sizes(s, ids)
                names = self.repo.speaker_names(s, ids) if anonymise else {}
            printed = _PRINTED.get()
            if printed is not None and not anonymise:
                printed.extend(ids)
            for c in page.items:
                line = _line(c, groups.get(c.id, 1), titles)
                if anonymise:
                    speaker = (names[c.id],) if c.id in names else ()
                    line = replace(line, text=mask_personal_data(line.text, speaker))
                yield line
            if page.next_cursor is None:
                return
            cursor = page.next_cursor


def _line(c: Comment, group_size: int, titles: dict[str, str] | None) -> CommentLine:
    return CommentLine(
        received_on=c.received_on,
        ward=c.ward_name,
        district=c.district_name,
        kind=_(c.kind.label),
        text=c.text,
        status=_(c.status.label),
        department=c.department_name,
        answer=c.answer,
        answered_on=c.answered_on,
        spot_answer=c.spot_answer,
        due_on=c.due_on,
        policies=tuple((titles or {}).get(code, code) for code in c.policy_codes),
        group_size=group_size,
    )


def _policy_section(
    p: Policy,
    rows: list[CountRow],
    kinds: list[tuple[int | None, str, int]],
    districts: list[District],
    comments: tuple[CommentLine, ...],
) -> PolicySection:
    by_district: Counter[int | None] = Counter()
    by_status: Counter[Status] = Counter()
    for r in rows:
        by_district[r.district_id] += r.count
        by_status[r.status] += r.count
    by_kind: Counter[str] = Counter()
    for pid, kind, n in kinds:
        if pid == p.id:
            by_kind[kind] += n
    district_tallies = [Tally(d.name, by_district.get(d.id, 0)) for d in districts]
    district_tallies.append(Tally(_("市全域"), by_district.get(None, 0)))
    return PolicySection(
        code=p.code,
        title=p.title,
        mark=p.mark.value,
        kind=p.kind.value,
        total=sum(r.count for r in rows),
        by_district=tuple(district_tallies),
        by_kind=tuple(Tally(_(k.label), by_kind.get(k.value, 0)) for k in CommentKind),
        by_status=tuple(Tally(_(s.label), by_status.get(s, 0)) for s in Status),
        comments=comments,
    )


def _area_section(
    name: str,
    wards: tuple[str, ...],
    rows: list[CountRow],
    prog: Programme,
    items: tuple[CommentLine, ...],
) -> AreaSection:
    by_policy: Counter[int | None] = Counter()
    by_status: Counter[Status] = Counter()
    for r in rows:
        by_policy[r.policy_id] += r.count
        by_status[r.status] += r.count
    pillars = [
        Tally(f"{pl.number}. {pl.name}", sum(by_policy.get(p.id, 0) for p in pl.policies))
        for pl in prog.pillars
    ]
    known = {p.id for p in prog.policies()}
    other = sum(n for pid, n in by_policy.items() if pid not in known)
    if other:
        pillars.append(Tally(_("政策未設定"), other))
    policies = tuple(
        PolicyCount(p.code, p.title, by_policy[p.id])
        for p in prog.policies()
        if by_policy.get(p.id, 0)
    )
    total = sum(r.count for r in rows)
    return AreaSection(
        name=name,
        wards=wards,
        total=total,
        open_total=sum(n for st, n in by_status.items() if st.is_open),
        by_pillar=tuple(pillars),
        by_policy=policies,
        by_status=tuple(Tally(_(s.label), by_status.get(s, 0)) for s in Status),
        open_items=items,
    )
