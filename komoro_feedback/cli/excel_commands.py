"""CLI: `export` a filtered comment list to xlsx/CSV, `import` comments from xlsx/CSV."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from komoro_feedback.cli.arguments import output_file
from komoro_feedback.cli.common import add_db_options, command, print_json
from komoro_feedback.cli.filters import add_filter_options, filter_from_args
from komoro_feedback.i18n.translation import _

if TYPE_CHECKING:
    from komoro_feedback.services.container import Services
    from komoro_feedback.services.import_service import ImportPreview

#: ExportFormat's values, spelt out so that `--help` needs no Excel writer (a test compares).
EXPORT_FORMATS = ("xlsx", "csv")
#: Problems printed before "and n more" (--json lists them all).
MAX_LINES = 50


def register(sub: Any) -> None:
    p = sub.add_parser("export", help=_("意見の一覧を Excel（xlsx）または CSV に書き出す"))
    add_db_options(p)
    add_filter_options(p)
    p.add_argument("--format", choices=EXPORT_FORMATS, default=None)
    p.add_argument("--out", required=True, type=output_file, metavar="FILE")
    p.add_argument(
        "--with-personal-data",
        action="store_true",
        help=_(
            "発言者の氏名・連絡先も書き出し、本文中の電話番号なども伏せない（個人情報。取り扱いに注意）"
        ),
    )
    command(p, cmd_export)

    p = sub.add_parser("import", help=_("紙で集めた意見を Excel（xlsx）または CSV から取り込む"))
    add_db_options(p)
    p.add_argument("file", nargs="?", metavar="FILE")
    p.add_argument("--dry-run", action="store_true", help=_("確認だけして登録しない"))
    p.add_argument(
        "--template", type=output_file, metavar="OUT.xlsx", help=_("取り込み用のひな形を書き出す")
    )
    command(p, cmd_import)


def cmd_export(args: argparse.Namespace, sv: Services) -> int:
    out = Path(args.out)
    fmt = args.format or ("csv" if out.suffix.lower() == ".csv" else "xlsx")
    f = filter_from_args(args, sv)
    result = sv.exports.export(f, out, fmt, with_personal_data=args.with_personal_data)
    data = {
        "path": str(result.path),
        "rows": result.rows,
        "format": fmt,
        "personal_data": result.personal_data,
        "seconds": round(result.seconds, 3),
    }
    if args.json:
        print_json(data)
    else:
        print(_("{n}件を {path} に書き出しました。").format(n=result.rows, path=result.path))
        if result.personal_data:
            print(_("注意: 個人情報（氏名・連絡先）を含みます。"), file=sys.stderr)
    return 0


def cmd_import(args: argparse.Namespace, sv: Services) -> int:
    if args.template:
        path = sv.imports.write_template(Path(args.template))
        print(_("ひな形を {path} に書き出しました。").format(path=path))
        return 0
    if not args.file:
        from komoro_feedback.domain.errors import ValidationError

        raise ValidationError(_("取り込むファイルを指定してください。"))
    from komoro_feedback.services.import_service import ImportRejected

    preview = sv.imports.preview(Path(args.file))
    if args.dry_run or not preview.ok:
        _print_preview(preview, args.json)
        return 0 if preview.ok else 1
    try:
        result = sv.imports.commit(preview)
    except ImportRejected as exc:  # the database changed between preview and commit
        print(str(exc), file=sys.stderr)
        return 1
    if args.json:
        print_json({"added": result.added, "meetings_created": result.meetings_created})
    else:
        print(_("{n}件の意見を取り込みました。").format(n=result.added))
        if result.meetings_created:
            print(_("会議を{n}件登録しました。").format(n=result.meetings_created))
    return 0


def _print_preview(preview: ImportPreview, as_json: bool) -> None:
    if as_json:
        print_json(
            {
                "ok": preview.ok,
                "rows": len(preview.rows),
                "encoding": preview.encoding,
                "problems": preview.problem_lines(),
                "new_meetings": list(preview.new_meetings),
                "ignored_columns": list(preview.ignored_columns),
            }
        )
        return
    print(
        _("{n}行を確認しました（文字コード/形式: {enc}）。").format(
            n=len(preview.rows), enc=preview.encoding or "-"
        )
    )
    for name in preview.new_meetings:
        print(_("新しく登録する会議: {name}").format(name=name))
    if preview.ignored_columns:
        print(_("使わない列: {cols}").format(cols="、".join(preview.ignored_columns)))
    lines = preview.problem_lines()
    if preview.ok:
        print(_("問題はありません。--dry-run を付けずに実行すると登録します。"))
        return
    print(_("問題があるため登録しません。"), file=sys.stderr)
    lines = lines or [_("取り込む行がありません。")]
    for line in lines[:MAX_LINES]:
        print("  " + line, file=sys.stderr)
    if len(lines) > MAX_LINES:
        print("  " + _("ほか{n}件").format(n=len(lines) - MAX_LINES), file=sys.stderr)
