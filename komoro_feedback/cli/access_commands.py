"""CLI: who may do what (`db roles`) and who saw personal data (`access-log`)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any

from komoro_feedback.cli.common import CommandError, add_db_options, command, parse_date, print_json
from komoro_feedback.domain.roles import Action, Role, parse_role
from komoro_feedback.i18n.translation import _

if TYPE_CHECKING:
    from komoro_feedback.services.container import Services


def register(sub: Any) -> None:
    p = sub.add_parser("db", help=_("データベースの管理（PostgreSQLの役割と権限）"))
    db_sub = p.add_subparsers(dest="db_command", metavar="COMMAND")
    db_sub.required = True
    r = db_sub.add_parser(
        "roles",
        help=_("PostgreSQLのグループロール（komoro_recorder など）と権限を表示・適用"),
    )
    add_db_options(r, json_output=False)
    mode = r.add_mutually_exclusive_group(required=True)
    mode.add_argument("--print-sql", action="store_true", help=_("SQLを表示するだけ"))
    mode.add_argument("--apply", action="store_true", help=_("テーブルの所有者として適用"))
    command(r, cmd_db_roles, migrate=False)

    p = sub.add_parser("staff", help=_("職員名簿と役割を表示"))
    add_db_options(p)
    command(p, cmd_staff)

    p = sub.add_parser("staff-add", help=_("職員を追加（管理者）"))
    add_db_options(p)
    p.add_argument("name")
    p.add_argument("--role", type=parse_role, default=Role.RECORDER, help=_("役割"))
    p.add_argument("--login", default=None, help=_("PostgreSQLのログイン名"))
    command(p, cmd_staff_add)

    p = sub.add_parser("staff-set", help=_("職員の役割・ログイン名を変更（管理者）"))
    add_db_options(p)
    p.add_argument("name")
    p.add_argument("--role", type=parse_role, default=None, help=_("役割"))
    p.add_argument("--login", default=None, help=_("PostgreSQLのログイン名（空で解除）"))
    command(p, cmd_staff_set)

    p = sub.add_parser("access-log", help=_("個人情報の閲覧記録を表示（管理者）"))
    add_db_options(p)
    p.add_argument("--from", dest="date_from", type=parse_date, metavar="DATE")
    p.add_argument("--to", dest="date_to", type=parse_date, metavar="DATE")
    p.add_argument("--pdf", type=Path, metavar="FILE", help=_("PDFに印刷"))
    command(p, cmd_access_log)


def cmd_db_roles(args: argparse.Namespace, sv: Services) -> int:
    from sqlalchemy import text

    from komoro_feedback.store.pg_roles import roles_sql

    sql = roles_sql()
    if args.print_sql:
        print(sql, end="")
        return 0
    sv.actor.require(Action.CATALOG)
    if not sv.db.is_postgresql:
        raise CommandError(
            _("役割と権限の適用はPostgreSQLだけです（SQLiteのファイルは暗号化で守ります）。")
        )
    with sv.db.write() as s:
        s.execute(text(sql))
    print(
        _(
            "グループロールと権限を適用しました。職員のログインをいずれかのグループに加えてください。"
        )
    )
    return 0


def _staff_json(sv: Services) -> list[dict[str, Any]]:
    return [
        {"name": p.name, "role": p.role, "login": p.login_name, "active": p.active}
        for p in sv.catalog.staff(include_inactive=True)
    ]


def cmd_staff(args: argparse.Namespace, sv: Services) -> int:
    data = _staff_json(sv)
    if args.json:
        print_json(data)
        return 0
    for row in data:
        login = f"\t{row['login']}" if row["login"] else ""
        print(f"{row['name']}\t{_(Role(row['role']).label)}{login}")
    return 0


def cmd_staff_add(args: argparse.Namespace, sv: Services) -> int:
    person = sv.catalog.add_staff(args.name, role=args.role, login_name=args.login)
    if args.json:
        print_json({"name": person.name, "role": person.role, "login": person.login_name})
    else:
        print(
            _("{name}（{role}）を追加しました。").format(
                name=person.name, role=_(person.role.label)
            )
        )
    return 0


def cmd_staff_set(args: argparse.Namespace, sv: Services) -> int:
    person = next((p for p in sv.catalog.staff(include_inactive=True) if p.name == args.name), None)
    if person is None:
        raise CommandError(_("「{name}」は職員名簿にいません。").format(name=args.name))
    sv.catalog.update_staff(person.id, role=args.role, login_name=args.login)
    if args.json:
        print_json(next(r for r in _staff_json(sv) if r["name"] == args.name))
    else:
        print(_("{name} を変更しました。").format(name=args.name))
    return 0


def cmd_access_log(args: argparse.Namespace, sv: Services) -> int:
    if args.pdf:
        pages = sv.access_log.print_pdf(args.pdf, args.date_from, args.date_to)
        print(_("{path}（{n}ページ）").format(path=args.pdf, n=pages))
        return 0
    entries = sv.access_log.entries(args.date_from, args.date_to)
    if args.json:
        print_json(
            [
                {
                    "at": e.at,
                    "by": e.by,
                    "os_user": e.os_user,
                    "kind": e.kind,
                    "reason": e.reason,
                    "note": e.note,
                    "comments": list(e.comment_ids),
                }
                for e in entries
            ]
        )
        return 0
    for e in entries:
        note = f"（{e.note}）" if e.note else ""
        print(
            f"{e.at:%Y-%m-%d %H:%M}\t{e.by}\t{e.os_user}\t{_(e.kind.label)}\t"
            f"{_(e.reason.label)}{note}\t{' '.join(e.comment_ids)}"
        )
    if not entries:
        print(_("この期間の記録はありません。"))
    return 0
