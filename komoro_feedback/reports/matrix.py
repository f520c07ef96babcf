"""政策×地区: every selected policy against the 10 districts and 市全域, shaded like a heat map."""

from __future__ import annotations

from typing import Any, Final

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Table, TableStyle

from komoro_feedback.i18n.translation import _
from komoro_feedback.reports.flowables import LineBlock, measure, table_style
from komoro_feedback.reports.follow_up_tables import HEAD, SUBTOTAL_BG, TOTAL_BG, fmt_delta
from komoro_feedback.reports.model import PolicyReport, PolicySection

CODE_W: Final = 12 * mm
NUM_W: Final = 14.2 * mm
#: The darkest shade (the largest cell); an empty cell stays white.
HEAT: Final = (0x2F, 0x6D, 0xB5)
MATRIX_SIZE: Final = 7.5


def _shade(fraction: float) -> colors.Color:
    f = 0.08 + 0.62 * max(0.0, min(1.0, fraction))  # light enough for black figures on top
    r, g, b = (255 - (255 - c) * f for c in HEAT)
    return colors.Color(r / 255, g / 255, b / 255)


def _one_line(text: str, width: float) -> str:
    """The title cut to one line of the cell, with an ellipsis when it is cut."""
    m = measure(MATRIX_SIZE)
    if m.text_width(text) <= width:
        return text
    out, used, limit = [], 0.0, width - m("…")
    for ch in text:
        used += m(ch)
        if used > limit:
            break
        out.append(ch)
    return "".join(out) + "…"


def matrix_table(report: PolicyReport, width: float) -> Table:
    """Counts per policy and district; pillar subtotals; previous period and change per
    district when the report compares."""
    first = report.pillars[0].policies[0]
    names = [t.label for t in first.by_district]
    n_num = len(names) + 1
    title_w = width - CODE_W - n_num * NUM_W
    header: list[Any] = [_("コード"), _("政策")]
    header += [LineBlock([(n, HEAD)], space_after=0) for n in [*names, _("合計")]]
    rows: list[list[Any]] = []
    heat: list[tuple[int, int, float]] = []
    shaded: list[tuple[int, Any]] = []
    top = max(
        (t.count for g in report.pillars for p in g.policies for t in p.by_district), default=0
    )
    totals = [0] * len(names)
    for g in report.pillars:
        sub = [0] * len(names)
        for p in g.policies:
            rows.append(_policy_row(p, title_w))
            for c, t in enumerate(p.by_district):
                sub[c] += t.count
                if t.count and top:
                    heat.append((c + 2, len(rows), t.count / top))
        rows.append(["", _("第{n}の柱 小計").format(n=g.number), *_nums(sub)])
        shaded.append((len(rows), SUBTOTAL_BG))
        totals = [a + b for a, b in zip(totals, sub, strict=True)]
    rows.append(["", _("合計"), *_nums(totals)])
    shaded.append((len(rows), TOTAL_BG))
    previous = report.comparison and report.comparison.district_previous
    if previous:
        prev = [previous.get(n, 0) for n in names]
        rows.append(["", _("前期の合計"), *_nums(prev)])
        deltas = [a - b for a, b in zip(totals, prev, strict=True)]
        rows.append(["", _("増減"), *(fmt_delta(d) for d in [*deltas, sum(deltas)])])
    t = Table([header, *rows], colWidths=[CODE_W, title_w] + [NUM_W] * n_num, repeatRows=1)
    st = table_style(right_cols=range(2, 2 + n_num))
    st += [
        ("FONTSIZE", (0, 0), (-1, -1), MATRIX_SIZE),
        ("LEADING", (0, 0), (-1, -1), 9),
        ("TOPPADDING", (0, 1), (-1, -1), 1.2),
        ("BOTTOMPADDING", (0, 1), (-1, -1), 1.2),
        ("LEFTPADDING", (0, 0), (-1, -1), 2.5),
        ("RIGHTPADDING", (0, 0), (-1, -1), 2.5),
    ]
    st += [("BACKGROUND", (c, r), (c, r), _shade(f)) for c, r, f in heat]
    st += [("BACKGROUND", (0, r), (-1, r), bg) for r, bg in shaded]
    t.setStyle(TableStyle(st))
    return t


def _policy_row(p: PolicySection, title_w: float) -> list[Any]:
    title = _one_line(p.title, title_w - 5)
    return [p.code, title, *_nums([t.count for t in p.by_district])]


def _nums(values: list[int]) -> list[str]:
    return [f"{v:,}" if v else "" for v in values] + [f"{sum(values):,}"]
