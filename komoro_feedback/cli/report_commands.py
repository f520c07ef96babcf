"""CLI: `report policy|area|meeting` writes a PDF report."""

from __future__ import annotations

import argparse
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from komoro_feedback.cli.arguments import output_file
from komoro_feedback.cli.common import add_db_options, command, parse_date, print_json
from komoro_feedback.config import UserSettings
from komoro_feedback.i18n.translation import _

if TYPE_CHECKING:
    from komoro_feedback.services.container import Services

#: ReportKind's values, spelt out so that `--help` needs no ReportLab (a test compares).
REPORT_KINDS = ("policy", "area", "meeting")


def register(sub: Any) -> None:
    p = sub.add_parser("report", help=_("帳票（PDF）を作成: 政策別・地区別・会議記録"))
    add_db_options(p)
    p.add_argument("kind", choices=REPORT_KINDS, help=_("帳票の種類"))
    sel = p.add_mutually_exclusive_group()
    sel.add_argument("--policy", metavar="CODE", help=_("政策コード（例 1-03）"))
    sel.add_argument("--pillar", type=int, metavar="N", help=_("柱の番号"))
    sel.add_argument("--district", metavar="NAME", help=_("地区の名前（省略時は地区ごと）"))
    sel.add_argument("--meeting", type=int, metavar="ID", help=_("会議のID"))
    p.add_argument("--from", dest="date_from", type=parse_date, metavar="DATE")
    p.add_argument("--to", dest="date_to", type=parse_date, metavar="DATE")
    p.add_argument("--counts-only", action="store_true", help=_("件数だけ（意見の一覧なし）"))
    p.add_argument("--open-only", action="store_true", help=_("未完了の意見だけ"))
    p.add_argument("--no-answers", action="store_true", help=_("回答を載せない"))
    p.add_argument(
        "--compare-previous",
        action="store_true",
        help=_("同じ長さの前の期間と比べる（--from が必要）"),
    )
    p.add_argument(
        "--no-anonymise",
        action="store_true",
        help=_("本文中の電話番号・メール・発言者名を伏せずに載せる（氏名・連絡先の欄は載せない）"),
    )
    style = p.add_mutually_exclusive_group()
    style.add_argument("--era", action="store_true", help=_("日付を和暦（令和）で書く"))
    style.add_argument("--western", action="store_true", help=_("日付を西暦で書く"))
    p.add_argument(
        "--out", required=True, type=output_file, metavar="FILE.pdf", help=_("出力するPDFファイル")
    )
    command(p, cmd_report)

    q = sub.add_parser(
        "report-settings",
        help=_("帳票の表紙: 資料名（例 地域職員連絡会 資料）、発行する課と担当者を表示・変更"),
    )
    add_db_options(q)
    q.add_argument("--label", help=_("表紙の資料名（空にすると既定の「地域職員連絡会 資料」）"))
    q.add_argument("--department", help=_("発行する課（例 企画課）"))
    q.add_argument("--person", help=_("担当者の名前"))
    command(q, cmd_report_settings)


def cmd_report(args: argparse.Namespace, sv: Services) -> int:
    from komoro_feedback.reports.model import ReportOptions
    from komoro_feedback.services.reports.service import ReportKind, ReportRequest

    kind = ReportKind(args.kind)
    if kind is ReportKind.MEETING and args.meeting is None:
        from komoro_feedback.domain.errors import ValidationError

        raise ValidationError(_("会議記録には --meeting ID を指定してください。"))
    if args.era:
        date_style = "era"
    elif args.western:
        date_style = "western"
    else:
        date_style = "era" if UserSettings.load().date_style == "era" else "western"
    req = ReportRequest(
        kind=kind,
        policy_code=args.policy,
        pillar=args.pillar,
        district=args.district,
        meeting_id=args.meeting,
        date_from=args.date_from,
        date_to=args.date_to,
        options=ReportOptions(
            date_style="era" if date_style == "era" else "western",
            counts_only=args.counts_only,
            open_only=args.open_only,
            include_answers=not args.no_answers,
            anonymise=not args.no_anonymise,
            compare_previous=args.compare_previous,
        ),
    )
    result = sv.reports.build(req, Path(args.out))
    data = {
        "path": str(result.path),
        "pages": result.pages,
        "comments": result.comments,
        "seconds": round(result.seconds, 3),
    }
    if args.json:
        print_json(data)
    else:
        print(
            _("{path} を作成しました（{pages}ページ、意見 {n}件）").format(
                path=result.path, pages=result.pages, n=result.comments
            )
        )
    return 0


def cmd_report_settings(args: argparse.Namespace, sv: Services) -> int:
    current = sv.reports.issuer()
    changes = {
        k: getattr(args, k)
        for k in ("label", "department", "person")
        if getattr(args, k) is not None
    }
    if changes:
        current = sv.reports.save_issuer(replace(current, **changes))
    data = {"label": current.label, "department": current.department, "person": current.person}
    if args.json:
        print_json(data)
    else:
        print(_("資料名: {v}").format(v=current.label or _("地域職員連絡会 資料")))
        print(_("発行する課: {v}").format(v=current.department or "-"))
        print(_("担当者: {v}").format(v=current.person or "-"))
    return 0
