"""地区別集計: for one district (or each), its wards, counts by pillar and policy, open items."""

from __future__ import annotations

from typing import IO

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, PageBreak, Spacer

from komoro_feedback.i18n.translation import _
from komoro_feedback.reports.common import comment_entry, cover, heading
from komoro_feedback.reports.document import ReportDocument
from komoro_feedback.reports.flowables import (
    BODY,
    H1,
    SMALL,
    Checkpoint,
    LineBlock,
    TextStyle,
    bar_table,
    count_table,
)
from komoro_feedback.reports.model import AreaReport, AreaSection, CancelCheck, ProgressCallback

CELL = TextStyle(size=8.5, leading=11)


def build_area_report(
    report: AreaReport,
    target: str | IO[bytes],
    *,
    progress: ProgressCallback | None = None,
    cancel: CancelCheck | None = None,
) -> int:
    """Write the PDF; returns its number of pages. Raises ReportCancelled when cancelled."""
    style = report.options.date_style
    doc = ReportDocument(target, report.meta, style, progress=progress, cancel=cancel)
    story: list[Flowable] = cover(report.meta, style, page_break=False)
    work = sum(len(s.open_items) + 1 for s in report.sections) or 1
    done = 0
    for i, section in enumerate(report.sections):
        story.append(PageBreak())
        story += _section(report, section, doc, f"district-{i}", done, work)
        done += len(section.open_items) + 1
        story.append(Checkpoint(doc, done / work))
    doc.build_story(story)
    return int(doc.page)


def _section(
    report: AreaReport, s: AreaSection, doc: ReportDocument, key: str, done: int, work: int
) -> list[Flowable]:
    style = report.options.date_style
    out: list[Flowable] = [heading(s.name, H1, key=key, level=0)]
    if s.wards:
        out.append(LineBlock([(_("区: {wards}").format(wards="、".join(s.wards)), BODY)]))
    out.append(
        LineBlock(
            [
                (
                    _("意見の件数: {n}件（うち未完了 {m}件）").format(
                        n=f"{s.total:,}", m=f"{s.open_total:,}"
                    ),
                    BODY,
                )
            ]
        )
    )
    out.append(bar_table(_("柱"), s.by_pillar, _("合計"), doc.width, _("件数"), 78 * mm))
    out.append(Spacer(1, 3 * mm))
    out.append(bar_table(_("状態"), s.by_status, _("合計"), doc.width, _("件数")))
    out.append(Spacer(1, 3 * mm))
    if s.by_policy:
        out.append(heading(_("政策別の件数"), TextStyle(size=10, leading=15)))
        rows = [
            [p.code, LineBlock([(p.title, CELL)], space_after=0), f"{p.count:,}"]
            for p in s.by_policy
        ]
        out.append(
            count_table(
                [_("コード"), _("政策"), _("件数")],
                rows,
                [16 * mm, doc.width - 36 * mm, 20 * mm],
                right_cols=(2,),
            )
        )
        out.append(Spacer(1, 3 * mm))
    if report.options.counts_only:
        return out
    out.append(heading(_("未完了の案件（担当課・期限）"), TextStyle(size=10, leading=15)))
    if not s.open_items:
        out.append(LineBlock([(_("未完了の案件はありません。"), SMALL)]))
    for n, c in enumerate(s.open_items, start=1):
        out.append(
            comment_entry(
                n,
                c,
                style,
                answers=report.options.include_answers,
                show_due=True,
                show_policies=True,
            )
        )
        if n % 100 == 0:
            out.append(Checkpoint(doc, (done + n) / work))
    return out
