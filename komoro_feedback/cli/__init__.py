"""The headless command `komoro-feedback`: the same services as the app, for automation."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import NoReturn

from komoro_feedback.cli import (
    access_commands,
    admin_commands,
    data_commands,
    encryption_commands,
    excel_commands,
    package_commands,
    publish_command,
    report_commands,
    screenshot_command,
    suggest_command,
    themes_command,
)
from komoro_feedback.cli.arguments import undecodable_argument
from komoro_feedback.cli.common import CommandError, run_command
from komoro_feedback.i18n.translation import _

#: Each module adds its subcommands; later features add their module here.
COMMAND_MODULES = [data_commands, admin_commands, report_commands, excel_commands]
COMMAND_MODULES.append(package_commands)
COMMAND_MODULES.append(suggest_command)
COMMAND_MODULES.append(screenshot_command)
COMMAND_MODULES.append(access_commands)
COMMAND_MODULES.append(themes_command)
COMMAND_MODULES.append(publish_command)
COMMAND_MODULES.append(encryption_commands)


class OneLineErrorParser(argparse.ArgumentParser):
    """Bad arguments give one line (not the whole usage) and exit status 2."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: {message} (--help)\n")


def build_parser() -> argparse.ArgumentParser:
    parser = OneLineErrorParser(
        prog="komoro-feedback",
        description=_("タウンミーティング等の意見を記録し、政策・地区ごとに集計します。"),
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True
    for module in COMMAND_MODULES:
        module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    bad = undecodable_argument(args_list)
    if bad:
        print(f"komoro-feedback: {bad}", file=sys.stderr)
        return 2
    parser = build_parser()
    try:
        args = parser.parse_args(args_list)
    except SystemExit as exc:  # argparse already printed a one-line usage error
        return int(exc.code or 0)
    try:
        return run_command(args)
    except CommandError as exc:
        print(f"komoro-feedback: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # output piped into `head` and the like
        sys.stderr.close()
        return 0
    except OSError as exc:  # e.g. the disk filled up while writing --out
        print(
            "komoro-feedback: " + _("ファイルを読み書きできません: {err}").format(err=exc),
            file=sys.stderr,
        )
        return 2


__all__ = ["CommandError", "build_parser", "main"]
