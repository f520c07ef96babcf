"""The page frame every report shares: A4, embedded font, header, footer, "n / N", outline."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import IO, Any, Final

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
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
MARGIN_X: Final = 18 * mm
MARGIN_TOP: Final = 22 * mm
MARGIN_BOTTOM: Final = 18 * mm
#: The form that prints the page total, drawn once the total is known.
PAGE_TOTAL_FORM: Final = "komoroPageTotal"
INK: Final = colors.HexColor("#1a1a1a")
MUTED: Final = colors.HexColor("#555555")
RULE: Final = colors.HexColor("#888888")


def font_name() -> str:
    """The embedded Japanese font; every string of a report is set in it."""
    return register_reportlab_font()


def date_text(d: date | None, style: DateStyle) -> str:
    return format_date(d, style) if d is not None else ""


def period_text(start: date | None, end: date | None, style: DateStyle) -> str:
    if start is None and end is None:
        return _("全期間")
    if start is None:
        assert end is not None
        return _("{end}まで").format(end=format_date(end, style))
    if start == end:
        return format_date(start, style)
    return format_period(start, end, style)


class ReportCanvas(Canvas):  # type: ignore[misc]
    """A canvas that starts in the embedded font and prints the page total when saved."""

    def __init__(self, filename: Any, *args: Any, **kwargs: Any) -> None:
        kwargs["initialFontName"] = font_name()
        kwargs.setdefault("initialFontSize", 9)
        super().__init__(filename, *args, **kwargs)
        self.setTitle("")
        self.total_anchor: tuple[float, float] = (PAGE_W / 2, MARGIN_BOTTOM / 2)

    def save(self) -> None:
        total = self.getPageNumber() - 1
        self.beginForm(PAGE_TOTAL_FORM)
        self.setFont(font_name(), 8)
        self.setFillColor(MUTED)
        self.drawString(*self.total_anchor, str(max(total, 1)))
        self.endForm()
        super().save()


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
            subject=meta.selection,
            author=_("小諸市"),
            creator="Komoro Feedback",
            initialFontName=font_name(),
        )
        self.meta = meta
        self.date_style = style
        self.progress = progress
        self.cancel = cancel
        frame = Frame(
            self.leftMargin, self.bottomMargin, self.width, self.height, id="body", showBoundary=0
        )
        self.addPageTemplates([PageTemplate(id="page", frames=[frame], onPage=self._decorate)])

    def build_story(self, story: Sequence[Flowable]) -> None:
        self.build(list(story), canvasmaker=ReportCanvas)

    def checkpoint(self, fraction: float) -> None:
        if self.cancel is not None and self.cancel():
            raise ReportCancelled
        if self.progress is not None:
            self.progress(min(max(fraction, 0.0), 1.0))

    def _decorate(self, canv: Canvas, doc: Any) -> None:
        font = font_name()
        meta = self.meta
        canv.saveState()
        top = PAGE_H - MARGIN_TOP + 6 * mm
        canv.setFont(font, 9)
        canv.setFillColor(INK)
        canv.drawString(MARGIN_X, top, meta.title)
        canv.setFont(font, 8)
        canv.setFillColor(MUTED)
        canv.drawRightString(
            PAGE_W - MARGIN_X,
            top,
            _("対象期間: {period}").format(
                period=period_text(meta.period_start, meta.period_end, self.date_style)
            ),
        )
        canv.setStrokeColor(RULE)
        canv.setLineWidth(0.5)
        canv.line(MARGIN_X, top - 2.5 * mm, PAGE_W - MARGIN_X, top - 2.5 * mm)
        bottom = MARGIN_BOTTOM / 2
        canv.line(MARGIN_X, bottom + 4 * mm, PAGE_W - MARGIN_X, bottom + 4 * mm)
        canv.drawString(
            MARGIN_X,
            bottom,
            _("発行日: {date}").format(date=date_text(meta.issued_on, self.date_style)),
        )
        canv.drawRightString(PAGE_W - MARGIN_X, bottom, _("小諸市"))
        # "n / " ends at the centre; the total is a form filled in when the PDF is saved.
        canv.drawRightString(PAGE_W / 2, bottom, f"{canv.getPageNumber()} / ")
        canv.doForm(PAGE_TOTAL_FORM)
        canv.restoreState()
        if isinstance(canv, ReportCanvas):
            canv.total_anchor = (PAGE_W / 2, bottom)
