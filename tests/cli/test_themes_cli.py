"""`komoro-feedback themes [filters] --json`: themes with label, count, ids and masked samples."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from komoro_feedback.cli import main
from tests.cli.cli_helpers import run, run_json


@pytest.fixture
def demo_db(sqlite_template: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    path = tmp_path / "demo.sqlite3"
    shutil.copy(sqlite_template, path)
    assert main(["demo-data", "--db", str(path), "--comments", "300", "--seed", "3"]) == 0
    capsys.readouterr()
    return str(path)


def test_themes_json_for_a_policy(demo_db: str, capsys: pytest.CaptureFixture[str]) -> None:
    data = run_json(capsys, "themes", "--db", demo_db, "--pillar", "5")
    assert isinstance(data, dict)
    themes = data["themes"]
    assert themes, data
    for t in themes:
        assert set(t) >= {"label", "count", "comment_ids", "representatives"}
        assert t["count"] == len(t["comment_ids"]) >= 2
        assert 1 <= len(t["representatives"]) <= 3
        assert t["label"]
    counts = [t["count"] for t in themes]
    assert counts == sorted(counts, reverse=True)
    assert sum(counts) + data["unthemed"] == data["total"]


def test_themes_text_output_and_an_unknown_district(
    demo_db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "themes", "--db", demo_db, "--district", "大里", "--limit", "2")
    assert code == 0
    assert out.count("■") <= 2 and "テーマ" in out
    code, _, err = run(capsys, "themes", "--db", demo_db, "--district", "どこか")
    assert code == 2 and "どこか" in err
