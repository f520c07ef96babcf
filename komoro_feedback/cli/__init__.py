"""The headless command `komoro-feedback`: the same services as the app, for automation."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import NoReturn

from komoro_feedback import __version__
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
from komoro_feedback.cli.console import make_output_safe
from komoro_feedback.i18n.translation import _, is_supported_language, set_language

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
    parser.add_argument(
        "-V", "--version", action="version", version=f"komoro-feedback {__version__}"
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True
    for module in COMMAND_MODULES:
        module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    make_output_safe()
    set_language(startup_language(args_list))  # before the parser: its help is translated
    bad = undecodable_argument(args_list)
    if bad:
        print(f"komoro-feedback: {bad}", file=sys.stderr)
        return 2
    parser = build_parser()
    try:
        args = parser.parse_args(args_list)
    except SystemExit as exc:  # argparse already printed a one-line usage error
        return int(exc.code or 0)
    from komoro_feedback.logs import configure_logging, log

    configure_logging("cli")
    log.info("command %s", args.command)  # never its arguments: they hold comment text
    try:
        code = run_command(args)
    except CommandError as exc:
        log.warning("command %s refused: %s", args.command, type(exc.__cause__ or exc).__name__)
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
    log.info("command %s done (%d)", args.command, code)
    return code


def startup_language(argv: Sequence[str]) -> str:
    """--lang, else the language saved by the app, else the operating system's."""
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv) and is_supported_language(argv[i + 1]):
            return argv[i + 1]
        if arg.startswith("--lang=") and is_supported_language(arg.removeprefix("--lang=")):
            return arg.removeprefix("--lang=")
    from komoro_feedback.config import UserSettings

    saved = UserSettings.saved_language()
    if saved is not None and is_supported_language(saved):
        return saved
    from komoro_feedback.i18n.system_language import os_language

    return os_language()


__all__ = ["CommandError", "build_parser", "main", "startup_language"]
