"""CLI: init, catalog, wards, meetings, meeting-add, add, list, search, stats, demo-data."""

from __future__ import annotations

import argparse
from collections import Counter
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from komoro_feedback.cli.common import add_db_options, command, print_json
from komoro_feedback.cli.filters import add_filter_options, filter_from_args
from komoro_feedback.domain.comment import Comment, CommentDraft, MeetingDraft
from komoro_feedback.domain.enums import Channel, CommentKind, MeetingKind, parse_enum
from komoro_feedback.domain.query import CommentQuery, SortKey
from komoro_feedback.i18n.translation import _

if TYPE_CHECKING:
    from komoro_feedback.domain.catalog import District, Programme
    from komoro_feedback.services.container import Services
    from komoro_feedback.services.quick_catalog import QuickCatalog


def register(sub: Any) -> None:
    p = sub.add_parser("init", help=_("データベースを作成・更新し、政策集と区を登録"))
    add_db_options(p)
    command(p, cmd_init, migrate=False, creates_db=True)

    p = sub.add_parser("catalog", help=_("政策集（柱と政策）を表示"))
    add_db_options(p)
    command(p, cmd_catalog, quick=quick_catalog)

    p = sub.add_parser("wards", help=_("地区と区を表示"))
    add_db_options(p)
    p.add_argument("--include-merged", action="store_true")
    command(p, cmd_wards, quick=quick_wards)

    p = sub.add_parser("meetings", help=_("会議の一覧"))
    add_db_options(p)
    p.add_argument("--limit", type=int, default=None)
    command(p, cmd_meetings)

    p = sub.add_parser("meeting-add", help=_("会議を登録"))
    add_db_options(p)
    p.add_argument("--title", required=True)
    p.add_argument("--at", required=True, help="YYYY-MM-DDTHH:MM")
    p.add_argument("--kind", default=MeetingKind.TOWN_MEETING.value)
    p.add_argument("--venue", default="")
    p.add_argument("--district", action="append", default=[], metavar="NAME")
    p.add_argument("--attendees", type=int, default=None)
    p.add_argument("--recorder", default="")
    command(p, cmd_meeting_add)

    p = sub.add_parser("add", help=_("意見を1件記録"))
    add_db_options(p)
    p.add_argument("--text", required=True)
    p.add_argument("--ward", default=None, help=_("区の名前（省略時は市全域）"))
    p.add_argument(
        "--policy",
        action="append",
        default=[],
        metavar="CODE",
        help=_("政策コード。最初が主な政策"),
    )
    p.add_argument("--kind", default=CommentKind.OPINION.value)
    p.add_argument("--meeting", type=int, default=None)
    p.add_argument("--channel", default=None)
    p.add_argument("--received", type=date.fromisoformat, default=None)
    p.add_argument("--no-answer-needed", action="store_true")
    command(p, cmd_add)

    p = sub.add_parser("list", help=_("意見の一覧（絞り込み可）"))
    add_db_options(p)
    add_filter_options(p)
    p.add_argument("--sort", choices=[k.value for k in SortKey], default=SortKey.RECEIVED.value)
    p.add_argument("--asc", action="store_true")
    p.add_argument("--limit", type=int, default=50)
    command(p, cmd_list)

    p = sub.add_parser("search", help=_("本文を検索（全角半角・ひらがなカタカナを区別しない）"))
    add_db_options(p)
    p.add_argument("query")
    p.add_argument("--limit", type=int, default=50)
    command(p, cmd_search)

    p = sub.add_parser("stats", help=_("件数（合計、政策別、地区別）"))
    add_db_options(p)
    add_filter_options(p)
    command(p, cmd_stats)

    p = sub.add_parser("demo-data", help=_("デモ用の合成データを作成"))
    add_db_options(p)
    p.add_argument("--comments", type=int, default=1000)
    p.add_argument("--seed", type=int, default=1)
    command(p, cmd_demo, creates_db=True)


def cmd_init(args: argparse.Namespace, sv: Services) -> int:
    report = sv.setup.initialise()
    prog = sv.catalog.programme()
    data = {
        "database": sv.db.describe(),
        "programme": prog.name,
        "policies": len(prog.policies()),
        "wards": len(sv.catalog.wards()),
        "seeded": bool(report.seeded_programmes),
        "backup": str(report.migrated_from_backup or ""),
    }
    if args.json:
        print_json(data)
    else:
        print(_("データベース: {db}").format(db=data["database"]))
        print(
            _("政策集: {p}（政策 {n} 件）、区 {w} 件").format(
                p=prog.name, n=data["policies"], w=data["wards"]
            )
        )
    return 0


def cmd_catalog(args: argparse.Namespace, sv: Services) -> int:
    return print_catalog(args, sv.catalog.programme())


def quick_catalog(args: argparse.Namespace, catalog: QuickCatalog) -> int | None:
    prog = catalog.programme()
    return None if prog is None else print_catalog(args, prog)


def print_catalog(args: argparse.Namespace, prog: Programme) -> int:
    if args.json:
        print_json(
            {
                "code": prog.code,
                "name": prog.name,
                "period": [prog.period_start, prog.period_end],
                "pillars": [
                    {
                        "number": p.number,
                        "name": p.name,
                        "field": p.field,
                        "policies": [
                            {
                                "code": x.code,
                                "title": x.title,
                                "text": x.text,
                                "mark": x.mark.value,
                                "kind": x.kind.value,
                            }
                            for x in p.policies
                        ],
                    }
                    for p in prog.pillars
                ],
            }
        )
        return 0
    print(f"{prog.name} ({prog.period_start}–{prog.period_end})")
    for p in prog.pillars:
        print(f"\n{p.number}. {p.name}【{p.field}】")
        for x in p.policies:
            print(f"  {x.code} {x.mark.value} {x.title}（{x.kind.value}）")
    return 0


def cmd_wards(args: argparse.Namespace, sv: Services) -> int:
    return print_wards(args, sv.catalog.districts(include_merged=args.include_merged))


def quick_wards(args: argparse.Namespace, catalog: QuickCatalog) -> int | None:
    return print_wards(args, catalog.districts(include_merged=args.include_merged))


def print_wards(args: argparse.Namespace, districts: list[District]) -> int:
    if args.json:
        print_json(
            {
                "districts": [
                    {
                        "id": d.id,
                        "name": d.name,
                        "wards": [
                            {
                                "id": w.id,
                                "name": w.name,
                                "kind": w.kind,
                                "merged_into_id": w.merged_into_id,
                            }
                            for w in d.wards
                        ],
                    }
                    for d in districts
                ]
            }
        )
        return 0
    for d in districts:
        print(f"{d.name}: " + "、".join(w.name for w in d.wards))
    return 0


def cmd_meetings(args: argparse.Namespace, sv: Services) -> int:
    meetings = sv.meetings.list(limit=args.limit)
    if args.json:
        print_json(
            [
                {
                    "id": m.id,
                    "title": m.title,
                    "kind": m.kind,
                    "held_at": m.held_at,
                    "venue": m.venue,
                    "closed": m.closed,
                    "comments": m.comment_count,
                }
                for m in meetings
            ]
        )
        return 0
    for m in meetings:
        print(f"{m.id:>6}  {m.held_at:%Y-%m-%d %H:%M}  {m.title}  ({m.comment_count})")
    return 0


def cmd_meeting_add(args: argparse.Namespace, sv: Services) -> int:
    try:
        held = datetime.fromisoformat(args.at)
    except ValueError:
        from komoro_feedback.domain.errors import ValidationError

        raise ValidationError(_("日時は YYYY-MM-DDTHH:MM の形で指定してください。")) from None
    m = sv.meetings.create(
        MeetingDraft(
            kind=parse_enum(MeetingKind, args.kind),
            title=args.title,
            held_at=held,
            venue=args.venue,
            district_ids=tuple(sv.catalog.district_by_name(n).id for n in args.district),
            attendees=args.attendees,
            recorder=args.recorder,
        )
    )
    if args.json:
        print_json({"id": m.id, "title": m.title})
    else:
        print(m.id)
    return 0


def cmd_add(args: argparse.Namespace, sv: Services) -> int:
    ward_id = sv.catalog.ward_by_name(args.ward).id if args.ward else None
    policy_ids = tuple(sv.catalog.policy_by_code(c).id for c in args.policy)
    channel = (
        parse_enum(Channel, args.channel)
        if args.channel
        else Channel.MEETING
        if args.meeting
        else Channel.OTHER
    )
    c = sv.comments.record(
        CommentDraft(
            text=args.text,
            kind=parse_enum(CommentKind, args.kind),
            ward_id=ward_id,
            policy_ids=policy_ids,
            meeting_id=args.meeting,
            channel=channel,
            received_on=args.received,
            needs_answer=not args.no_answer_needed,
        )
    )
    if args.json:
        print_json(comment_json(c))
    else:
        print(c.id)
    return 0


def comment_json(c: Comment) -> dict[str, Any]:
    return {
        "id": c.id,
        "text": c.text,
        "kind": c.kind,
        "status": c.status,
        "received_on": c.received_on,
        "ward": c.ward_name or None,
        "district": c.district_name or None,
        "policies": list(c.policy_codes),
        "meeting_id": c.meeting_id,
        "department": c.department_name or None,
        "answer": c.answer,
        "version": c.version,
    }


def _print_comments(items: tuple[Comment, ...]) -> None:
    for c in items:
        place = c.ward_name or _("市全域")
        codes = ",".join(c.policy_codes) or "-"
        text = c.text.replace("\n", " ")
        print(f"{c.received_on}  {place:<6} {codes:<10} {c.status.label:<5} {text[:60]}")


def cmd_list(args: argparse.Namespace, sv: Services) -> int:
    f = filter_from_args(args, sv)
    page = sv.queries.page(
        CommentQuery(filter=f, sort=SortKey(args.sort), descending=not args.asc, limit=args.limit)
    )
    if args.json:
        print_json(
            {"total": sv.queries.count(f), "comments": [comment_json(c) for c in page.items]}
        )
    else:
        _print_comments(page.items)
    return 0


def cmd_search(args: argparse.Namespace, sv: Services) -> int:
    page = sv.queries.search(args.query, limit=args.limit)
    if args.json:
        from komoro_feedback.domain.query import CommentFilter

        print_json(
            {
                "query": args.query,
                "total": sv.queries.count(CommentFilter(text=args.query)),
                "comments": [comment_json(c) for c in page.items],
            }
        )
    else:
        _print_comments(page.items)
    return 0


def cmd_stats(args: argparse.Namespace, sv: Services) -> int:
    f = filter_from_args(args, sv)
    rows = sv.queries.counts(f)
    policies = {p.id: p.code for p in sv.catalog.all_policies()}
    districts = {d.id: d.name for d in sv.catalog.districts()}
    by_policy: Counter[str] = Counter()
    by_district: Counter[str] = Counter()
    by_status: Counter[str] = Counter()
    for r in rows:
        by_policy[policies.get(r.policy_id, "") if r.policy_id else ""] += r.count
        by_district[districts.get(r.district_id, "") if r.district_id else ""] += r.count
        by_status[r.status.value] += r.count
    total = sum(r.count for r in rows)
    data = {
        "total": total,
        "by_policy": dict(sorted(by_policy.items())),
        "by_district": dict(by_district.most_common()),
        "by_status": dict(by_status),
        "cells": [
            {
                "policy": policies.get(r.policy_id or 0),
                "district": districts.get(r.district_id or 0),
                "status": r.status,
                "count": r.count,
            }
            for r in rows
        ],
    }
    if args.json:
        print_json(data)
        return 0
    print(_("合計: {n} 件").format(n=total))
    for name, n in by_district.most_common():
        print(f"  {name or _('市全域'):<10} {n:>8}")
    return 0


def cmd_demo(args: argparse.Namespace, sv: Services) -> int:
    if args.comments < 0:
        from komoro_feedback.domain.errors import ValidationError

        raise ValidationError(_("件数は0以上にしてください。"))
    r = sv.demo.generate(args.comments, args.seed)
    data = {
        "comments": r.comments,
        "meetings": r.meetings,
        "seconds": round(r.seconds, 2),
        "per_second": round(r.comments / r.seconds) if r.seconds else None,
    }
    if args.json:
        print_json(data)
    else:
        print(
            _("{n} 件の意見と {m} 件の会議を作成しました（{s:.1f} 秒）").format(
                n=r.comments, m=r.meetings, s=r.seconds
            )
        )
    return 0
