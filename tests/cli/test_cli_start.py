"""How the command starts: --version, its language, and the help that needs no heavy module."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from komoro_feedback import __version__
from komoro_feedback.cli.excel_commands import EXPORT_FORMATS
from komoro_feedback.cli.report_commands import REPORT_KINDS
from komoro_feedback.services.export_service import ExportFormat
from komoro_feedback.services.reports.service import ReportKind
from tests.cli.cli_helpers import run

ROOT = Path(__file__).resolve().parents[2]


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _err = run(capsys, "--version")
    assert code == 0
    assert out.strip() == f"komoro-feedback {__version__}"


def test_python_dash_m_runs_the_cli_and_the_app_launcher_knows_its_version(tmp_path: Path) -> None:
    env = {**os.environ, "KOMORO_DATA_DIR": str(tmp_path)}
    db = str(tmp_path / "k.sqlite3")
    for args in (["init", "--db", db], ["catalog", "--db", db, "--json"]):
        done = subprocess.run(
            [sys.executable, "-m", "komoro_feedback", *args],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        assert done.returncode == 0, done.stderr
    assert len(json.loads(done.stdout)["pillars"]) == 6
    from komoro_feedback.launcher import app_main

    assert app_main(["--version"]) == 0


def test_choices_spelt_out_in_the_cli_match_the_services() -> None:
    assert set(EXPORT_FORMATS) == {f.value for f in ExportFormat}
    assert set(REPORT_KINDS) == {k.value for k in ReportKind}


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("KOMORO_DATA_DIR", str(tmp_path))
    return tmp_path


def test_cli_follows_the_language_saved_by_the_app_unless_lang(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (home / "settings.json").write_text(json.dumps({"language": "en"}), encoding="utf-8")
    db = str(home / "k.sqlite3")
    code, out, err = run(capsys, "init", "--db", db)
    assert code == 0, err
    assert out.startswith("Database:")
    code, out, err = run(capsys, "init", "--db", db, "--lang", "ja")
    assert out.startswith("データベース:")


def test_first_start_takes_the_os_language(
    home: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    db = str(home / "k.sqlite3")
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    code, out, err = run(capsys, "init", "--db", db)
    assert code == 0, err
    assert out.startswith("Database:")
    monkeypatch.setenv("LANG", "ja_JP.UTF-8")
    code, out, err = run(capsys, "init", "--db", db)
    assert out.startswith("データベース:")
