"""Argument checks that give one line and exit 2: text that is not Unicode, an unwritable --out."""

from __future__ import annotations

import argparse
import os
import tempfile
from collections.abc import Sequence
from pathlib import Path

from komoro_feedback.i18n.translation import _


def undecodable_argument(argv: Sequence[str]) -> str | None:
    """A one-line message for the first argument that is not valid text, else None.

    Invalid UTF-8 on the command line reaches Python as lone surrogates (surrogateescape), and
    a Windows command line can carry lone surrogates too; neither can be stored or searched."""
    for i, arg in enumerate(argv):
        try:
            arg.encode("utf-8")
        except UnicodeEncodeError:
            option = _option_of(argv, i)
            return _(
                "{option} の値に文字として読めないバイトがあります（UTF-8 ではありません）: {shown}"
            ).format(option=option, shown=_shown(arg))
    return None


def _option_of(argv: Sequence[str], i: int) -> str:
    arg = argv[i]
    if arg.startswith("--") and "=" in arg:
        return arg.split("=", 1)[0]
    if i > 0 and argv[i - 1].startswith("-") and not argv[i - 1].startswith("---"):
        return argv[i - 1]
    return _("引数 {n}").format(n=i + 1)


def _shown(arg: str) -> str:
    """The argument with each undecodable byte written as \\xNN (and other surrogates \\uNNNN)."""
    out = []
    for ch in arg[:80]:
        o = ord(ch)
        if 0xDC80 <= o <= 0xDCFF:
            out.append(f"\\x{o - 0xDC00:02x}")
        elif 0xD800 <= o <= 0xDFFF:
            out.append(f"\\u{o:04x}")
        else:
            out.append(ch)
    return "".join(out)


def output_file(text: str) -> Path:
    """argparse type for --out FILE: the folder must exist and be writable, the path no folder.

    Checked before any work starts, so a long report never fails at its very end."""
    path = Path(text).expanduser()
    if path.is_dir():
        raise argparse.ArgumentTypeError(
            _("{path} はフォルダです。ファイル名まで指定してください。").format(path=path)
        )
    parent = path.parent if str(path.parent) else Path(".")
    if not parent.is_dir():
        raise argparse.ArgumentTypeError(
            _("保存先のフォルダがありません: {folder}").format(folder=parent)
        )
    try:  # access() is not enough: it says yes to root and ignores read-only mounts
        fd, probe = tempfile.mkstemp(prefix=".komoro-write-test-", dir=parent)
        os.close(fd)
        os.unlink(probe)
    except OSError as exc:
        raise argparse.ArgumentTypeError(
            _("保存先のフォルダに書き込めません: {folder}（{err}）").format(
                folder=parent, err=exc.strerror or exc
            )
        ) from exc
    if path.exists() and not os.access(path, os.W_OK):
        raise argparse.ArgumentTypeError(
            _("{path} は書き込み禁止のファイルです。").format(path=path)
        )
    return path
