"""CLI: backup, restore, check, and the retention of personal data."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from komoro_feedback.cli.arguments import output_file
from komoro_feedback.cli.common import (
    add_db_options,
    command,
    parse_date,
    print_json,
    read_passphrase_file,
)
from komoro_feedback.config import backups_dir
from komoro_feedback.domain.errors import ValidationError
from komoro_feedback.i18n.translation import _

if TYPE_CHECKING:
    from komoro_feedback.services.container import Services


def register(sub: Any) -> None:
    p = sub.add_parser("backup", help=_("データベースをバックアップ（使用中でも安全）"))
    add_db_options(p)
    p.add_argument("--out", required=True, type=output_file, metavar="FILE")
    command(p, cmd_backup, migrate=False)

    p = sub.add_parser("restore", help=_("バックアップから復元（内容を確認してから置き換え）"))
    add_db_options(p)
    p.add_argument("file", type=Path)
    p.add_argument(
        "--backup-passphrase-file",
        type=Path,
        default=None,
        help=_("暗号化されたバックアップのパスフレーズ（このデータベースと違う場合）"),
    )
    command(p, cmd_restore, migrate=False)

    p = sub.add_parser("check", help=_("データベースの整合性を確認"))
    add_db_options(p)
    command(p, cmd_check, migrate=False)

    p = sub.add_parser(
        "retention", help=_("個人情報（氏名・連絡先）の保存期間を表示・設定（か月、0 は無期限）")
    )
    add_db_options(p)
    p.add_argument("--months", type=int, metavar="N")
    command(p, cmd_retention)

    p = sub.add_parser(
        "purge-speakers",
        help=_("保存期間を過ぎた（または指定日より前の）意見の氏名・連絡先を削除"),
    )
    add_db_options(p)
    p.add_argument("--before", type=parse_date, metavar="DATE")
    p.add_argument("--dry-run", action="store_true")
    command(p, cmd_purge_speakers)


def cmd_backup(args: argparse.Namespace, sv: Services) -> int:
    sv.setup.check_openable()
    out = sv.backups.backup(args.out)
    if args.json:
        print_json({"backup": str(out)})
    else:
        print(out)
    return 0


def cmd_restore(args: argparse.Namespace, sv: Services) -> int:
    key = read_passphrase_file(args.backup_passphrase_file) if args.backup_passphrase_file else None
    path = sv.db.sqlite_path
    safety_dir = path.parent / "backups" if path else backups_dir()
    result = sv.backups.restore(args.file, safety_dir, key)  # checks the file completely first
    n = result.verdict.comments
    if args.json:
        print_json(
            {
                "restored": str(args.file),
                "comments": n,
                "previous": str(result.safety),
                "manifest": result.verdict.has_manifest,
                "note": result.verdict.note,
            }
        )
    else:
        if result.verdict.note:
            print(result.verdict.note)
        print(
            _("{n} 件の意見を含むバックアップを復元しました。以前のデータ: {p}").format(
                n=n, p=result.safety
            )
        )
    return 0


def cmd_check(args: argparse.Namespace, sv: Services) -> int:
    sv.setup.check_openable()
    result = sv.backups.check()
    if args.json:
        print_json(
            {
                "ok": result.ok,
                "comments": result.comments,
                "problems": list(result.problems),
                "repaired": list(result.repaired),
            }
        )
    else:
        for line in result.repaired:
            print(line)
        print(
            _("問題なし（意見 {n} 件）").format(n=result.comments)
            if result.ok
            else "\n".join(result.problems)
        )
    return 0 if result.ok else 1


def _retention_json(sv: Services) -> dict[str, Any]:
    st = sv.privacy.status()
    return {
        "months": st.months or 0,
        "cutoff": st.cutoff.isoformat() if st.cutoff else None,
        "with_speaker": st.with_speaker,
        "expired": st.expired,
    }


def cmd_retention(args: argparse.Namespace, sv: Services) -> int:
    if args.months is not None:
        sv.privacy.set_retention_months(args.months)
    data = _retention_json(sv)
    if args.json:
        print_json(data)
    elif data["months"]:
        print(
            _(
                "保存期間: {m} か月（{cutoff} より前の受付分は削除）。個人情報あり: {n} 件、"
                "期間切れ: {e} 件。"
            ).format(
                m=data["months"], cutoff=data["cutoff"], n=data["with_speaker"], e=data["expired"]
            )
        )
    else:
        print(_("保存期間: 無期限。個人情報あり: {n} 件。").format(n=data["with_speaker"]))
    return 0


def cmd_purge_speakers(args: argparse.Namespace, sv: Services) -> int:
    cutoff = args.before or sv.privacy.status().cutoff
    if cutoff is None:
        raise ValidationError(
            _(
                "保存期間が設定されていません。--before DATE か retention --months N を指定してください。"  # noqa: E501
            )
        )
    privacy = sv.privacy
    if args.dry_run:
        n, settled = privacy.with_speaker_before(cutoff), True
    else:
        result = privacy.purge_before(cutoff)
        n, settled = result.purged, result.settled
    if args.json:
        print_json(
            {"cutoff": cutoff.isoformat(), "purged": n, "dry_run": args.dry_run, "settled": settled}
        )
    else:
        message = (
            _(
                "{cutoff} より前の {n} 件の意見から氏名・連絡先を削除します（試行: 何も変更していません）。"  # noqa: E501
            )
            if args.dry_run
            else _("{cutoff} より前の {n} 件の意見から氏名・連絡先を削除しました。")
        )
        print(message.format(cutoff=cutoff.isoformat(), n=n))
    if not settled:
        from komoro_feedback.services.privacy_service import unsettled_purge_message

        print(unsettled_purge_message(), file=sys.stderr)
        return 1
    return 0
