"""Flowables of the reports: kinsoku-wrapped text blocks that split across pages, bar tables."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Final

from reportlab.lib import colors
from reportlab.lib.colors import Color
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Table, TableStyle

from komoro_feedback.i18n.translation import _
from komoro_feedback.reports.document import INK, MUTED, ReportDocument, font_name
from komoro_feedback.reports.kinsoku import FontMeasure, wrap_lines, wrap_title
from komoro_feedback.reports.model import Tally
from komoro_feedback.reports.pdf_text import TextLine, draw_lines

BAR: Final = colors.HexColor("#3d6fa8")
GRID: Final = colors.HexColor("#b0b0b0")
HEAD_BG: Final = colors.HexColor("#e8edf3")


@dataclass(frozen=True, slots=True)
class TextStyle:
    """Size, leading, indent, colour and space before one run of text."""

    size: float = 9.5
    leading: float = 14.0
    indent: float = 0.0
    color: Color = INK
    space_before: float = 0.0
    #: Wrapped as a title: between phrases where possible, no short tail on the last line.
    title: bool = False


BODY = TextStyle()
SMALL = TextStyle(size=8, leading=11.5, color=MUTED)
H1 = TextStyle(size=14, leading=20, space_before=4, title=True)
H2 = TextStyle(size=11.5, leading=16, space_before=6, title=True)
H3 = TextStyle(size=10, leading=15, space_before=4, title=True)
#: A block of at most this many lines is never split across pages.
KEEP_WHOLE_LINES: Final = 6
CELL = TextStyle(size=8.5, leading=11)

_MEASURES: dict[float, FontMeasure] = {}


def measure(size: float) -> FontMeasure:
    m = _MEASURES.get(size)
    if m is None or m.font_name != font_name():
        m = _MEASURES[size] = FontMeasure(font_name(), size)
    return m


#: text, width, size, title?, font -> its lines; a report repeats texts (a 10,000-comment
#: policy has 3,363 distinct ones), and wrapping is a pure function of these. Kept while one
#: document is built (ReportDocument.build_story), and bounded.
_WRAPPED: dict[tuple[str, float, float, bool, str], list[str]] = {}
_WRAPPED_MAX: Final = 50_000


def forget_wrapped() -> None:
    _WRAPPED.clear()


def wrapped(text: str, width: float, st: TextStyle) -> list[str]:
    """wrap_title / wrap_lines of `text` in the style's size, remembered (bounded)."""
    key = (text, width, st.size, st.title, font_name())
    lines = _WRAPPED.get(key)
    if lines is None:
        wrap = wrap_title if st.title else wrap_lines
        lines = wrap(text, width, measure(st.size))
        if len(_WRAPPED) >= _WRAPPED_MAX:
            _WRAPPED.clear()
        _WRAPPED[key] = lines
    return lines


Line = tuple[str, TextStyle, float]  # text, style, height taken (space before + leading)


class LineBlock(Flowable):  # type: ignore[misc]
    """Runs of text wrapped with kinsoku; splits between lines so long texts flow on."""

    def __init__(
        self,
        parts: Sequence[tuple[str, TextStyle]],
        *,
        outline: tuple[str, str, int] | None = None,
        keep_first: int = 2,
        space_after: float = 3.0,
        lines: list[Line] | None = None,
        width: float | None = None,
    ) -> None:
        super().__init__()
        self.parts = list(parts)
        self.outline = outline  # (title, key, level)
        self.keep_first = keep_first
        self.space_after = space_after
        self._lines = lines
        self._width = width

    def _layout(self, avail: float) -> list[Line]:
        if self._lines is not None and (self._width is None or self._width == avail):
            return self._lines
        lines: list[Line] = []
        for text, st in self.parts:
            for i, line in enumerate(wrapped(text, avail - st.indent, st)):
                lines.append((line, st, st.leading + (st.space_before if i == 0 else 0.0)))
        self._lines, self._width = lines, avail
        return lines

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        lines = self._layout(avail_width)
        self.width = avail_width
        self.height = sum(h for _t, _s, h in lines) + self.space_after
        return avail_width, self.height

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        lines = self._layout(avail_width)
        used, k = 0.0, 0
        for _t, _s, h in lines:
            if used + h > avail_height:
                break
            used += h
            k += 1
        # Short blocks move whole; a longer one leaves at least two lines on each side.
        if len(lines) <= KEEP_WHOLE_LINES or k >= len(lines):
            return []
        k = min(k, len(lines) - 2)
        if k < min(max(self.keep_first, 2), len(lines)):
            return []
        first = LineBlock([], outline=self.outline, space_after=0, lines=lines[:k])
        rest_lines = [
            (t, s, s.leading) if i == 0 else (t, s, h) for i, (t, s, h) in enumerate(lines[k:])
        ]
        rest = LineBlock([], space_after=self.space_after, keep_first=1, lines=rest_lines)
        return [first, rest]

    def draw(self) -> None:
        canv = self.canv
        if self.outline is not None:
            title, key, level = self.outline
            canv.bookmarkPage(key)
            canv.addOutlineEntry(title, key, level=level, closed=level > 0)
        draw_lines(canv, font_name(), self.placed())

    def placed(self, bottom: float = 0.0) -> list[TextLine]:
        """The lines where draw() puts them, the block's lower edge at `bottom` (after wrap)."""
        y = bottom + self.height - self.space_after
        placed: list[TextLine] = []
        for text, st, h in self._lines or []:
            y -= h
            baseline = y + (st.leading - st.size) / 2 + st.size * 0.15
            placed.append((st.indent, baseline, text, st.size, st.color))
        return placed


class Checkpoint(Flowable):  # type: ignore[misc]
    """Reports progress and honours a cancel request while the document is laid out."""

    def __init__(self, doc: ReportDocument, fraction: float) -> None:
        super().__init__()
        self.doc = doc
        self.fraction = fraction

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        self.doc.checkpoint(self.fraction)


class Bar(Flowable):  # type: ignore[misc]
    """One bar of a bar table: its length is the share of the largest value."""

    def __init__(self, fraction: float, width: float, height: float = 3.2 * mm) -> None:
        super().__init__()
        self.fraction = max(0.0, min(1.0, fraction))
        self.width = width
        self.height = height

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        if self.fraction <= 0:
            return
        self.canv.setFillColor(BAR)
        self.canv.rect(0, 0, self.width * self.fraction, self.height, stroke=0, fill=1)


def table_style(header: bool = True, right_cols: Sequence[int] = ()) -> list[Any]:
    style: list[Any] = [
        ("FONTNAME", (0, 0), (-1, -1), font_name()),
        ("FONTSIZE", (0, 0), (-1, -1), 8.5),
        ("LEADING", (0, 0), (-1, -1), 11),
        ("TEXTCOLOR", (0, 0), (-1, -1), INK),
        ("GRID", (0, 0), (-1, -1), 0.4, GRID),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
    ]
    for c in right_cols:
        style.append(("ALIGN", (c, 0), (c, -1), "RIGHT"))
    if header:
        style += [("BACKGROUND", (0, 0), (-1, 0), HEAD_BG), ("ALIGN", (0, 0), (-1, 0), "CENTER")]
    return style


def bar_table(
    title: str,
    rows: Sequence[Tally],
    total_label: str,
    width: float,
    count_label: str,
    label_width: float = 32 * mm,
) -> Table:
    """A table of counts with a bar per row (a bar chart that is also readable as numbers)."""
    label_w, count_w, share_w = label_width, 16 * mm, 14 * mm
    bar_w = max(width - label_w - count_w - share_w, 20 * mm)
    top = max((r.count for r in rows), default=0)
    total = sum(r.count for r in rows)
    data: list[list[Any]] = [[title, count_label, "%", ""]]
    for r in rows:
        share = f"{100 * r.count / total:.1f}" if total else "-"
        label = LineBlock([(r.label, CELL)], space_after=0)
        data.append([label, f"{r.count:,}", share, Bar(r.count / top if top else 0, bar_w - 8)])
    data.append([total_label, f"{total:,}", "100.0" if total else "-", ""])
    t = Table(data, colWidths=[label_w, count_w, share_w, bar_w], repeatRows=1)
    style = table_style(right_cols=(1, 2))
    style += [
        ("SPAN", (2, 0), (3, 0)),
        ("BACKGROUND", (0, -1), (-1, -1), HEAD_BG),
        ("LEFTPADDING", (3, 1), (3, -1), 4),
    ]
    t.setStyle(TableStyle(style))
    return t


def count_table(
    header: Sequence[str],
    rows: Sequence[Sequence[Any]],
    widths: Sequence[float],
    right_cols: Sequence[int],
) -> Table:
    """A plain table of text and counts, header repeated on each page."""
    data = [list(header)] + [list(r) for r in rows]
    t = Table(data, colWidths=list(widths), repeatRows=1)
    t.setStyle(TableStyle(table_style(right_cols=right_cols)))
    return t


def side_by_side_counts(kinds: Sequence[Tally], statuses: Sequence[Tally], width: float) -> Table:
    """Counts by kind (left) and by status (right), side by side."""
    half = (width - 6 * mm) / 2
    left = count_table(
        [_("種別"), _("件数")],
        [[t.label, f"{t.count:,}"] for t in kinds],
        [half - 22 * mm, 22 * mm],
        right_cols=(1,),
    )
    right = count_table(
        [_("状態"), _("件数")],
        [[t.label, f"{t.count:,}"] for t in statuses],
        [half - 22 * mm, 22 * mm],
        right_cols=(1,),
    )
    outer = Table([[left, "", right]], colWidths=[half, 6 * mm, half])
    outer.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                *table_style(header=False)[:1],
            ]
        )
    )
    return outer
