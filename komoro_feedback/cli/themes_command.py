"""CLI: `themes [filters]` groups the selected comments into themes (offline)."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from komoro_feedback.cli.common import add_db_options, command, print_json
from komoro_feedback.cli.filters import add_filter_options, filter_from_args
from komoro_feedback.i18n.translation import _

if TYPE_CHECKING:
    from komoro_feedback.services.container import Services


def register(sub: Any) -> None:
    p = sub.add_parser("themes", help=_("意見をテーマ（話題）ごとにまとめる（オフライン）"))
    add_db_options(p)
    add_filter_options(p)
    p.add_argument("--limit", type=int, default=0, metavar="N", help=_("多い順に最大N件のテーマ"))
    command(p, cmd_themes)


def cmd_themes(args: argparse.Namespace, sv: Services) -> int:
    result = sv.themes.themes(filter_from_args(args, sv), limit=max(args.limit, 0))
    if args.json:
        print_json(
            {
                "total": result.total,
                "unthemed": result.unthemed,
                "limited": result.limited,
                "themes": [
                    {
                        "label": t.label,
                        "count": t.count,
                        "wards": [{"ward": w or _("市全域"), "count": n} for w, n in t.wards],
                        "comment_ids": list(t.comment_ids),
                        "representatives": [r.text for r in t.representatives],
                    }
                    for t in result.themes
                ],
            }
        )
        return 0
    print(
        _("意見 {n}件 → テーマ {k}件（どのテーマにも入らない意見 {u}件）").format(
            n=result.total, k=len(result.themes), u=result.unthemed
        )
    )
    if result.limited:
        print(_("対象が多いため、新しい順に{n}件だけをまとめました。").format(n=result.total))
    for t in result.themes:
        wards = "、".join(f"{w or _('市全域')} {n}" for w, n in t.wards[:5])
        print(f"\n■ {t.label}（{t.count}）　{wards}")
        for r in t.representatives:
            print(f"  ・{r.text}")
    return 0
