"""地区別集計: one district or each of them (and the city-wide comments), gathered into an
AreaReport."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace

from komoro_feedback.domain.catalog import District, Programme, Ward
from komoro_feedback.domain.query import CommentFilter, SortKey
from komoro_feedback.i18n.translation import _
from komoro_feedback.reports.model import (
    AreaReport,
    AreaSection,
    CancelCheck,
    CommentLine,
    Comparison,
    DistrictRow,
    ProgressCallback,
)
from komoro_feedback.services.reports.comparison import comparison
from komoro_feedback.services.reports.context import ReportContext
from komoro_feedback.services.reports.figures import FollowUpFigures, FollowUpTally
from komoro_feedback.services.reports.request import ReportRequest
from komoro_feedback.services.reports.sections import (
    area_section,
    by_department,
    by_policy,
    previous_of,
    ward_count,
)


@dataclass(frozen=True, slots=True)
class _Area:
    """A section of the report: a district (its id) or the city-wide comments (None)."""

    name: str
    wards: tuple[Ward, ...]
    district_id: int | None
    filter: CommentFilter


def area_report(
    ctx: ReportContext,
    req: ReportRequest,
    progress: ProgressCallback | None = None,
    cancel: CancelCheck | None = None,
) -> AreaReport:
    ctx.check(req)
    prog = ctx.catalog.programme()
    req = ctx.with_period(req)
    all_districts = ctx.catalog.districts()
    if req.district:
        chosen = [ctx.catalog.district_by_name(req.district)]
        selection = _("{name}地区").format(name=chosen[0].name)
    else:
        chosen = list(all_districts)
        selection = _("全地区（地区ごと）")
    base = ctx.base_filter(req)
    fig = ctx.figures.follow_up(
        base,
        ctx.as_of(req),
        ctx.ward_district(),
        areas=True,
        previous=req.options.compare_previous,
    )
    prev_d: Counter[int | None] | None = None
    if fig.previous is not None:
        prev_d = Counter()
        for r in fig.previous:
            prev_d[r.district_id] += r.count
    rows = _district_rows(all_districts, fig, prev_d)
    areas = [_Area(d.name, d.wards, d.id, replace(base, district_ids=(d.id,))) for d in chosen]
    if not req.district:
        areas.append(_Area(_("市全域"), (), None, replace(base, city_wide_only=True)))
    sections = _sections(ctx, req, prog, areas, fig, prev_d, progress, cancel)
    changes = None
    if fig.previous is not None:
        changes = _comparison(req, base, prog, chosen, all_districts, fig)
    total = sections[0].follow if req.district else rows[-1].follow
    notes = ctx.common_notes(req)
    scope = areas[0].filter if req.district else base
    meta = ctx.meta(_("地区別集計"), selection, req, prog.name, notes, total, scope)
    area_f = replace(base, district_ids=(chosen[0].id,)) if req.district else base
    return AreaReport(
        meta,
        req.options,
        tuple(sections),
        tuple(rows),
        changes,
        themes=ctx.themes_of(area_f, req),
    )


def _district_rows(
    districts: list[District], fig: FollowUpFigures, prev_d: Counter[int | None] | None
) -> list[DistrictRow]:
    """Every district side by side, then the city-wide comments, then the total."""
    rows = [
        DistrictRow(
            d.name, fig.by_district.get(d.id, FollowUpTally()).result(previous_of(prev_d, d.id))
        )
        for d in districts
    ]
    city = fig.by_district.get(None, FollowUpTally()).result(previous_of(prev_d, None))
    rows.append(DistrictRow(_("市全域"), city))
    before = None if prev_d is None else sum(prev_d.values())
    rows.append(DistrictRow(_("合計"), fig.everything.result(before)))
    return rows


def _sections(
    ctx: ReportContext,
    req: ReportRequest,
    prog: Programme,
    areas: list[_Area],
    fig: FollowUpFigures,
    prev_d: Counter[int | None] | None,
    progress: ProgressCallback | None,
    cancel: CancelCheck | None,
) -> list[AreaSection]:
    """Each area's counts by policy, its wards, and its open comments by department."""
    titles = {p.code: f"{p.code} {p.title}" for p in prog.policies()}
    sections = []
    for i, area in enumerate(areas):
        rows = [r for r in fig.counts if r.district_id == area.district_id]
        items: tuple[CommentLine, ...] = ()
        if not req.options.counts_only:
            open_f = replace(area.filter, open_only=True)
            lines = ctx.lines.read(
                open_f, SortKey.RECEIVED, cancel, titles, anonymise=req.options.anonymise
            )
            items = tuple(sorted(lines, key=by_department))
        prev_p = None
        if fig.previous is not None:
            prev_p = by_policy([r for r in fig.previous if r.district_id == area.district_id])
        section = area_section(area.name, area.wards, rows, prog, items, prev_p)
        follow = fig.by_district.get(area.district_id, FollowUpTally()).result(
            previous_of(prev_d, area.district_id)
        )
        shown = [w for w in area.wards if w.active or w.id in fig.by_ward]
        by_ward = tuple(ward_count(w, fig.by_ward.get(w.id)) for w in shown)
        sections.append(replace(section, follow=follow, by_ward=by_ward))
        if progress:
            progress((i + 1) / len(areas))
    return sections


def _comparison(
    req: ReportRequest,
    base: CommentFilter,
    prog: Programme,
    chosen: list[District],
    all_districts: list[District],
    fig: FollowUpFigures,
) -> Comparison:
    assert fig.previous is not None
    chosen_ids = {d.id for d in chosen} | (set() if req.district else {None})
    names = {d.id: d.name for d in all_districts}
    return comparison(
        base,
        [r for r in fig.counts if r.district_id in chosen_ids],
        [r for r in fig.previous if r.district_id in chosen_ids],
        [a for a in fig.open_ages if a.district_id in chosen_ids],
        prog,
        all_districts,
        lambda a: names.get(a.district_id, _("市全域")) if a.district_id else _("市全域"),
        order=[*(d.name for d in chosen), *([] if req.district else [_("市全域")])],
    )
