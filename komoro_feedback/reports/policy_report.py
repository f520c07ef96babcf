"""政策別集計: for each selected policy its counts by district, kind and status, and comments."""

from __future__ import annotations

from functools import partial
from typing import IO

from reportlab.lib.units import mm
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    KeepTogether,
    NextPageTemplate,
    PageBreak,
    Spacer,
)

from komoro_feedback.i18n.translation import _
from komoro_feedback.reports.block_run import BlockRun
from komoro_feedback.reports.common import comment_entry, cover, heading
from komoro_feedback.reports.document import PORTRAIT, WIDE, WIDE_FRAME_W, ReportDocument
from komoro_feedback.reports.flowables import (
    BODY,
    H1,
    H2,
    SMALL,
    Checkpoint,
    LineBlock,
    TextStyle,
    bar_table,
    side_by_side_counts,
)
from komoro_feedback.reports.follow_up_tables import (
    comparison_block,
    fmt_days,
    fmt_delta,
    fmt_rate,
    legend,
    summary_table,
)
from komoro_feedback.reports.matrix import matrix_table
from komoro_feedback.reports.model import (
    CancelCheck,
    PolicyReport,
    PolicySection,
    ProgressCallback,
)
from komoro_feedback.reports.themes_section import themes_section

CELL = TextStyle(size=8.5, leading=11)
FACTS = TextStyle(size=BODY.size, leading=BODY.leading, title=True)
COMMENTS_PER_CHECKPOINT = 100
#: A matrix of up to this many policies fits one page and is kept in one piece.
SMALL_MATRIX = 25


def build_policy_report(
    report: PolicyReport,
    target: str | IO[bytes],
    *,
    progress: ProgressCallback | None = None,
    cancel: CancelCheck | None = None,
) -> int:
    """Write the PDF; returns its number of pages. Raises ReportCancelled when cancelled."""
    style = report.options.date_style
    doc = ReportDocument(target, report.meta, style, progress=progress, cancel=cancel)
    story: list[Flowable] = cover(report.meta, style, page_break=False)
    matrix = _is_matrix(report)
    if matrix:  # the summary and the matrix, landscape
        story += [NextPageTemplate(WIDE), PageBreak(), *_summary(report)]
        story += _comparison(report, WIDE_FRAME_W)
        story += _matrix(report)
        story += themes_section(report.themes, WIDE_FRAME_W)
        if report.options.counts_only:
            doc.build_story(story, with_cover=True)
            return int(doc.page)
        story.append(NextPageTemplate(PORTRAIT))
    work = sum(len(p.comments) + 1 for g in report.pillars for p in g.policies) or 1
    done = 0
    for group in report.pillars:
        story.append(PageBreak())
        title = _("第{n}の柱　{name}").format(n=group.number, name=group.name)
        story.append(heading(title, H1, key=f"pillar-{group.number}", level=0))
        story.append(LineBlock([(_("この柱の意見: {n}件").format(n=f"{group.total:,}"), BODY)]))
        for i, section in enumerate(group.policies):
            if i and not report.options.counts_only:
                story.append(PageBreak())
            else:
                story.append(CondPageBreak(120 * mm))
            story += _section(report, section, doc, done, work)
            done += len(section.comments) + 1
            story.append(Checkpoint(doc, done / work))
    if not matrix:  # one policy: its themes and the change follow its section
        story += themes_section(report.themes, doc.width)
        story += _comparison(report, doc.width)
    doc.build_story(story, with_cover=True)
    return int(doc.page)


def _comparison(report: PolicyReport, width: float) -> list[Flowable]:
    if report.comparison is None:
        return []
    style = report.options.date_style
    return [
        CondPageBreak(45 * mm),
        heading(_("前の期間との比較"), H1, key="compare", level=0),
        *comparison_block(report.comparison, style, width, _("柱")),
    ]


def _is_matrix(report: PolicyReport) -> bool:
    """More than one policy: the policy x district table replaces a page per policy."""
    return sum(len(g.policies) for g in report.pillars) > 1


def _summary(report: PolicyReport) -> list[Flowable]:
    note = _("件数は各意見の主な政策（最初に選んだ政策）で数えています。")
    return [
        heading(_("総括表"), H1, key="summary", level=0),
        LineBlock([(note, SMALL)], space_after=1),
        legend(with_marks=True),
        summary_table(report, WIDE_FRAME_W),
    ]


def _matrix(report: PolicyReport) -> list[Flowable]:
    note = _(
        "各欄は政策（主な政策）と地区ごとの件数です。色が濃いほど件数が多いことを示します。"
        "政策名が長いものは省略しています（全文は総括表）。"
    )
    parts: list[Flowable] = [
        heading(_("政策別・地区別の件数"), H1, key="matrix", level=0),
        LineBlock([(note, SMALL)], space_after=3),
        matrix_table(report, WIDE_FRAME_W),
    ]
    if sum(len(g.policies) for g in report.pillars) <= SMALL_MATRIX:
        return [KeepTogether(parts)]  # on this page when it fits, else whole on the next
    return [CondPageBreak(80 * mm), *parts]


def _total_lines(p: PolicySection) -> list[tuple[str, TextStyle]]:
    """The count (and the linked-similar count), then where those comments stand."""
    if p.has_linked:
        first = _("意見の件数: {n}件（類似意見のまとまりを1件として数えると {m}件）").format(
            n=f"{p.total:,}", m=f"{p.distinct_total:,}"
        )
    else:
        first = _("意見の件数: {n}件").format(n=f"{p.total:,}")
    f = p.follow
    if f.previous is not None:
        first += "　" + _("前期 {n}件（増減 {d}）").format(
            n=f"{f.previous:,}", d=fmt_delta(f.delta)
        )
    second = "　".join(
        [
            _("未完了 {open}件（うち期限超過 {overdue}件）").format(
                open=f"{f.open:,}", overdue=f"{f.overdue:,}"
            ),
            _("回答率 {rate}　回答日数の中央値 {days}").format(rate=fmt_rate(f), days=fmt_days(f)),
        ]
    )
    return [(first, FACTS), (second, FACTS)]


def _section(
    report: PolicyReport, p: PolicySection, doc: ReportDocument, done: int, work: int
) -> list[Flowable]:
    style = report.options.date_style
    title = f"{p.code}　{p.mark}{_(p.kind)}　{p.title}"
    out: list[Flowable] = [
        heading(title, H2, key=f"policy-{p.code}", level=1),
        LineBlock(_total_lines(p)),
        bar_table(_("地区"), p.by_district, _("合計"), doc.width, _("件数")),
        Spacer(1, 3 * mm),
        side_by_side_counts(p.by_kind, p.by_status, doc.width),
    ]
    if report.options.counts_only:
        out.append(Spacer(1, 6 * mm))
        return out
    out.append(Spacer(1, 3 * mm))
    if not p.comments:
        out.append(LineBlock([(_("該当する意見はありません。"), SMALL)]))
        return out
    out.append(heading(_("意見一覧（受付日順）"), TextStyle(size=10, leading=15)))
    answers = report.options.include_answers
    entries = [comment_entry(n, c, style, answers=answers) for n, c in enumerate(p.comments, 1)]
    out.append(entries[0])  # alone: the heading before it is kept with it
    for start in range(1, len(entries), COMMENTS_PER_CHECKPOINT):
        chunk = entries[start : start + COMMENTS_PER_CHECKPOINT]
        reached = (done + start + len(chunk)) / work
        out.append(BlockRun(chunk, partial(doc.checkpoint, reached)))
    return out
