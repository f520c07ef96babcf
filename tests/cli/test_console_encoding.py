"""A Japanese Windows console (cp932) or a redirected stream never breaks the output."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TEXT = "𠮷野家の前の道に穴 🕳️ があいて危ない"  # 𠮷 and the emoji are not in cp932


def cli(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "PYTHONIOENCODING": "cp932", "KOMORO_DATA_DIR": str(tmp_path / "home")}
    return subprocess.run(
        [sys.executable, "main.py", *args, "--db", str(tmp_path / "k.sqlite3")],
        cwd=ROOT,
        env=env,
        capture_output=True,
        check=False,
    )


def test_json_is_utf8_and_human_output_is_replaced_on_a_cp932_console(tmp_path: Path) -> None:
    assert cli(tmp_path, "init").returncode == 0
    added = cli(tmp_path, "add", "--text", TEXT, "--channel", "letter")
    assert added.returncode == 0, added.stderr.decode("cp932", "replace")

    listed = cli(tmp_path, "list", "--json")
    assert listed.returncode == 0, listed.stderr.decode("cp932", "replace")
    assert TEXT in listed.stdout.decode("utf-8")
    assert json.loads(listed.stdout)

    found = cli(tmp_path, "search", "野家の前", "--json")
    assert found.returncode == 0, found.stderr.decode("cp932", "replace")
    assert TEXT in found.stdout.decode("utf-8")

    human = cli(tmp_path, "list")
    assert human.returncode == 0, human.stderr.decode("cp932", "replace")
    shown = human.stdout.decode("cp932")  # what the console shows: the rest, with ? for the two
    assert "野家の前の道に穴" in shown and "?" in shown
    assert b"Traceback" not in human.stderr
