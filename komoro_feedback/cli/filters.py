"""CLI options for the comment query object, shared by list, search, stats, export, reports."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from komoro_feedback.cli.common import parse_date
from komoro_feedback.domain.enums import CommentKind, Status, parse_enum
from komoro_feedback.domain.query import CommentFilter
from komoro_feedback.i18n.translation import _

if TYPE_CHECKING:
    from komoro_feedback.services.container import Services


def add_filter_options(p: argparse.ArgumentParser) -> None:
    g = p.add_argument_group(_("絞り込み"))
    g.add_argument("--pillar", type=int, action="append", default=[], metavar="N")
    g.add_argument(
        "--policy",
        action="append",
        default=[],
        metavar="CODE",
        help=_("政策コード（例 1-03）、複数可"),
    )
    g.add_argument("--primary-only", action="store_true", help=_("主な政策だけで絞り込む"))
    g.add_argument("--district", action="append", default=[], metavar="NAME")
    g.add_argument("--ward", action="append", default=[], metavar="NAME")
    g.add_argument("--city-wide", action="store_true", help=_("市全域の意見だけ"))
    g.add_argument("--meeting", type=int, action="append", default=[], metavar="ID")
    g.add_argument("--kind", action="append", default=[], metavar="KIND")
    g.add_argument("--status", action="append", default=[], metavar="STATUS")
    g.add_argument("--open", action="store_true", help=_("未完了（受付・確認中・対応中）だけ"))
    g.add_argument("--department", action="append", default=[], metavar="NAME")
    g.add_argument("--from", dest="date_from", type=parse_date, metavar="DATE")
    g.add_argument("--to", dest="date_to", type=parse_date, metavar="DATE")
    g.add_argument("--text", default="", help=_("本文の検索語"))
    g.add_argument("--deleted", action="store_true", help=_("削除済みの意見だけ"))


def filter_from_args(args: argparse.Namespace, services: Services) -> CommentFilter:
    cat = services.catalog
    prog = cat.programme()
    pillar_ids = []
    for n in args.pillar:
        match = [p.id for p in prog.pillars if p.number == n]
        if not match:
            raise_bad(_("柱の番号は1から{n}です。").format(n=len(prog.pillars)))
        pillar_ids += match
    return CommentFilter(
        pillar_ids=tuple(pillar_ids),
        policy_ids=tuple(cat.policy_by_code(c).id for c in args.policy),
        primary_only=args.primary_only,
        district_ids=tuple(cat.district_by_name(n).id for n in args.district),
        ward_ids=tuple(cat.ward_by_name(n).id for n in args.ward),
        city_wide_only=args.city_wide,
        meeting_ids=tuple(args.meeting),
        kinds=tuple(parse_enum(CommentKind, k) for k in args.kind),
        statuses=tuple(parse_enum(Status, s) for s in args.status),
        open_only=args.open,
        department_ids=tuple(cat.department_by_name(n).id for n in args.department),
        date_from=args.date_from,
        date_to=args.date_to,
        text=args.text,
        deleted_only=args.deleted,
    )


def raise_bad(message: str) -> None:
    from komoro_feedback.domain.errors import ValidationError

    raise ValidationError(message)
