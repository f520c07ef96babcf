"""CLI: `publish [--from D --to D] --out DIR` writes 「市民の声と市の対応」 as PDF and HTML."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any

from komoro_feedback.cli.common import add_db_options, command, parse_date, print_json
from komoro_feedback.config import UserSettings
from komoro_feedback.i18n.translation import _

if TYPE_CHECKING:
    from komoro_feedback.services.container import Services


def register(sub: Any) -> None:
    p = sub.add_parser(
        "publish", help=_("公開用「市民の声と市の対応」をPDFとHTMLで作成（個人情報なし）")
    )
    add_db_options(p)
    p.add_argument("--from", dest="date_from", type=parse_date, metavar="DATE")
    p.add_argument("--to", dest="date_to", type=parse_date, metavar="DATE")
    style = p.add_mutually_exclusive_group()
    style.add_argument("--era", action="store_true", help=_("日付を和暦（令和）で書く"))
    style.add_argument("--western", action="store_true", help=_("日付を西暦で書く"))
    p.add_argument("--out", required=True, metavar="DIR", help=_("出力先のフォルダ"))
    command(p, cmd_publish)


def cmd_publish(args: argparse.Namespace, sv: Services) -> int:
    era = args.era or (not args.western and UserSettings.load().date_style == "era")
    result = sv.publish.write(
        args.date_from, args.date_to, Path(args.out), style="era" if era else "western"
    )
    data = {
        "pdf": str(result.pdf),
        "html": str(result.html),
        "items": result.items,
        "excluded": result.excluded,
        "pages": result.pages,
    }
    if args.json:
        print_json(data)
    else:
        print(
            _("{pdf} と {html} を作成しました（掲載 {n}件、公開しない {x}件）").format(
                pdf=result.pdf, html=result.html, n=result.items, x=result.excluded
            )
        )
    return 0
