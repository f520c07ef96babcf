"""会議記録: one meeting's facts and every comment in speaking order with the spot answers."""

from __future__ import annotations

from typing import IO

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from komoro_feedback.i18n.formatting import format_datetime
from komoro_feedback.i18n.translation import _
from komoro_feedback.reports.common import comment_entry, heading
from komoro_feedback.reports.document import ReportDocument
from komoro_feedback.reports.flowables import (
    BODY,
    H1,
    H2,
    SMALL,
    Checkpoint,
    LineBlock,
    TextStyle,
    count_table,
    side_by_side_counts,
)
from komoro_feedback.reports.model import CancelCheck, MeetingReport, ProgressCallback

SUMMARY = TextStyle(size=BODY.size, leading=BODY.leading, title=True)


def build_meeting_report(
    report: MeetingReport,
    target: str | IO[bytes],
    *,
    progress: ProgressCallback | None = None,
    cancel: CancelCheck | None = None,
) -> int:
    """Write the PDF; returns its number of pages. Raises ReportCancelled when cancelled."""
    style = report.options.date_style
    doc = ReportDocument(target, report.meta, style, progress=progress, cancel=cancel)
    attendees = "" if report.attendees is None else _("{n}人").format(n=report.attendees)
    facts = [
        [_("会議"), report.meeting_title],
        [_("種類"), report.meeting_kind],
        [_("日時"), format_datetime(report.held_at, style)],
        [_("会場"), report.venue],
        [_("参加者数"), attendees],
        [_("地区"), "、".join(report.districts)],
        [_("記録者"), report.recorder],
        [_("意見の件数"), _("{n}件").format(n=len(report.comments))],
    ]
    label = report.meta.issuer.label or _("地域職員連絡会 資料")
    f = report.follow
    summary = _(
        "意見 {n}件　未完了 {open}件（うち期限超過 {overdue}件）　回答済・対応済 {answered}件　"
        "その場で回答 {spot}件"
    ).format(
        n=f"{f.total:,}",
        open=f"{f.open:,}",
        overdue=f"{f.overdue:,}",
        answered=f"{f.answered:,}",
        spot=f"{report.spot_answers:,}",
    )
    story: list[Flowable] = [
        LineBlock([(label, SMALL)], space_after=1),
        heading(report.meta.title, H1, key="meeting", level=0),
        count_table([_("項目"), _("内容")], facts, [36 * mm, doc.width - 36 * mm], ()),
        Spacer(1, 4 * mm),
        heading(_("意見の集計"), H2, key="counts", level=1),
        LineBlock([(summary, SUMMARY)], space_after=2),
        side_by_side_counts(report.by_kind, report.by_status, doc.width),
        Spacer(1, 5 * mm),
        heading(_("意見（発言順）"), H2, key="comments", level=1),
    ]
    if not report.comments:
        story.append(LineBlock([(_("この会議の意見はありません。"), SMALL)]))
    total = len(report.comments) or 1
    for n, c in enumerate(report.comments, start=1):
        story.append(
            comment_entry(n, c, style, answers=report.options.include_answers, show_policies=True)
        )
        if n % 50 == 0:
            story.append(Checkpoint(doc, n / total))
    story.append(Checkpoint(doc, 1.0))
    doc.build_story(story)
    return int(doc.page)
