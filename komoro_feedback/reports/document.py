"""The page frame every report shares: A4, embedded font, header, footer, "n / N", outline."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from datetime import date
from functools import partial
from typing import IO, Any, Final

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate

from komoro_feedback.fonts import register_reportlab_font
from komoro_feedback.i18n.formatting import format_date, format_period
from komoro_feedback.i18n.translation import _
from komoro_feedback.reports.model import (
    CancelCheck,
    DateStyle,
    ProgressCallback,
    ReportCancelled,
    ReportMeta,
)

PAGE_W, PAGE_H = A4
WIDE_W, WIDE_H = landscape(A4)
MARGIN_X: Final = 18 * mm
MARGIN_TOP: Final = 22 * mm
MARGIN_BOTTOM: Final = 18 * mm
#: The form that prints the page total, drawn once the total is known.
PAGE_TOTAL_FORM: Final = "komoroPageTotal"
#: Page templates: the cover (no running header), portrait pages, landscape pages.
COVER: Final = "cover"
PORTRAIT: Final = "page"
WIDE: Final = "wide"
#: Width of the text on a landscape page (tables of the wide templates are laid out to it).
WIDE_FRAME_W: Final = WIDE_W - 2 * MARGIN_X
INK: Final = colors.HexColor("#1a1a1a")
MUTED: Final = colors.HexColor("#555555")
RULE: Final = colors.HexColor("#888888")


def font_name() -> str:
    """The embedded Japanese font; every string of a report is set in it."""
    return register_reportlab_font()


def date_text(d: date | None, style: DateStyle) -> str:
    return format_date(d, style) if d is not None else ""


def period_text(
    start: date | None,
    end: date | None,
    style: DateStyle,
    data: tuple[date | None, date | None] = (None, None),
) -> str:
    """The period as chosen; an open end is completed by `data` (first and last comment)."""
    if start is None and end is None:
        if data[0] is not None and data[1] is not None:
            return _("全期間（{range}）").format(range=format_period(data[0], data[1], style))
        return _("全期間")
    start = start or data[0]
    if start is None:
        assert end is not None
        return _("{end}まで").format(end=format_date(end, style))
    if end is None:
        end = data[1]
        if end is None:
            return format_period(start, None, style)
    if start == end:
        return format_date(start, style)
    return format_period(start, end, style)


def meta_period(meta: ReportMeta, style: DateStyle) -> str:
    return period_text(meta.period_start, meta.period_end, style, (meta.data_start, meta.data_end))


class ReportCanvas(Canvas):  # type: ignore[misc]
    """A canvas that starts in the embedded font and prints the page total when saved.

    `characters` (most frequent first) get the font's first subset codes before anything is
    drawn. ReportLab embeds a TrueType font as subsets of 256 glyphs numbered in the order
    characters are first drawn, and switches subset (a `Tf`) within a line wherever its
    characters come from different subsets: with first-seen order a Japanese line switched
    about ten times; with the frequent characters together most lines use one subset. The
    glyphs and their places on the page are the same either way.
    """

    def __init__(self, filename: Any, *args: Any, characters: str = "", **kwargs: Any) -> None:
        kwargs["initialFontName"] = font_name()
        kwargs.setdefault("initialFontSize", 9)
        super().__init__(filename, *args, **kwargs)
        if characters:
            pdfmetrics.getFont(font_name()).splitString(characters, self._doc)

    def save(self) -> None:
        # Drawn at the origin; each page places it after its "n / " (portrait or landscape).
        total = self.getPageNumber() - 1
        self.beginForm(PAGE_TOTAL_FORM)
        self.setFont(font_name(), 8)
        self.setFillColor(MUTED)
        self.drawString(0, 0, str(max(total, 1)))
        self.endForm()
        super().save()


class Later(Flowable):  # type: ignore[misc]
    """Flowables made only when the layout reaches them (the themes, worked out meanwhile in
    a second process). ReportDocument puts them in its place before it is laid out."""

    def __init__(self, make: Callable[[Callable[[], None]], list[Flowable]]) -> None:
        super().__init__()
        self.make = make  # called with the document's interrupt (cancel) check

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        raise AssertionError("a Later is laid out only through ReportDocument")


class ReportDocument(BaseDocTemplate):  # type: ignore[misc]
    """A4 portrait with the header and footer of a city document."""

    def __init__(
        self,
        target: str | IO[bytes],
        meta: ReportMeta,
        style: DateStyle,
        *,
        progress: ProgressCallback | None = None,
        cancel: CancelCheck | None = None,
    ) -> None:
        super().__init__(
            target,
            pagesize=A4,
            leftMargin=MARGIN_X,
            rightMargin=MARGIN_X,
            topMargin=MARGIN_TOP,
            bottomMargin=MARGIN_BOTTOM,
            title=meta.title,
            subject=_("{title}（{selection}、{period}）").format(
                title=meta.title, selection=meta.selection, period=meta_period(meta, style)
            ),
            author=_author(meta),
            creator="Komoro Feedback",
            lang=meta.language,
            initialFontName=font_name(),
        )
        self.meta = meta
        self.date_style = style
        self.progress = progress
        self.cancel = cancel
        frame = Frame(
            self.leftMargin, self.bottomMargin, self.width, self.height, id="body", showBoundary=0
        )
        wide = Frame(
            MARGIN_X,
            MARGIN_BOTTOM,
            WIDE_FRAME_W,
            WIDE_H - MARGIN_TOP - MARGIN_BOTTOM,
            id="wide",
            showBoundary=0,
        )
        cover = Frame(MARGIN_X, MARGIN_BOTTOM, self.width, PAGE_H - 2 * MARGIN_BOTTOM, id="cover")
        self.addPageTemplates(
            [
                PageTemplate(id=PORTRAIT, frames=[frame], onPage=self._decorate, pagesize=A4),
                PageTemplate(id=WIDE, frames=[wide], onPage=self._decorate, pagesize=landscape(A4)),
                PageTemplate(
                    id=COVER,
                    frames=[cover],
                    onPage=self._decorate_cover,
                    pagesize=A4,
                    autoNextPageTemplate=PORTRAIT,
                ),
            ]
        )

    def build_story(self, story: Sequence[Flowable], *, with_cover: bool = False) -> None:
        """Lay the story out; `with_cover`: the first page is the cover (no running header)."""
        if with_cover:
            self.pageTemplates.insert(0, self.pageTemplates.pop())
        from komoro_feedback.reports.flowables import forget_wrapped  # it imports this module

        characters = _by_frequency(story)
        forget_wrapped()
        try:
            self.build(list(story), canvasmaker=partial(ReportCanvas, characters=characters))
        finally:
            forget_wrapped()  # the wrapped texts are kept for one document only

    def checkpoint(self, fraction: float) -> None:
        self.interrupt()
        if self.progress is not None:
            self.progress(min(max(fraction, 0.0), 1.0))

    def interrupt(self) -> None:
        """Raises ReportCancelled once the user has asked to cancel."""
        if self.cancel is not None and self.cancel():
            raise ReportCancelled

    def filterFlowables(self, flowables: list[Flowable]) -> None:
        """Puts the flowables of a Later in its place when the layout reaches it: at the front,
        or next after flowables kept with their next one (ReportLab groups those first)."""
        i = 0
        while i < len(flowables):
            f = flowables[i]
            if isinstance(f, Later):
                flowables[i : i + 1] = f.make(self.interrupt)
                if not flowables:  # nothing to print, and nothing after it
                    flowables.append(None)  # which ReportLab passes over
                continue
            if not getattr(f, "keepWithNext", False):
                return
            i += 1

    def _decorate_cover(self, canv: Canvas, doc: Any) -> None:
        self._footer(canv)

    def _decorate(self, canv: Canvas, doc: Any) -> None:
        font = font_name()
        meta = self.meta
        page_w, page_h = canv._pagesize
        canv.saveState()
        top = page_h - MARGIN_TOP + 6 * mm
        canv.setFont(font, 9)
        canv.setFillColor(INK)
        canv.drawString(MARGIN_X, top, meta.title)
        canv.setFont(font, 8)
        canv.setFillColor(MUTED)
        canv.drawRightString(
            page_w - MARGIN_X,
            top,
            _("対象期間: {period}").format(period=meta_period(meta, self.date_style)),
        )
        canv.setStrokeColor(RULE)
        canv.setLineWidth(0.5)
        canv.line(MARGIN_X, top - 2.5 * mm, page_w - MARGIN_X, top - 2.5 * mm)
        canv.restoreState()
        self._footer(canv)

    def _footer(self, canv: Canvas) -> None:
        font = font_name()
        meta = self.meta
        page_w = canv._pagesize[0]
        canv.saveState()
        canv.setFont(font, 8)
        canv.setFillColor(MUTED)
        canv.setStrokeColor(RULE)
        canv.setLineWidth(0.5)
        bottom = MARGIN_BOTTOM / 2
        canv.line(MARGIN_X, bottom + 4 * mm, page_w - MARGIN_X, bottom + 4 * mm)
        canv.drawString(
            MARGIN_X,
            bottom,
            _("発行日: {date}").format(date=date_text(meta.issued_on, self.date_style)),
        )
        canv.drawRightString(page_w - MARGIN_X, bottom, _author(meta))
        # "n / " ends at the centre; the total is a form filled in when the PDF is saved.
        canv.drawRightString(page_w / 2, bottom, f"{canv.getPageNumber()} / ")
        canv.translate(page_w / 2, bottom)
        canv.doForm(PAGE_TOTAL_FORM)
        canv.restoreState()


def _by_frequency(story: Sequence[Flowable]) -> str:
    """The characters of the story's text blocks (their `parts`), the most frequent first."""
    text = "".join(t for f in story for t, _style in getattr(f, "parts", ()))
    return "".join(ch for ch, _n in Counter(text).most_common())


def _author(meta: ReportMeta) -> str:
    """小諸市 and the issuing department when the settings name one."""
    if meta.issuer.department:
        return _("小諸市 {department}").format(department=meta.issuer.department)
    return _("小諸市")
