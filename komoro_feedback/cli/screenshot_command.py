"""CLI: `screenshot --out DIR [--lang ja|en]` renders the main screens to PNG on demo data."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any

from komoro_feedback.cli.common import command
from komoro_feedback.i18n.translation import _

if TYPE_CHECKING:
    from komoro_feedback.services.container import Services


def register(sub: Any) -> None:
    p = sub.add_parser(
        "screenshot",
        help=_("主な画面をデモデータで描画してPNGに保存（README・確認用）"),
    )
    p.add_argument("--out", required=True, type=Path, help=_("PNGを保存するフォルダ"))
    p.add_argument("--lang", choices=["ja", "en"], default="ja", help=_("表示言語"))
    p.add_argument("--comments", type=int, default=800, help=_("デモデータの意見数"))
    p.add_argument("--seed", type=int, default=7, help=_("デモデータの乱数の種"))
    # The screens use their own demo database in a temp folder, never the user's data.
    p.set_defaults(user=None)
    command(p, cmd_screenshot, migrate=False)


def cmd_screenshot(args: argparse.Namespace, _services: Services) -> int:
    # Imported here: every other command runs without loading Qt.
    from komoro_feedback.ui.screenshots import render_screenshots

    for path in render_screenshots(args.out, args.lang, args.comments, args.seed):
        print(path)
    return 0
