"""Pieces shared by the reports: the cover, a comment entry, headings and notes."""

from __future__ import annotations

from datetime import date

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, PageBreak, Spacer, Table, TableStyle

from komoro_feedback.i18n.translation import _
from komoro_feedback.reports.document import MUTED, date_text, font_name, meta_period
from komoro_feedback.reports.flowables import BODY, GRID, HEAD_BG, SMALL, LineBlock, TextStyle
from komoro_feedback.reports.model import CommentLine, DateStyle, ReportMeta

COVER_LABEL = TextStyle(size=12, leading=18, color=MUTED)
COVER_TITLE = TextStyle(size=26, leading=36, title=True)
COVER_SUBTITLE = TextStyle(size=13, leading=20, space_before=4, title=True)
COVER_LINE = TextStyle(size=10, leading=14)
COVER_NOTE_HEAD = TextStyle(size=9.5, leading=15)
COVER_NOTE = TextStyle(size=8.5, leading=13, color=MUTED)
OVERDUE_INK = colors.HexColor("#b3261e")
HEADLINE_LABEL = TextStyle(size=8, leading=10, color=MUTED)
ANSWER = TextStyle(size=9, leading=13, indent=8 * mm)
TEXT = TextStyle(size=BODY.size, leading=BODY.leading, indent=4 * mm)
ENTRY_HEAD = TextStyle(size=SMALL.size, leading=SMALL.leading, color=SMALL.color, space_before=3)
ENTRY_HEAD_OVERDUE = TextStyle(
    size=SMALL.size, leading=SMALL.leading, color=OVERDUE_INK, space_before=3
)


def cover(meta: ReportMeta, style: DateStyle, *, page_break: bool = True) -> list[Flowable]:
    """Title page: for whom, what, which period (with its dates), when and by whom issued,
    the headline figures and what the reader should know about the counts."""
    label = meta.issuer.label or _("地域職員連絡会 資料")
    out: list[Flowable] = [
        LineBlock([(label, COVER_LABEL)], space_after=36 * mm),
        LineBlock(
            [(meta.title, COVER_TITLE), (meta.selection, COVER_SUBTITLE)], space_after=8 * mm
        ),
    ]
    facts = [
        [_("対象期間"), meta_period(meta, style)],
        [_("発行日"), date_text(meta.issued_on, style)],
    ]
    if meta.programme:
        facts.append([_("政策集"), meta.programme])
    facts.append([_("発行"), _issuer_text(meta)])
    out.append(_cover_table(facts))
    if meta.headline:
        out += [Spacer(1, 8 * mm), _headline(meta.headline)]
    out.append(Spacer(1, 10 * mm))
    if meta.notes:
        notes = [("・" + n, COVER_NOTE) for n in meta.notes]
        out.append(LineBlock([(_("この帳票について"), COVER_NOTE_HEAD), *notes]))
    if page_break:
        out.append(PageBreak())
    return out


def _issuer_text(meta: ReportMeta) -> str:
    parts = [_("小諸市")]
    if meta.issuer.department:
        parts.append(meta.issuer.department)
    if meta.issuer.person:
        parts.append(_("担当: {person}").format(person=meta.issuer.person))
    return "　".join(parts)


def _cover_table(rows: list[list[str]]) -> Table:
    data = [[k, LineBlock([(v, COVER_LINE)], space_after=0)] for k, v in rows]
    t = Table(data, colWidths=[28 * mm, 120 * mm], hAlign="LEFT")
    t.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), font_name()),
                ("FONTSIZE", (0, 0), (-1, -1), 10),
                ("TEXTCOLOR", (0, 0), (0, -1), MUTED),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
                ("LINEBELOW", (0, 0), (-1, -1), 0.4, GRID),
                ("LEFTPADDING", (0, 0), (0, -1), 0),
            ]
        )
    )
    return t


def _headline(figures: tuple[tuple[str, str], ...]) -> Table:
    """The report's key figures in a row of boxes: label above, the number below."""
    labels = [LineBlock([(k, HEADLINE_LABEL)], space_after=0) for k, _v in figures]
    values = [v for _k, v in figures]
    width = 174 * mm / len(figures)
    t = Table([labels, values], colWidths=[width] * len(figures), hAlign="LEFT")
    t.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), font_name()),
                ("FONTSIZE", (0, 1), (-1, 1), 16),
                ("LEADING", (0, 1), (-1, 1), 20),
                ("ALIGN", (0, 1), (-1, 1), "CENTER"),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("BOX", (0, 0), (-1, -1), 0.6, GRID),
                ("INNERGRID", (0, 0), (-1, -1), 0.4, GRID),
                ("BACKGROUND", (0, 0), (-1, 0), HEAD_BG),
                ("TOPPADDING", (0, 0), (-1, -1), 4),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
            ]
        )
    )
    return t


def heading(text: str, st: TextStyle, key: str | None = None, level: int = 0) -> LineBlock:
    block = LineBlock([(text, st)], outline=(text, key, level) if key else None, space_after=2)
    block.keepWithNext = True
    return block


def comment_entry(
    n: int,
    c: CommentLine,
    style: DateStyle,
    *,
    answers: bool = True,
    show_due: bool = False,
    show_policies: bool = False,
    show_date: bool = True,
    as_of: date | None = None,
) -> LineBlock:
    """One comment: a small line of facts, the text, then the answers if asked for.

    With `as_of` (open items), a passed due date is marked with the days overdue, in red."""
    place = c.ward or _("市全域")
    if c.ward and c.district:
        place = f"{c.ward}（{c.district}）"
    facts = [f"{n}.", date_text(c.received_on, style), place, c.kind, c.status]
    if not show_date:
        del facts[1]
    if c.department:
        facts.append(_("担当: {dep}").format(dep=c.department))
    head = ENTRY_HEAD
    if show_due and c.due_on is not None:
        facts.append(_("期限: {date}").format(date=date_text(c.due_on, style)))
        if as_of is not None and c.due_on < as_of:
            days = (as_of - c.due_on).days
            facts.insert(1, _("▲期限超過 {n}日").format(n=f"{days:,}"))
            head = ENTRY_HEAD_OVERDUE
    if c.group_size > 1:
        facts.append(_("類似意見 {n}件のグループ").format(n=c.group_size))
    parts: list[tuple[str, TextStyle]] = [("　".join(facts), head), (c.text, TEXT)]
    if show_policies and c.policies:
        parts.append((_("関連政策: {p}").format(p="、".join(c.policies)), ANSWER))
    if answers and c.spot_answer:
        parts.append((_("その場の回答: {a}").format(a=c.spot_answer), ANSWER))
    if answers and c.answer:
        when = f"（{date_text(c.answered_on, style)}）" if c.answered_on else ""
        parts.append((_("回答{when}: {a}").format(when=when, a=c.answer), ANSWER))
    return LineBlock(parts, keep_first=2, space_after=2)
