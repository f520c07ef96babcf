"""「市民の声と市の対応」 as a PDF: answered comments by policy, fit to hand out or post."""

from __future__ import annotations

from typing import IO

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from komoro_feedback.domain.publication import Publication, PublishedItem
from komoro_feedback.i18n.translation import _
from komoro_feedback.reports.common import ANSWER, ENTRY_HEAD, TEXT, heading
from komoro_feedback.reports.document import ReportDocument, date_text, period_text
from komoro_feedback.reports.flowables import BODY, H2, SMALL, LineBlock, TextStyle
from komoro_feedback.reports.model import DateStyle, ReportMeta

TITLE = TextStyle(size=20, leading=30)
PILLAR = TextStyle(size=12.5, leading=18, space_before=8)
#: An item of up to this many lines moves whole to the next page rather than split.
KEEP_TOGETHER = 8


def publication_intro(pub: Publication, style: DateStyle) -> list[str]:
    """The opening lines shared by the PDF and the HTML version."""
    return [
        _("対象期間: {period}").format(period=period_text(pub.period_start, pub.period_end, style)),
        _("発行日: {date}").format(date=date_text(pub.issued_on, style)),
        _(
            "市民の皆さまからいただいたご意見・ご要望と、それに対する市の対応をまとめました。"
            "対象期間内に回答したものを、関係する政策ごとに掲載しています。"
        ),
        _(
            "ご意見は趣旨を損なわない範囲で要約・編集している場合があります。"
            "お名前・連絡先など個人を特定できる情報は掲載していません。"
        ),
    ]


def build_publication_pdf(pub: Publication, target: str | IO[bytes], style: DateStyle) -> int:
    """Write the PDF; returns its number of pages."""
    meta = ReportMeta(
        title=pub.title,
        selection=_("回答済みのご意見 {n}件").format(n=pub.total),
        period_start=pub.period_start,
        period_end=pub.period_end,
        issued_on=pub.issued_on,
        programme=pub.programme,
    )
    doc = ReportDocument(target, meta, style)
    intro = publication_intro(pub, style)
    story: list[Flowable] = [
        LineBlock([(pub.title, TITLE)], outline=(pub.title, "top", 0), space_after=2),
        LineBlock([(line, BODY) for line in intro[:2]], space_after=3),
        LineBlock([(line, SMALL) for line in intro[2:]], space_after=4),
        Spacer(1, 3 * mm),
    ]
    if not pub.policies:
        story.append(LineBlock([(_("対象期間に回答したご意見はありません。"), BODY)]))
    pillar = None
    for i, group in enumerate(pub.policies):
        if group.pillar and group.pillar != pillar:
            pillar = group.pillar
            story.append(heading(pillar, PILLAR, key=f"pillar{i}", level=0))
        title = f"{group.code}　{group.title}" if group.code else group.title
        story.append(heading(title, H2, key=f"policy{i}", level=1))
        for n, item in enumerate(group.items, start=1):
            story.append(_item(n, item, style))
    doc.build_story(story)
    return int(doc.page)


def _item(n: int, item: PublishedItem, style: DateStyle) -> LineBlock:
    facts = [f"{n}.", _("回答日: {date}").format(date=date_text(item.answered_on, style))]
    if item.department:
        facts.append(_("担当: {dep}").format(dep=item.department))
    return LineBlock(
        [
            ("　".join(facts), ENTRY_HEAD),
            (_("ご意見: {text}").format(text=item.text), TEXT),
            (_("市の対応: {answer}").format(answer=item.answer), ANSWER),
        ],
        keep_first=KEEP_TOGETHER,
        space_after=3,
    )
