"""CLI: package export / import / conflicts / resolve (offline meeting packages, .komoro)."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from komoro_feedback.cli.arguments import output_file
from komoro_feedback.cli.common import (
    CommandError,
    add_db_options,
    command,
    parse_date,
    print_json,
    read_passphrase_file,
)
from komoro_feedback.config import ENV_PACKAGE_KEY_FILE, ENV_PACKAGE_PASSPHRASE, UserSettings
from komoro_feedback.i18n.translation import _

if TYPE_CHECKING:
    from komoro_feedback.services.container import Services
    from komoro_feedback.services.package_crypto import PackageKeys
    from komoro_feedback.services.package_service import PackagePreview


def _add_key_options(p: argparse.ArgumentParser) -> None:
    g = p.add_mutually_exclusive_group()
    g.add_argument(
        "--key-file",
        type=Path,
        default=None,
        help=_("パッケージの鍵ファイル（環境変数 KOMORO_PACKAGE_KEY_FILE、設定でも可）"),
    )
    g.add_argument(
        "--package-passphrase-file",
        type=Path,
        default=None,
        help=_("パスフレーズを1行目に書いたファイル（環境変数 KOMORO_PACKAGE_PASSPHRASE でも可）"),
    )


def register(sub: Any) -> None:
    p = sub.add_parser("package", help=_("会議パッケージ（.komoro）の書き出し・取り込み"))
    psub = p.add_subparsers(dest="package_command", metavar="ACTION")
    psub.required = True

    e = psub.add_parser("export", help=_("会議または期間の意見をパッケージに書き出す"))
    add_db_options(e)
    e.add_argument("--meeting", type=int, default=None, metavar="ID")
    e.add_argument("--from", dest="date_from", type=parse_date, default=None)
    e.add_argument("--to", dest="date_to", type=parse_date, default=None)
    e.add_argument("--out", required=True, type=output_file, metavar="FILE")
    e.add_argument(
        "--with-speakers",
        action="store_true",
        help=_("発言者の氏名・連絡先（個人情報）も含める"),
    )
    _add_key_options(e)
    command(e, cmd_export)

    i = psub.add_parser("import", help=_("パッケージを取り込む（--dry-run で確認のみ）"))
    add_db_options(i)
    i.add_argument("file", type=Path)
    i.add_argument("--dry-run", action="store_true", help=_("何も書き込まずに内容を確認"))
    _add_key_options(i)
    command(i, cmd_import)

    k = psub.add_parser("key", help=_("パッケージの鍵ファイルを作成・設定する（管理者）"))
    add_db_options(k, json_output=False)
    kg = k.add_mutually_exclusive_group(required=True)
    kg.add_argument("--new", type=Path, metavar="OUT", help=_("新しい鍵ファイルを作成"))
    kg.add_argument("--use", type=Path, metavar="PATH", help=_("この鍵ファイルを設定に保存"))
    command(k, cmd_key, migrate=False)

    c = psub.add_parser("conflicts", help=_("取り込み時の競合の一覧"))
    add_db_options(c)
    c.add_argument("--all", action="store_true", help=_("解決済みも表示"))
    command(c, cmd_conflicts)

    r = psub.add_parser("resolve", help=_("競合を解決する"))
    add_db_options(r)
    r.add_argument("id", type=int)
    r.add_argument("--keep", required=True, choices=["local", "incoming"])
    command(r, cmd_resolve)


def package_keys(args: argparse.Namespace) -> PackageKeys | None:
    """--key-file, --passphrase-file, the environment, the settings, then a terminal prompt."""
    from komoro_feedback.services.package_crypto import KeyFileKeys, PassphraseKeys

    if args.key_file:
        return KeyFileKeys.load(args.key_file)
    if args.package_passphrase_file:
        return PassphraseKeys(read_passphrase_file(args.package_passphrase_file))
    if os.environ.get(ENV_PACKAGE_PASSPHRASE):
        return PassphraseKeys(os.environ[ENV_PACKAGE_PASSPHRASE])
    path = os.environ.get(ENV_PACKAGE_KEY_FILE) or UserSettings.load().package_key_file
    if path:
        return KeyFileKeys.load(Path(path))
    if sys.stdin.isatty():
        import getpass

        typed = getpass.getpass(_("パッケージのパスフレーズ: "))
        return PassphraseKeys(typed) if typed else None
    return None


def cmd_key(args: argparse.Namespace, sv: Services) -> int:
    from komoro_feedback.services.package_crypto import KeyFileKeys

    if args.new:
        keys = KeyFileKeys.create(args.new)
        print(
            _(
                "鍵ファイルを作成しました: {p}（鍵ID {id}）。記録用PCと市役所のPCに安全な方法で"
                "配布し、package key --use で設定してください。"
            ).format(p=args.new, id=keys.id)
        )
        return 0
    keys = KeyFileKeys.load(args.use)
    settings = UserSettings.load()
    settings.package_key_file = str(args.use.resolve())
    settings.save()
    print(_("パッケージの鍵ファイルを設定しました（鍵ID {id}）。").format(id=keys.id))
    return 0


def cmd_export(args: argparse.Namespace, sv: Services) -> int:
    if args.meeting is None and args.date_from is None and args.date_to is None:
        raise CommandError(_("--meeting か --from/--to を指定してください。"))
    sv.packages.keys = package_keys(args)
    if args.meeting is not None:
        res = sv.packages.export_meeting(args.meeting, args.out, with_speakers=args.with_speakers)
    else:
        res = sv.packages.export_range(
            args.date_from, args.date_to, args.out, with_speakers=args.with_speakers
        )
    if args.json:
        print_json(
            {
                "file": str(res.path),
                "package_id": res.package_id,
                "meetings": res.meetings,
                "comments": res.comments,
                "includes_speakers": res.includes_speakers,
                "sha256": res.sha256,
            }
        )
    else:
        print(
            _("{n} 件の意見（会議 {m} 件）を書き出しました: {p}").format(
                n=res.comments, m=res.meetings, p=res.path
            )
        )
    return 0


def _preview_json(p: PackagePreview, *, imported: bool) -> dict[str, Any]:
    return {
        "package_id": p.package_id,
        "origin": p.origin,
        "created_at": p.created_at,
        "created_by": p.created_by,
        "imported": imported,
        "already_imported": p.already_imported,
        "meetings_new": p.meetings_new,
        "added": len(p.added),
        "updated": len(p.updated),
        "unchanged": p.unchanged,
        "kept_local": len(p.kept_local),
        "conflicts": len(p.conflicts),
        "unknown_wards": list(p.unknown_wards),
        "unknown_policies": list(p.unknown_policies),
        "unknown_departments": list(p.unknown_departments),
        "unknown_meetings": list(p.unknown_meetings),
        "closed_meetings": list(p.closed_meetings),
        "neutralised": p.neutralised,
    }


def preview_lines(p: PackagePreview) -> list[str]:
    if p.already_imported:
        return [_("このパッケージは取り込み済みです。何も追加しません。")]
    return [
        _("新しい意見: {n} 件").format(n=len(p.added)),
        _("更新される意見: {n} 件").format(n=len(p.updated)),
        _("変更なし: {n} 件").format(n=p.unchanged),
        _("こちらの版を残す: {n} 件").format(n=len(p.kept_local)),
        _("競合（両方で編集）: {n} 件").format(n=len(p.conflicts)),
        _("新しい会議: {n} 件").format(n=p.meetings_new),
        *p.notes(),
        *p.problems(),
    ]


def cmd_import(args: argparse.Namespace, sv: Services) -> int:
    sv.packages.keys = package_keys(args)
    if args.dry_run:
        p = sv.packages.preview(args.file)
        imported = False
    else:
        p = sv.packages.import_package(args.file)
        imported = not p.already_imported
    if args.json:
        print_json(_preview_json(p, imported=imported))
    else:
        if args.dry_run:
            print(_("確認のみ（何も書き込んでいません）"))
        for line in preview_lines(p):
            print(line)
    return 1 if p.blocked else 0


def cmd_conflicts(args: argparse.Namespace, sv: Services) -> int:
    items = sv.packages.conflicts(open_only=not args.all)
    if args.json:
        print_json(
            [
                {
                    "id": c.id,
                    "comment_id": c.comment_id,
                    "package_id": c.package_id,
                    "origin": c.origin,
                    "detected_at": c.detected_at,
                    "resolved": c.resolved,
                    "resolution": c.resolution,
                    "text": c.excerpt,
                }
                for c in items
            ]
        )
        return 0
    if not items:
        print(_("競合はありません。"))
    for c in items:
        state = c.resolution or _("未解決")
        print(f"{c.id}\t{c.comment_id}\t{state}\t{c.excerpt}")
    return 0


def cmd_resolve(args: argparse.Namespace, sv: Services) -> int:
    c = sv.packages.resolve(args.id, args.keep)
    if args.json:
        print_json({"id": c.id, "comment_id": c.comment_id, "resolution": c.resolution})
    else:
        print(_("競合 {id} を解決しました（{keep}）。").format(id=c.id, keep=c.resolution))
    return 0
