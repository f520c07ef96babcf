"""地区別集計: for one district (or each), its wards, counts by pillar and policy, open items."""

from __future__ import annotations

from typing import IO, Any

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, PageBreak, Spacer, Table

from komoro_feedback.i18n.translation import _
from komoro_feedback.reports.common import comment_entry, cover, heading
from komoro_feedback.reports.document import ReportDocument
from komoro_feedback.reports.flowables import (
    BODY,
    H1,
    H2,
    H3,
    SMALL,
    Checkpoint,
    LineBlock,
    TextStyle,
    bar_table,
    count_table,
)
from komoro_feedback.reports.follow_up_tables import (
    comparison_block,
    district_table,
    fmt_days,
    fmt_delta,
    fmt_rate,
    legend,
)
from komoro_feedback.reports.model import (
    AreaReport,
    AreaSection,
    CancelCheck,
    CommentLine,
    ProgressCallback,
    Tally,
)
from komoro_feedback.reports.themes_section import themes_section

CELL = TextStyle(size=8.5, leading=11)
FACTS = TextStyle(size=BODY.size, leading=BODY.leading, title=True)


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
    story: list[Flowable] = cover(report.meta, style)
    story += _districts_compared(report, doc.width)
    story += themes_section(report.themes, doc.width)
    work = sum(len(s.open_items) + 1 for s in report.sections) or 1
    done = 0
    for i, section in enumerate(report.sections):
        story.append(PageBreak())
        story += _section(report, section, doc, f"district-{i}", done, work)
        done += len(section.open_items) + 1
        story.append(Checkpoint(doc, done / work))
    doc.build_story(story, with_cover=True)
    return int(doc.page)


def _districts_compared(report: AreaReport, width: float) -> list[Flowable]:
    """The opening page: every district side by side, then the change since before."""
    compare = report.comparison is not None
    out: list[Flowable] = [
        heading(_("地区の比較"), H1, key="districts", level=0),
        legend(with_marks=False),
        district_table(report.districts, width, compare),
        Spacer(1, 5 * mm),
    ]
    counts = [Tally(r.name, r.follow.total) for r in report.districts[:-1]]
    out.append(bar_table(_("地区"), counts, _("合計"), width, _("件数")))
    if report.comparison is not None:
        out.append(CondPageBreak(60 * mm))
        out.append(heading(_("前の期間との比較"), H2, key="compare", level=1))
        out += comparison_block(report.comparison, report.options.date_style, width, _("地区"))
    return out


def _follow_lines(s: AreaSection) -> list[tuple[str, TextStyle]]:
    f = s.follow
    first = _("意見 {n}件　未完了 {open}件（うち期限超過 {overdue}件）").format(
        n=f"{f.total:,}", open=f"{f.open:,}", overdue=f"{f.overdue:,}"
    )
    second = _("回答率 {rate}　回答日数の中央値 {days}").format(rate=fmt_rate(f), days=fmt_days(f))
    if f.previous is not None:
        second += "　" + _("前期 {n}件（増減 {d}）").format(
            n=f"{f.previous:,}", d=fmt_delta(f.delta)
        )
    return [(first, FACTS), (second, FACTS)]


def _section(
    report: AreaReport, s: AreaSection, doc: ReportDocument, key: str, done: int, work: int
) -> list[Flowable]:
    out: list[Flowable] = [
        heading(s.name, H1, key=key, level=0),
        LineBlock(_follow_lines(s)),
    ]
    if s.by_ward:
        out += [heading(_("区ごとの件数"), H3), _ward_table(s, doc.width), Spacer(1, 3 * mm)]
    if s.by_policy:
        out += [
            heading(_("意見の多い政策（上位{n}）").format(n=len(s.by_policy)), H3),
            _policy_table(s, doc.width),
            Spacer(1, 3 * mm),
        ]
    out.append(bar_table(_("柱"), s.by_pillar, _("合計"), doc.width, _("件数"), 78 * mm))
    out.append(Spacer(1, 3 * mm))
    if report.options.counts_only:
        return out
    return out + _open_items(report, s, doc, done, work)


def _ward_table(s: AreaSection, width: float) -> Table:
    rows = [
        [w.name, f"{w.total:,}", f"{w.open:,}", f"{w.overdue:,}" if w.overdue else ""]
        for w in s.by_ward
    ]
    num = 24 * mm
    return count_table(
        [_("区"), _("件数"), _("未完了"), _("うち期限超過")],
        rows,
        [width - 3 * num, num, num, num],
        right_cols=(1, 2, 3),
    )


def _policy_table(s: AreaSection, width: float) -> Table:
    compare = any(p.previous is not None for p in s.by_policy)
    head = [_("順位"), _("コード"), _("政策"), _("件数")]
    if compare:
        head += [_("前期"), _("増減")]
    rows: list[list[Any]] = []
    for rank, p in enumerate(s.by_policy, start=1):
        row: list[Any] = [str(rank), p.code, LineBlock([(p.title, CELL)], space_after=0)]
        row.append(f"{p.count:,}")
        if compare:
            row += [f"{p.previous or 0:,}", fmt_delta(p.count - (p.previous or 0))]
        rows.append(row)
    nums = len(head) - 3
    widths = [11 * mm, 14 * mm, width - 25 * mm - nums * 18 * mm] + [18 * mm] * nums
    return count_table(head, rows, widths, right_cols=range(3, len(head)))


def _open_items(
    report: AreaReport, s: AreaSection, doc: ReportDocument, done: int, work: int
) -> list[Flowable]:
    style = report.options.date_style
    out: list[Flowable] = [heading(_("未完了の案件（担当課ごと・古い順）"), H2)]
    if not s.open_items:
        out.append(LineBlock([(_("未完了の案件はありません。"), SMALL)]))
        return out
    as_of = report.meta.issued_on
    by_dep: dict[str, list[CommentLine]] = {}
    for c in s.open_items:
        by_dep.setdefault(c.department, []).append(c)
    overdue_of = {
        dep: sum(1 for c in items if c.due_on is not None and c.due_on < as_of)
        for dep, items in by_dep.items()
    }
    # The departments with the most overdue items first; those without a department last.
    order = sorted(by_dep, key=lambda d: (not d, -overdue_of[d], -len(by_dep[d]), d))
    n = 0
    for dep in order:
        items, overdue = by_dep[dep], overdue_of[dep]
        name = dep or _("担当課未設定")
        title = _("{dep}（{n}件、うち期限超過 {k}件）").format(
            dep=name, n=f"{len(items):,}", k=f"{overdue:,}"
        )
        out.append(heading(title, H3))
        for c in items:
            n += 1
            out.append(
                comment_entry(
                    n,
                    c,
                    style,
                    answers=report.options.include_answers,
                    show_due=True,
                    show_policies=True,
                    as_of=as_of,
                )
            )
            if n % 100 == 0:
                out.append(Checkpoint(doc, (done + n) / work))
    return out
