"""CLI: encrypt / decrypt / rekey a laptop's SQLite file (SQLCipher), and the rule requiring it."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from komoro_feedback.cli.common import (
    CommandError,
    add_db_options,
    command,
    print_json,
    read_passphrase_file,
)
from komoro_feedback.config import backups_dir, remember_db_passphrase
from komoro_feedback.i18n.translation import _

if TYPE_CHECKING:
    from komoro_feedback.services.container import Services
    from komoro_feedback.services.encryption_service import ConversionResult

ENV_NEW_PASSPHRASE = "KOMORO_DB_NEW_PASSPHRASE"


def register(sub: Any) -> None:
    for name, help_text in (
        ("encrypt", _("データベースファイルを暗号化する（SQLCipher、バックアップを作ってから）")),
        ("decrypt", _("暗号化を解除する（バックアップを作ってから）")),
        ("rekey", _("暗号化のパスフレーズを変更する（バックアップを作ってから）")),
    ):
        p = sub.add_parser(name, help=help_text)
        add_db_options(p)
        if name != "decrypt":
            p.add_argument(
                "--new-passphrase-file",
                type=Path,
                default=None,
                help=_(
                    "新しいパスフレーズを1行目に書いたファイル"
                    "（環境変数 KOMORO_DB_NEW_PASSPHRASE でも可）"
                ),
            )
            p.add_argument(
                "--remember",
                action="store_true",
                help=_("新しいパスフレーズをOSの資格情報ストアに保存（起動時に聞かれなくなる）"),
            )
        p.add_argument("--backup-dir", type=Path, default=None, help=_("変換前のバックアップ先"))
        p.set_defaults(action=name)
        command(p, cmd_convert, migrate=False, encryption_rule=False)

    p = sub.add_parser("encryption", help=_("暗号化の状態と、暗号化を必須にする設定（管理者）"))
    add_db_options(p)
    p.add_argument("--require", choices=["on", "off"], default=None)
    command(p, cmd_encryption, encryption_rule=False)


def _new_passphrase(args: argparse.Namespace) -> str:
    if args.new_passphrase_file:
        return read_passphrase_file(args.new_passphrase_file)
    if os.environ.get(ENV_NEW_PASSPHRASE):
        return os.environ[ENV_NEW_PASSPHRASE]
    if sys.stdin.isatty():
        import getpass

        first = getpass.getpass(_("新しいパスフレーズ: "))
        if first != getpass.getpass(_("もう一度: ")):
            raise CommandError(_("パスフレーズが一致しません。何も変更していません。"))
        return first
    raise CommandError(
        _(
            "新しいパスフレーズを --new-passphrase-file か "
            "KOMORO_DB_NEW_PASSPHRASE で指定してください。"
        )
    )


def cmd_convert(args: argparse.Namespace, sv: Services) -> int:
    path = sv.db.sqlite_path
    if path is None:
        raise CommandError(_("暗号化の対象はSQLiteのデータベースファイルだけです。"))
    old = sv.db.passphrase if sv.db.encrypted else None
    if args.action == "encrypt" and old is not None:
        raise CommandError(_("このデータベースは既に暗号化されています。"))
    if args.action != "encrypt" and old is None:
        raise CommandError(_("このデータベースは暗号化されていません。"))
    new = None if args.action == "decrypt" else _new_passphrase(args)
    sv.close()  # the conversion works on the closed file
    from komoro_feedback.services.encryption_service import convert

    result = convert(path, old, new, args.backup_dir or backups_dir(), action=args.action)
    _report(args, result)
    remember = new is not None and getattr(args, "remember", False)
    if remember and not remember_db_passphrase(path, new or ""):
        print(_("OSの資格情報ストアが使えないため、保存しませんでした。"), file=sys.stderr)
        return 1
    return 0


def _report(args: argparse.Namespace, r: ConversionResult) -> None:
    if args.json:
        print_json(
            {
                "file": str(r.path),
                "encrypted": r.encrypted,
                "comments": r.comments,
                "backup": str(r.backup) if r.backup else None,
                "plain_backups": [str(p) for p in r.plain_backups],
            }
        )
        return
    done = {
        "encrypt": _("暗号化しました"),
        "decrypt": _("暗号化を解除しました"),
        "rekey": _("パスフレーズを変更しました"),
    }[args.action]
    print(_("{done}: {p}（意見 {n} 件）").format(done=done, p=r.path, n=r.comments))
    if r.backup:
        print(_("変換前のバックアップ: {p}").format(p=r.backup))
    if r.plain_backups:
        print(
            _(
                "暗号化されていない古いバックアップが {n} 件あります（削除を検討してください）: {d}"
            ).format(n=len(r.plain_backups), d=r.plain_backups[0].parent),
            file=sys.stderr,
        )


def cmd_encryption(args: argparse.Namespace, sv: Services) -> int:
    if args.require is not None:
        sv.encryption.set_required(args.require == "on")
    data = {"encrypted": sv.db.encrypted, "required": sv.encryption.required()}
    if args.json:
        print_json(data)
    else:
        print(_("暗号化: {e}").format(e=_("あり") if data["encrypted"] else _("なし")))
        print(
            _("暗号化を必須にする設定: {r}").format(r=_("オン") if data["required"] else _("オフ"))
        )
    return 0
