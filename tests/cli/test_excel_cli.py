"""`komoro-feedback export` and `import`: files out and in, a dry run that writes nothing."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest

from komoro_feedback.cli import main

DATA = Path(__file__).resolve().parents[1] / "data" / "import"


@pytest.fixture
def db(sqlite_template: Path, tmp_path: Path) -> str:
    path = tmp_path / "cli.sqlite3"
    shutil.copy(sqlite_template, path)
    return str(path)


def count(db: str, capsys: pytest.CaptureFixture[str]) -> int:
    capsys.readouterr()
    assert main(["stats", "--db", db, "--json"]) == 0
    return int(json.loads(capsys.readouterr().out)["total"])


def test_export_csv_with_filters(
    db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["demo-data", "--db", db, "--comments", "50"]) == 0
    out = tmp_path / "open.csv"
    assert main(["export", "--db", db, "--open", "--out", str(out), "--json"]) == 0
    capsys.readouterr()
    assert main(["stats", "--db", db, "--open", "--json"]) == 0
    opened = json.loads(capsys.readouterr().out)["total"]
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    assert len(list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))) == opened + 1


def test_import_dry_run_then_import(
    db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = count(db, capsys)
    assert main(["import", "--db", db, str(DATA / "good_sjis.csv"), "--dry-run"]) == 0
    assert "Shift_JIS" in capsys.readouterr().out
    assert count(db, capsys) == before
    assert main(["import", "--db", db, str(DATA / "good_sjis.csv")]) == 0
    assert "2件の意見を取り込みました" in capsys.readouterr().out
    assert count(db, capsys) == before + 2


def test_import_of_a_bad_file_fails_and_names_the_rows(
    db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    before = count(db, capsys)
    assert main(["import", "--db", db, str(DATA / "wrong_types.csv")]) == 1
    err = capsys.readouterr().err
    assert "4行目" in err and "5行目" in err
    assert count(db, capsys) == before


def test_template_is_a_valid_import_file(
    db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "template.xlsx"
    assert main(["import", "--db", db, "--template", str(out)]) == 0
    assert main(["import", "--db", db, str(out), "--dry-run"]) == 0
    assert "問題はありません" in capsys.readouterr().out
