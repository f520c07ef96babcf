"""「市民の声と市の対応」 as one accessible HTML file: no scripts, readable without its CSS.

Headings in order (h1 title, h2 pillar, h3 policy), a table of contents, and for each policy a
real table (caption, column and row headers with scope). The small inline style only adds
spacing and borders; every fact is in the markup.
"""

from __future__ import annotations

from html import escape

from komoro_feedback.domain.publication import Publication, PublishedPolicy
from komoro_feedback.i18n.translation import _, current_language
from komoro_feedback.reports.document import date_text
from komoro_feedback.reports.model import DateStyle
from komoro_feedback.reports.publish_report import publication_intro

CSS = """
body{font-family:"IPAexGothic","Noto Sans CJK JP","Yu Gothic","Meiryo",sans-serif;
line-height:1.7;max-width:60em;margin:0 auto;padding:1em 1.5em;color:#1a1a1a;background:#fff}
h1{font-size:1.7em;border-bottom:3px solid #3d6fa8;padding-bottom:.2em}
h2{font-size:1.3em;margin-top:2em;border-left:6px solid #3d6fa8;padding-left:.5em}
h3{font-size:1.1em;margin-top:1.5em}
table{border-collapse:collapse;width:100%;margin:.5em 0 1.5em}
caption{text-align:left;font-weight:bold;padding:.3em 0}
th,td{border:1px solid #888;padding:.4em .6em;vertical-align:top;text-align:left}
thead th{background:#e8edf3}
tbody th{font-weight:normal}
.nowrap{white-space:nowrap}
a{color:#1d4f8a}
""".strip()


_NOWRAP = ' class="nowrap"'
#: The city's data (policy titles, comments, answers, departments) is Japanese whatever the
#: language of the surrounding text, so that a screen reader reads it with the right voice.
_JA = ' lang="ja"'


def _text(value: str) -> str:
    """Escaped, with line breaks kept."""
    return "<br>".join(escape(line) for line in value.splitlines()) or ""


def _anchor(i: int, group: PublishedPolicy) -> str:
    return f"policy-{group.code}" if group.code else f"policy-none-{i}"


def publication_html(pub: Publication, style: DateStyle) -> str:
    intro = publication_intro(pub, style)
    out = [
        "<!DOCTYPE html>",
        f'<html lang="{current_language()}">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(pub.title)}（{escape(intro[0])}）</title>",
        f"<style>\n{CSS}\n</style>",
        "</head>",
        "<body>",
        "<header>",
        f"<h1>{escape(pub.title)}</h1>",
        *(f"<p>{escape(line)}</p>" for line in intro),
        "</header>",
        "<main>",
    ]
    out += _contents(pub)
    pillar = None
    for i, group in enumerate(pub.policies):
        if group.pillar != pillar:
            pillar = group.pillar
            out.append(f"<h2>{escape(pillar or _('その他'))}</h2>")
        out += _policy_table(i, group, style)
    if not pub.policies:
        out.append(f"<p>{escape(_('対象期間に回答したご意見はありません。'))}</p>")
    out += [
        "</main>",
        "<footer>",
        f"<p>{escape(_('小諸市'))}</p>",
        "</footer>",
        "</body>",
        "</html>",
        "",
    ]
    return "\n".join(out)


def _contents(pub: Publication) -> list[str]:
    if not pub.policies:
        return []
    label = _("目次")
    out = ['<nav aria-labelledby="toc">', f'<h2 id="toc">{escape(label)}</h2>', "<ul>"]
    for i, group in enumerate(pub.policies):
        title = f"{group.code} {group.title}" if group.code else group.title
        count = _("（{n}件）").format(n=len(group.items))
        out.append(
            f'<li><a href="#{_anchor(i, group)}"{_JA}>{escape(title)}</a>{escape(count)}</li>'
        )
    out += ["</ul>", "</nav>"]
    return out


def _policy_table(i: int, group: PublishedPolicy, style: DateStyle) -> list[str]:
    title = f"{group.code} {group.title}" if group.code else group.title
    caption = _("{code} ご意見と市の対応（{n}件）").format(
        code=group.code or group.title, n=len(group.items)
    )
    heads = [_("番号"), _("ご意見"), _("市の対応"), _("担当課"), _("回答日")]
    nowrap = (True, False, False, True, True)
    out = [
        f'<section aria-labelledby="{_anchor(i, group)}">',
        f'<h3 id="{_anchor(i, group)}"{_JA}>{escape(title)}</h3>',
        "<table>",
        f"<caption>{escape(caption)}</caption>",
        "<thead><tr>"
        + "".join(
            f'<th scope="col"{_NOWRAP if w else ""}>{escape(h)}</th>'
            for h, w in zip(heads, nowrap, strict=True)
        )
        + "</tr></thead>",
        "<tbody>",
    ]
    for n, item in enumerate(group.items, start=1):
        when = item.answered_on.isoformat()
        out.append(
            "<tr>"
            f'<th scope="row"{_NOWRAP}>{n}</th>'
            f"<td{_JA}>{_text(item.text)}</td>"
            f"<td{_JA}>{_text(item.answer)}</td>"
            f'<td class="nowrap"{_JA}>{escape(item.department)}</td>'
            f'<td{_NOWRAP}><time datetime="{when}">'
            f"{escape(date_text(item.answered_on, style))}</time></td>"
            "</tr>"
        )
    out += ["</tbody>", "</table>", "</section>"]
    return out
