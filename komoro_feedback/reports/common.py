"""Pieces shared by the reports: the cover, a comment entry, headings and notes."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, PageBreak, Spacer

from komoro_feedback.i18n.translation import _
from komoro_feedback.reports.document import date_text, period_text
from komoro_feedback.reports.flowables import BODY, SMALL, LineBlock, TextStyle
from komoro_feedback.reports.model import CommentLine, DateStyle, ReportMeta

COVER_TITLE = TextStyle(size=24, leading=34)
COVER_LINE = TextStyle(size=12, leading=20)
COVER_NOTE = TextStyle(size=9, leading=14)
ANSWER = TextStyle(size=9, leading=13, indent=8 * mm)
TEXT = TextStyle(size=BODY.size, leading=BODY.leading, indent=4 * mm)
ENTRY_HEAD = TextStyle(size=SMALL.size, leading=SMALL.leading, color=SMALL.color, space_before=3)


def cover(meta: ReportMeta, style: DateStyle, *, page_break: bool = True) -> list[Flowable]:
    """Title page: what the report is, its period, when it was issued, for which programme."""
    lines: list[tuple[str, TextStyle]] = [
        (meta.title, COVER_TITLE),
        (meta.selection, COVER_LINE),
        (
            _("対象期間: {period}").format(
                period=period_text(meta.period_start, meta.period_end, style)
            ),
            COVER_LINE,
        ),
        (_("発行日: {date}").format(date=date_text(meta.issued_on, style)), COVER_LINE),
    ]
    if meta.programme:
        lines.append((_("政策集: {name}").format(name=meta.programme), COVER_LINE))
    lines.append((_("小諸市"), COVER_LINE))
    out: list[Flowable] = [Spacer(1, 50 * mm), LineBlock(lines, space_after=12 * mm)]
    if meta.notes:
        notes = [("・" + n, COVER_NOTE) for n in meta.notes]
        out.append(LineBlock([(_("この帳票について"), COVER_LINE), *notes]))
    if page_break:
        out.append(PageBreak())
    return out


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
) -> LineBlock:
    """One comment: a small line of facts, the text, then the answers if asked for."""
    place = c.ward or _("市全域")
    if c.ward and c.district:
        place = f"{c.ward}（{c.district}）"
    facts = [f"{n}.", date_text(c.received_on, style), place, c.kind, c.status]
    if not show_date:
        del facts[1]
    if c.department:
        facts.append(_("担当: {dep}").format(dep=c.department))
    if show_due and c.due_on is not None:
        facts.append(_("期限: {date}").format(date=date_text(c.due_on, style)))
    if c.group_size > 1:
        facts.append(_("類似意見 {n}件のグループ").format(n=c.group_size))
    parts: list[tuple[str, TextStyle]] = [("　".join(facts), ENTRY_HEAD), (c.text, TEXT)]
    if show_policies and c.policies:
        parts.append((_("関連政策: {p}").format(p="、".join(c.policies)), ANSWER))
    if answers and c.spot_answer:
        parts.append((_("その場の回答: {a}").format(a=c.spot_answer), ANSWER))
    if answers and c.answer:
        when = f"（{date_text(c.answered_on, style)}）" if c.answered_on else ""
        parts.append((_("回答{when}: {a}").format(when=when, a=c.answer), ANSWER))
    return LineBlock(parts, keep_first=2, space_after=2)
