"""個人情報の閲覧記録: the personal-data access log of a period, printed for the administrator."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import IO

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Table, TableStyle

from komoro_feedback.domain.access_log import AccessEntry
from komoro_feedback.i18n.formatting import format_datetime
from komoro_feedback.i18n.translation import _
from komoro_feedback.reports.common import heading
from komoro_feedback.reports.document import ReportDocument, font_name
from komoro_feedback.reports.flowables import H1, SMALL, LineBlock, table_style
from komoro_feedback.reports.model import DateStyle, ReportMeta


def access_log_meta(start: date | None, end: date | None, issued_on: date) -> ReportMeta:
    return ReportMeta(
        title=_("個人情報の閲覧記録"),
        selection=_("氏名・連絡先の表示と出力"),
        period_start=start,
        period_end=end,
        issued_on=issued_on,
        programme="",
    )


def build_access_log_report(
    entries: Sequence[AccessEntry],
    meta: ReportMeta,
    target: str | IO[bytes],
    style: DateStyle = "western",
) -> int:
    """Write the PDF; returns its number of pages."""
    doc = ReportDocument(target, meta, style)
    cell = ParagraphStyle("cell", fontName=font_name(), fontSize=8, leading=11, wordWrap="CJK")
    story: list[Flowable] = [
        heading(meta.title, H1, key="access", level=0),
        LineBlock([(_("{n}件の記録").format(n=len(entries)), SMALL)]),
    ]
    if not entries:
        story.append(LineBlock([(_("この期間の記録はありません。"), SMALL)]))
        doc.build_story(story)
        return int(doc.page)
    header: list[object] = [_("日時"), _("職員"), _("方法"), _("理由"), _("対象の意見")]
    rows: list[list[object]] = [list(header)]
    for e in entries:
        who = e.by + (f" ({e.os_user})" if e.os_user else "")
        reason = _(e.reason.label) + (f": {e.note}" if e.note else "")
        ids = _("{n}件: {ids}").format(n=e.comment_count, ids=" ".join(e.comment_ids))
        rows.append(
            [
                Paragraph(_xml(format_datetime(e.at, style)), cell),
                Paragraph(_xml(who), cell),
                Paragraph(_xml(_(e.kind.label)), cell),
                Paragraph(_xml(reason), cell),
                Paragraph(_xml(ids), cell),
            ]
        )
    widths = [28 * mm, 30 * mm, 20 * mm, 34 * mm, doc.width - 112 * mm]
    table = Table(rows, colWidths=widths, repeatRows=1)
    table.setStyle(TableStyle(table_style(right_cols=())))
    story.append(table)
    doc.build_story(story)
    return int(doc.page)


def _xml(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
