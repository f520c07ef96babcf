"""政策別集計: a policy, a pillar or the whole programme, gathered into a PolicyReport."""

from __future__ import annotations

from contextlib import ExitStack
from dataclasses import replace

from komoro_feedback.domain.catalog import Policy, Programme
from komoro_feedback.domain.errors import ValidationError
from komoro_feedback.domain.query import CommentFilter, CountRow, SortKey
from komoro_feedback.i18n.translation import _
from komoro_feedback.reports.model import (
    CancelCheck,
    CommentLine,
    Comparison,
    PillarGroup,
    PolicyReport,
    ProgressCallback,
)
from komoro_feedback.services.reports.comparison import comparison
from komoro_feedback.services.reports.context import ReportContext
from komoro_feedback.services.reports.figures import FollowUpFigures, FollowUpTally
from komoro_feedback.services.reports.request import ReportRequest
from komoro_feedback.services.reports.sections import by_policy, policy_section, previous_of


def policy_report(
    ctx: ReportContext,
    req: ReportRequest,
    progress: ProgressCallback | None = None,
    cancel: CancelCheck | None = None,
    *,
    later: ExitStack | None = None,
) -> PolicyReport:
    """`later`: the themes are left to a second process (large selections), which the stack
    ends; the report's themes are then waited for when its layout reaches them."""
    ctx.check(req)
    prog = ctx.catalog.programme()
    req = ctx.with_period(req)
    policies, selection, f = _selection(ctx, prog, req)
    themes = ctx.themes_of(f, req) if later is None else ctx.themes_later(f, req, later)
    fig = ctx.figures.follow_up(
        f, ctx.as_of(req), ctx.ward_district(), previous=req.options.compare_previous
    )
    groups = _pillar_groups(ctx, req, prog, policies, f, fig, progress, cancel)
    counts, prev_rows = fig.counts, fig.previous
    unassigned = 0
    if req.policy_code is None and req.pillar is None:
        wanted = {p.id for p in policies}
        unassigned = sum(r.count for r in counts if r.policy_id not in wanted)
    prev = by_policy(prev_rows) if prev_rows is not None else None
    total = fig.everything.result(None if prev is None else sum(prev.values()))
    changes = None
    if prev_rows is not None:
        changes = _comparison(ctx, f, prog, fig, prev_rows)
    notes = [
        _(
            "件数は各意見の主な政策（最初に選んだ政策）で数えています。"
            "複数の政策に関係する意見も1件として数えるため、合計が一致します。"
        ),
        *ctx.common_notes(req),
    ]
    meta = ctx.meta(_("政策別集計"), selection, req, prog.name, notes, total, f)
    return PolicyReport(meta, req.options, tuple(groups), unassigned, total, changes, themes=themes)


def _selection(
    ctx: ReportContext, prog: Programme, req: ReportRequest
) -> tuple[list[Policy], str, CommentFilter]:
    base = ctx.base_filter(req)
    if req.policy_code:
        p = ctx.catalog.policy_by_code(req.policy_code)
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


def _pillar_groups(
    ctx: ReportContext,
    req: ReportRequest,
    prog: Programme,
    policies: list[Policy],
    f: CommentFilter,
    fig: FollowUpFigures,
    progress: ProgressCallback | None,
    cancel: CancelCheck | None,
) -> list[PillarGroup]:
    """Each chosen policy's section (counts, follow-up, its comments), by pillar."""
    matrix_only = req.options.counts_only and len(policies) > 1
    with ctx.db.read() as s:
        kinds = [] if matrix_only else ctx.repo.kind_counts(s, f)
        linked = ctx.repo.linked_counts(s, f) if ctx.repo.has_links(s) else {}
    districts = ctx.catalog.districts()
    prev = by_policy(fig.previous) if fig.previous is not None else None
    wanted = {p.id for p in policies}
    groups: list[PillarGroup] = []
    done = 0
    for pillar in prog.pillars:
        sections = []
        for p in pillar.policies:
            if p.id not in wanted:
                continue
            rows = [r for r in fig.counts if r.policy_id == p.id]
            comments: tuple[CommentLine, ...] = ()
            if not req.options.counts_only and any(r.count for r in rows):
                pf = replace(f, policy_ids=(p.id,), primary_only=True, pillar_ids=())
                comments = tuple(
                    ctx.lines.read(pf, SortKey.RECEIVED, cancel, anonymise=req.options.anonymise)
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
    return groups


def _comparison(
    ctx: ReportContext,
    f: CommentFilter,
    prog: Programme,
    fig: FollowUpFigures,
    prev_rows: list[CountRow],
) -> Comparison:
    pillar_of: dict[int | None, str] = {
        p.id: f"{p.pillar_number}. {pl.name}" for pl in prog.pillars for p in pl.policies
    }
    return comparison(
        f,
        fig.counts,
        prev_rows,
        fig.open_ages,
        prog,
        ctx.catalog.districts(),
        lambda a: pillar_of.get(a.policy_id),
    )
