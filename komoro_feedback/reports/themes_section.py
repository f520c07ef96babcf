"""The 主なテーマ section of the policy and area reports: each theme, its wards, samples."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from reportlab.lib.units import mm
from reportlab.platypus import Flowable

from komoro_feedback.domain.theme import Theme
from komoro_feedback.i18n.translation import _
from komoro_feedback.reports.document import Later
from komoro_feedback.reports.flowables import H2, SMALL, LineBlock, TextStyle
from komoro_feedback.reports.model import ThemesLater

THEME_HEAD = TextStyle(size=10, leading=14.5, space_before=4)
THEME_FACTS = TextStyle(size=SMALL.size, leading=SMALL.leading, color=SMALL.color, indent=4 * mm)
SAMPLE = TextStyle(size=9, leading=13, indent=6 * mm)
#: Wards named on a theme's line; the rest are counted as 「ほか」.
WARDS_SHOWN = 6


def themes_section(
    themes: Sequence[Theme] | ThemesLater = (),
    width: float = 0.0,
    *,
    title: str | None = None,
    limit: int = 10,
) -> list[Flowable]:
    """Flowables for the largest `limit` themes (nothing when there are none); for themes
    still being worked out, a Later that waits for them when the layout reaches it.

    `width` is accepted for the report builders' call; the blocks wrap to their frame.
    The representative texts are printed as given: ThemeService masks them already.
    """
    del width
    if not isinstance(themes, Sequence):
        later = themes

        def make(interrupt: Callable[[], None]) -> list[Flowable]:
            return themes_section(later.wait(interrupt), title=title, limit=limit)

        return [Later(make)]
    if not themes:
        return []
    head = LineBlock([(title or _("主なテーマ"), H2)], space_after=1)
    head.keepWithNext = True
    note = LineBlock(
        [
            (
                _(
                    "似た内容の意見を自動でまとめたものです（見出しは意見に多い言葉）。"
                    "代表的な意見を最大3件示します。"
                ),
                SMALL,
            )
        ],
        space_after=2,
    )
    note.keepWithNext = True  # the heading and its note never end a page without a theme
    out: list[Flowable] = [head, note]
    for n, theme in enumerate(themes[:limit], start=1):
        out.append(_theme_block(n, theme))
    return out


def _theme_block(n: int, theme: Theme) -> LineBlock:
    wards = [f"{w or _('市全域')} {c}" for w, c in theme.wards[:WARDS_SHOWN]]
    rest = sum(c for _, c in theme.wards[WARDS_SHOWN:])
    if rest:
        wards.append(_("ほか {n}").format(n=rest))
    parts: list[tuple[str, TextStyle]] = [
        (
            _("{n}. {label}（{count}件）").format(n=n, label=theme.label, count=theme.count),
            THEME_HEAD,
        ),
        (_("地域: {wards}").format(wards="、".join(wards)), THEME_FACTS),
    ]
    parts += [("・" + r.text, SAMPLE) for r in theme.representatives]
    return LineBlock(parts, keep_first=3, space_after=2)
