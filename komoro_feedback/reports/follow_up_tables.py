"""Tables of follow-up figures: the 総括表 per policy and the districts compared."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Final

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Table, TableStyle

from komoro_feedback.i18n.translation import N_, _
from komoro_feedback.reports.document import period_text
from komoro_feedback.reports.flowables import SMALL, LineBlock, TextStyle, table_style
from komoro_feedback.reports.model import (
    AGE_THRESHOLDS,
    AgeRow,
    Comparison,
    DateStyle,
    DistrictRow,
    FollowUp,
    PolicyReport,
)

CELL: Final = TextStyle(size=7.5, leading=9)
HEAD: Final = TextStyle(size=7, leading=8.5, title=True)
SUBTOTAL_BG: Final = colors.HexColor("#eef0f2")
TOTAL_BG: Final = colors.HexColor("#e2e6ea")
OVERDUE_INK: Final = colors.HexColor("#b3261e")
NUM_W: Final = 14 * mm
MARK_W: Final = 18 * mm  # "★Continuing" in English
#: The policy kinds as stored (Japanese) are msgids: printed through _() in English reports.
KIND_MSGIDS: Final = (N_("新規"), N_("継続"))


def fmt_rate(f: FollowUp) -> str:
    rate = f.answer_rate
    return "-" if rate is None else f"{100 * rate:.1f}%"


def fmt_days(f: FollowUp) -> str:
    d = f.median_days
    if d is None:
        return "-"
    return f"{d:.0f}" if d == int(d) else f"{d:.1f}"


def fmt_delta(d: int | None) -> str:
    if d is None:
        return ""
    return "±0" if d == 0 else f"{d:+,}"


def follow_cells(f: FollowUp, compare: bool) -> list[str]:
    """件数, [前期, 増減,] 未完了, うち期限超過, 回答済・対応済, 回答率, 日数."""
    cells = [f"{f.total:,}"]
    if compare:
        prev = "" if f.previous is None else f"{f.previous:,}"
        cells += [prev, fmt_delta(f.delta)]
    return [
        *cells,
        f"{f.open:,}",
        f"{f.overdue:,}",
        f"{f.answered:,}",
        fmt_rate(f),
        fmt_days(f),
    ]


def follow_header(compare: bool) -> list[str]:
    head = [_("件数")]
    if compare:
        head += [_("前期"), _("増減")]
    return [
        *head,
        _("未完了"),
        _("うち期限超過"),
        _("回答済・対応済"),
        _("回答率"),
        _("回答日数の中央値"),
    ]


def legend(with_marks: bool) -> LineBlock:
    """What the marks and columns mean, under the table they explain."""
    lines = []
    if with_marks:
        lines.append(
            _(
                "区分: ★ すぐに取り組む政策　● 5〜10年かけて取り組む政策　／　"
                "新規: この政策集で新しい政策　継続: 前の政策集から続く政策"
            )
        )
    lines += [
        _(
            "未完了: 受付・確認中・対応中。"
            "うち期限超過: 未完了のうち回答期限を過ぎたもの（発行日現在）。"
        ),
        _(
            "回答率: 回答済・対応済の件数 ÷ 件数。"
            "回答日数の中央値: 受付日から回答日までの日数の中央値（回答日のある意見）。"
        ),
    ]
    return LineBlock([(t, SMALL) for t in lines], space_after=4)


def summary_table(report: PolicyReport, width: float) -> Table:
    """総括表: one row per policy, a subtotal per pillar and the total."""
    compare = report.comparison is not None
    head = [_("コード"), _("政策"), _("区分"), *follow_header(compare)]
    n_num = len(head) - 3
    title_w = width - 12 * mm - MARK_W - n_num * NUM_W
    rows: list[list[Any]] = []
    shade: list[tuple[int, Any]] = []
    for g in report.pillars:
        for p in g.policies:
            mark = f"{p.mark}{_(p.kind)}"
            title = LineBlock([(p.title, CELL)], space_after=0)
            rows.append([p.code, title, mark, *follow_cells(p.follow, compare)])
        label = _("第{n}の柱 小計").format(n=g.number)
        rows.append(["", label, "", *follow_cells(g.follow, compare)])
        shade.append((len(rows), SUBTOTAL_BG))
    if report.unassigned:
        rows.append(["", _("政策未設定"), "", f"{report.unassigned:,}"] + [""] * (n_num - 1))
    rows.append(["", _("合計"), "", *follow_cells(report.follow, compare)])
    shade.append((len(rows), TOTAL_BG))
    header = [LineBlock([(h, HEAD)], space_after=0) for h in head]
    widths = [12 * mm, title_w, MARK_W] + [NUM_W] * n_num
    t = Table([header, *rows], colWidths=widths, repeatRows=1)
    st = _dense(table_style(right_cols=range(3, len(head))))
    st += [("ALIGN", (2, 1), (2, -1), "CENTER")]
    st += [("BACKGROUND", (0, r), (-1, r), bg) for r, bg in shade]
    overdue_col = head.index(_("うち期限超過"))
    st.append(("TEXTCOLOR", (overdue_col, 1), (overdue_col, -1), OVERDUE_INK))
    t.setStyle(TableStyle(st))
    return t


def district_table(rows: Sequence[DistrictRow], width: float, compare: bool) -> Table:
    """The districts compared: one row each, city-wide, then the total."""
    head = [_("地区"), *follow_header(compare)]
    n_num = len(head) - 1
    num_w = min(NUM_W + 4 * mm, (width - 34 * mm) / n_num)
    data: list[list[Any]] = [[LineBlock([(h, HEAD)], space_after=0) for h in head]]
    for r in rows:
        data.append([LineBlock([(r.name, CELL)], space_after=0), *follow_cells(r.follow, compare)])
    t = Table(data, colWidths=[width - n_num * num_w] + [num_w] * n_num, repeatRows=1)
    st = _dense(table_style(right_cols=range(1, len(head))))
    st.append(("BACKGROUND", (0, len(data) - 1), (-1, len(data) - 1), TOTAL_BG))
    overdue_col = head.index(_("うち期限超過"))
    st.append(("TEXTCOLOR", (overdue_col, 1), (overdue_col, -1), OVERDUE_INK))
    t.setStyle(TableStyle(st))
    return t


def comparison_block(c: Comparison, style: DateStyle, width: float, group: str) -> list[Flowable]:
    """Previous period, total change, policies newly drawing comments, long-open items."""
    period = _("前の期間: {period}（{n}件）").format(
        period=period_text(c.previous_start, c.previous_end, style), n=f"{c.previous_total:,}"
    )
    out: list[Flowable] = [LineBlock([(period, CELL)], space_after=3)]
    if c.new_policies:
        names = "、".join(f"{p.code} {p.title}（{p.count:,}件）" for p in c.new_policies)
        text = _("今期に初めて意見が寄せられた政策: {names}").format(names=names)
    else:
        text = _("今期に初めて意見が寄せられた政策はありません。")
    out.append(LineBlock([(text, CELL)], space_after=4))
    ages = _("受付から30日・90日・180日を超えて、まだ未完了の件数（発行日現在）")
    out.append(LineBlock([(ages, CELL)], space_after=2))
    out.append(age_table(c.open_ages, width, group))
    return out


def age_table(rows: Sequence[AgeRow], width: float, group: str) -> Table:
    head = [group] + [_("{n}日超").format(n=n) for n in AGE_THRESHOLDS]
    data: list[list[Any]] = [[LineBlock([(h, HEAD)], space_after=0) for h in head]]
    for r in rows:
        data.append([LineBlock([(r.label, CELL)], space_after=0), *(f"{n:,}" for n in r.over)])
    num_w = 26 * mm
    t = Table(data, colWidths=[width - 3 * num_w] + [num_w] * 3, repeatRows=1)
    st = _dense(table_style(right_cols=(1, 2, 3)))
    st.append(("BACKGROUND", (0, len(data) - 1), (-1, len(data) - 1), TOTAL_BG))
    t.setStyle(TableStyle(st))
    return t


def _dense(style: list[Any]) -> list[Any]:
    return [
        *style,
        ("FONTSIZE", (0, 0), (-1, -1), 7.5),
        ("LEADING", (0, 0), (-1, -1), 9),
        ("TOPPADDING", (0, 0), (-1, -1), 1.2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1.2),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        # Headers get the whole column: "Comments" in English must not break inside the word.
        ("LEFTPADDING", (0, 0), (-1, 0), 1.5),
        ("RIGHTPADDING", (0, 0), (-1, 0), 1),
    ]
