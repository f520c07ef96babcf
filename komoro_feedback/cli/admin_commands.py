"""CLI: backup, restore, check."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from komoro_feedback.cli.common import add_db_options, command, print_json
from komoro_feedback.config import backups_dir
from komoro_feedback.i18n.translation import _
from komoro_feedback.services.container import Services


def register(sub: Any) -> None:
    p = sub.add_parser("backup", help=_("データベースをバックアップ（使用中でも安全）"))
    add_db_options(p)
    p.add_argument("--out", required=True, type=Path)
    command(p, cmd_backup, migrate=False)

    p = sub.add_parser("restore", help=_("バックアップから復元（内容を確認してから置き換え）"))
    add_db_options(p)
    p.add_argument("file", type=Path)
    command(p, cmd_restore, migrate=False)

    p = sub.add_parser("check", help=_("データベースの整合性を確認"))
    add_db_options(p)
    command(p, cmd_check, migrate=False)


def cmd_backup(args: argparse.Namespace, sv: Services) -> int:
    sv.setup.check_openable()
    out = sv.backups.backup(args.out)
    if args.json:
        print_json({"backup": str(out)})
    else:
        print(out)
    return 0


def cmd_restore(args: argparse.Namespace, sv: Services) -> int:
    n = sv.backups.validate_backup(args.file)
    path = sv.db.sqlite_path
    safety_dir = path.parent / "backups" if path else backups_dir()
    safety = sv.backups.restore(args.file, safety_dir)
    if args.json:
        print_json({"restored": str(args.file), "comments": n, "previous": str(safety)})
    else:
        print(
            _("{n} 件の意見を含むバックアップを復元しました。以前のデータ: {p}").format(
                n=n, p=safety
            )
        )
    return 0


def cmd_check(args: argparse.Namespace, sv: Services) -> int:
    sv.setup.check_openable()
    result = sv.backups.check()
    if args.json:
        print_json(
            {"ok": result.ok, "comments": result.comments, "problems": list(result.problems)}
        )
    else:
        print(
            _("問題なし（意見 {n} 件）").format(n=result.comments)
            if result.ok
            else "\n".join(result.problems)
        )
    return 0 if result.ok else 1
