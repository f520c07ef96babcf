"""The headless command: JSON shapes others rely on, and one-line errors with non-zero exits."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.cli.cli_helpers import run, run_json

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def dbfile(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    path = str(tmp_path / "cli.sqlite3")
    assert run(capsys, "init", "--db", path)[0] == 0
    return path


def test_catalog_and_wards_json(capsys: pytest.CaptureFixture[str], dbfile: str) -> None:
    cat = run_json(capsys, "catalog", "--db", dbfile)
    assert isinstance(cat, dict)
    assert len(cat["pillars"]) == 6
    policies = [p for pillar in cat["pillars"] for p in pillar["policies"]]
    assert len(policies) == 67
    assert {p["mark"] for p in policies} == {"★", "●"}
    assert {"code", "title", "text", "mark", "kind"} <= set(policies[0])
    wards = run_json(capsys, "wards", "--db", dbfile)
    assert isinstance(wards, dict)
    assert len(wards["districts"]) == 10
    assert sum(len(d["wards"]) for d in wards["districts"]) == 68
    assert {"name", "wards"} <= set(wards["districts"][0])


def test_meeting_add_list_search_stats(capsys: pytest.CaptureFixture[str], dbfile: str) -> None:
    m = run_json(
        capsys,
        "meeting-add",
        "--db",
        dbfile,
        "--title",
        "御影区タウンミーティング",
        "--at",
        "2026-11-20T19:00",
        "--district",
        "南大井",
    )
    assert isinstance(m, dict)
    added = run_json(
        capsys,
        "add",
        "--db",
        dbfile,
        "--text",
        "ﾊﾞｽの本数を増やして",
        "--ward",
        "御影",
        "--policy",
        "2-02",
        "--policy",
        "5-03",
        "--kind",
        "要望",
        "--meeting",
        str(m["id"]),
    )
    assert isinstance(added, dict) and added["policies"] == ["2-02", "5-03"]
    meetings = run_json(capsys, "meetings", "--db", dbfile)
    assert isinstance(meetings, list) and meetings[0]["title"] == "御影区タウンミーティング"
    listed = run_json(capsys, "list", "--db", dbfile, "--ward", "御影", "--limit", "5")
    assert isinstance(listed, dict) and [c["id"] for c in listed["comments"]] == [added["id"]]
    found = run_json(capsys, "search", "--db", dbfile, "バス")
    assert isinstance(found, dict) and found["comments"][0]["text"] == "ﾊﾞｽの本数を増やして"
    stats = run_json(capsys, "stats", "--db", dbfile)
    assert isinstance(stats, dict)
    assert stats["total"] == 1 and stats["by_policy"] == {"2-02": 1}
    assert stats["by_district"] == {"南大井": 1}


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["add", "--text", "x", "--ward", "ない区"], "ない区"),
        (["add", "--text", "x", "--policy", "9-99"], "9-99"),
        (["add", "--text", "  "], "空"),
        (["list", "--kind", "bogus"], "bogus"),
        (["list", "--from", "2024-13-01"], "YYYY-MM-DD"),
    ],
)
def test_bad_arguments_give_one_line_and_nonzero(
    capsys: pytest.CaptureFixture[str], dbfile: str, args: list[str], needle: str
) -> None:
    code, _out, err = run(capsys, *args, "--db", dbfile)
    assert code != 0
    assert needle in err
    assert "Traceback" not in err
    assert len(err.strip().splitlines()) == 1


def test_missing_or_broken_database(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = run(capsys, "list", "--db", str(tmp_path / "nope.sqlite3"))
    assert code == 2 and "nope.sqlite3" in err and len(err.strip().splitlines()) == 1
    bad = tmp_path / "bad.sqlite3"
    bad.write_text("hello")
    code, _, err = run(capsys, "stats", "--db", str(bad))
    assert code == 2 and "データベース" in err and len(err.strip().splitlines()) == 1
    assert bad.read_text() == "hello"


def test_backup_check_restore(
    capsys: pytest.CaptureFixture[str], dbfile: str, tmp_path: Path
) -> None:
    run(capsys, "add", "--db", dbfile, "--text", "残す意見")
    out = tmp_path / "b.sqlite3"
    assert run(capsys, "backup", "--db", dbfile, "--out", str(out))[0] == 0
    run(capsys, "add", "--db", dbfile, "--text", "消える意見")
    check = run_json(capsys, "check", "--db", dbfile)
    assert isinstance(check, dict) and check["ok"] and check["comments"] == 2
    restored = run_json(capsys, "restore", "--db", dbfile, str(out))
    assert isinstance(restored, dict) and restored["comments"] == 1
    listed = run_json(capsys, "list", "--db", dbfile)
    assert isinstance(listed, dict) and [c["text"] for c in listed["comments"]] == ["残す意見"]


def test_main_py_runs_the_cli(tmp_path: Path) -> None:
    db = tmp_path / "m.sqlite3"
    proc = subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "init", "--db", str(db), "--json"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["policies"] == 67
