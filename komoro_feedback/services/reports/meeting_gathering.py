"""会議記録: one meeting and every comment in speaking order, gathered into a MeetingReport."""

from __future__ import annotations

from dataclasses import replace

from komoro_feedback.domain.errors import ValidationError
from komoro_feedback.domain.query import SortKey
from komoro_feedback.i18n.translation import _, current_language
from komoro_feedback.reports.model import MeetingReport, ReportMeta
from komoro_feedback.services.reports.context import ReportContext
from komoro_feedback.services.reports.request import ReportRequest
from komoro_feedback.services.reports.sections import meeting_counts


def meeting_report(ctx: ReportContext, req: ReportRequest) -> MeetingReport:
    ctx.check(req)
    if req.meeting_id is None:
        raise ValidationError(_("会議を選んでください。"))
    m = ctx.meetings.get(req.meeting_id)
    prog = ctx.catalog.programme()
    titles = {p.code: f"{p.code} {p.title}" for p in ctx.catalog.all_policies()}
    f = replace(ctx.base_filter(req), meeting_ids=(m.id,), date_from=None, date_to=None)
    lines = tuple(
        ctx.lines.read(f, SortKey.RECORDED, None, titles, anonymise=req.options.anonymise)
    )
    names = {d.id: d.name for d in ctx.catalog.districts()}
    day = m.held_at.date()
    as_of = ctx.as_of(req)
    meta = ReportMeta(
        title=_("会議記録"),
        selection=m.title,
        period_start=day,
        period_end=day,
        issued_on=as_of,
        programme=prog.name,
        notes=tuple(ctx.common_notes(req)),
        issuer=ctx.issuer(),
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
