"""Arguments the CLI cannot use: text that is not Unicode and an --out it cannot write. One line
on stderr, exit status 2, no traceback and nothing written."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.cli.cli_helpers import run, run_json

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def dbfile(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    path = str(tmp_path / "cli.sqlite3")
    assert run(capsys, "init", "--db", path)[0] == 0
    return path


def comment_count(capsys: pytest.CaptureFixture[str], db: str) -> int:
    stats = run_json(capsys, "stats", "--db", db)
    assert isinstance(stats, dict)
    return int(stats["total"])


def one_line_refusal(code: int, err: str) -> None:
    assert code == 2, err
    assert "Traceback" not in err
    assert len(err.strip().splitlines()) == 1, err


@pytest.mark.parametrize(
    ("args", "shown"),
    [
        (["add", "--text", b"abc\xff\xfe"], "--text"),
        (["add", b"--text=\x82\xa0\x82\xa2"], "--text"),  # Shift_JIS bytes on a UTF-8 system
        (["search", b"\xed\xa0\x80"], "\\xed\\xa0\\x80"),  # an encoded lone surrogate
    ],
)
def test_invalid_utf8_in_a_process_argument(
    capsys: pytest.CaptureFixture[str], dbfile: str, args: list[str | bytes], shown: str
) -> None:
    command = [sys.executable, str(ROOT / "main.py"), args[0], "--db", dbfile, *args[1:]]
    proc = subprocess.run(command, capture_output=True, timeout=120, check=False, cwd=ROOT)
    err = proc.stderr.decode("utf-8", "replace")
    one_line_refusal(proc.returncode, err)
    assert shown in err and "UTF-8" in err
    assert comment_count(capsys, dbfile) == 0


@pytest.mark.parametrize("text", ["前\ud800後", "\udcff", "🍜\udc80"])
def test_lone_surrogates_in_process(
    capsys: pytest.CaptureFixture[str], dbfile: str, text: str
) -> None:
    code, _out, err = run(capsys, "add", "--db", dbfile, "--text", text)
    one_line_refusal(code, err)
    assert "--text" in err
    code, _out, err = run(capsys, "search", "--db", dbfile, text)
    one_line_refusal(code, err)
    assert comment_count(capsys, dbfile) == 0


@pytest.fixture
def unwritable_dir(tmp_path: Path) -> Iterator[Path]:
    """A folder this process cannot write: chmod for a normal user; /sys when run as root."""
    d = tmp_path / "read-only"
    d.mkdir()
    d.chmod(0o500)
    try:
        for candidate in (d, Path("/sys")):
            try:
                fd, probe = tempfile.mkstemp(dir=candidate)
            except OSError:
                yield candidate
                return
            os.close(fd)
            os.unlink(probe)
        pytest.skip("no folder here refuses writes to this user")
    finally:
        d.chmod(0o700)


OUT_COMMANDS = {
    "export": ["export", "--out"],
    "report": ["report", "policy", "--out"],
    "backup": ["backup", "--out"],
    "template": ["import", "--template"],
    "package": ["package", "export", "--meeting", "1", "--out"],
}


@pytest.mark.parametrize("command", sorted(OUT_COMMANDS))
@pytest.mark.parametrize("case", ["missing folder", "a folder", "no permission"])
def test_unwritable_out(
    capsys: pytest.CaptureFixture[str],
    dbfile: str,
    tmp_path: Path,
    unwritable_dir: Path,
    command: str,
    case: str,
) -> None:
    target = {
        "missing folder": tmp_path / "no-such-folder" / "out.file",
        "a folder": tmp_path,
        "no permission": unwritable_dir / "out.file",
    }[case]
    before = sorted(p.name for p in tmp_path.iterdir())
    code, _out, err = run(capsys, *OUT_COMMANDS[command], str(target), "--db", dbfile)
    one_line_refusal(code, err)
    assert str(target.parent if case != "a folder" else target) in err
    assert sorted(p.name for p in tmp_path.iterdir()) == before  # nothing created


def test_restore_of_a_damaged_backup_is_one_line_and_changes_nothing(
    capsys: pytest.CaptureFixture[str], dbfile: str, tmp_path: Path
) -> None:
    run(capsys, "add", "--db", dbfile, "--text", "残る意見")
    out = tmp_path / "b.sqlite3"
    assert run(capsys, "backup", "--db", dbfile, "--out", str(out))[0] == 0
    data = bytearray(out.read_bytes())
    data[len(data) // 2] ^= 0xFF  # one flipped byte
    out.write_bytes(bytes(data))
    code, _out, err = run(capsys, "restore", "--db", dbfile, str(out))
    one_line_refusal(code, err)
    assert "SHA-256" in err
    assert comment_count(capsys, dbfile) == 1
    (tmp_path / "b.sqlite3.manifest.json").unlink()  # an older backup, without a manifest
    out.write_bytes(bytes(data[:100]) + b"\xff" * 16 + bytes(data[116:]))  # the page-1 header
    code, _out, err = run(capsys, "restore", "--db", dbfile, str(out))
    one_line_refusal(code, err)
    assert comment_count(capsys, dbfile) == 1
