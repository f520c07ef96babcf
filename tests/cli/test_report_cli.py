"""`komoro-feedback report`: writes the PDF asked for, refuses an incomplete request."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pypdf
import pytest

from komoro_feedback.cli import main


@pytest.fixture
def demo_db(sqlite_template: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    path = tmp_path / "cli.sqlite3"
    shutil.copy(sqlite_template, path)
    assert main(["demo-data", "--db", str(path), "--comments", "120", "--seed", "3"]) == 0
    capsys.readouterr()
    return str(path)


def test_policy_report_for_a_pillar_in_era_dates(
    demo_db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "pillar.pdf"
    args = ["report", "policy", "--db", demo_db, "--pillar", "1", "--era", "--out", str(out)]
    assert main([*args, "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    reader = pypdf.PdfReader(str(out))
    assert data["pages"] == len(reader.pages)
    first = reader.pages[0].extract_text()
    assert "政策別集計" in first and "第1の柱" in first and "令和" in first


def test_counts_only_area_report(
    demo_db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "area.pdf"
    assert main(["report", "area", "--db", demo_db, "--counts-only", "--out", str(out)]) == 0
    assert "を作成しました" in capsys.readouterr().out
    text = "".join(p.extract_text() for p in pypdf.PdfReader(str(out)).pages)
    assert "地区別集計" in text and "未完了の案件" not in text


def test_meeting_report_needs_a_meeting(
    demo_db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "m.pdf"
    assert main(["report", "meeting", "--db", demo_db, "--out", str(out)]) == 2
    assert "--meeting" in capsys.readouterr().err
    assert not out.exists()
    assert main(["report", "meeting", "--db", demo_db, "--meeting", "1", "--out", str(out)]) == 0
    assert "会議記録" in pypdf.PdfReader(str(out)).pages[0].extract_text()


def test_compare_previous_needs_a_period_and_prints_the_change(
    demo_db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "cmp.pdf"
    base = ["report", "policy", "--db", demo_db, "--counts-only", "--compare-previous"]
    assert main([*base, "--out", str(out)]) != 0
    assert "開始日" in capsys.readouterr().err and not out.exists()
    assert main([*base, "--from", "2025-04-01", "--to", "2025-09-30", "--out", str(out)]) == 0
    text = "".join(p.extract_text() for p in pypdf.PdfReader(str(out)).pages)
    assert "前期" in text and "増減" in text and "前の期間: 2024年10月1日～2025年3月31日" in text


def test_report_settings_put_the_issuer_on_the_cover(
    demo_db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["report-settings", "--db", demo_db, "--department", "企画課", "--person", "小諸 花子"]
    assert main([*args, "--label", "第2回 地域職員連絡会 資料", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["department"] == "企画課"
    out = tmp_path / "area.pdf"
    assert main(["report", "area", "--db", demo_db, "--counts-only", "--out", str(out)]) == 0
    reader = pypdf.PdfReader(str(out))
    cover = reader.pages[0].extract_text()
    assert "第2回 地域職員連絡会 資料" in cover and "企画課　担当: 小諸 花子" in cover
    assert reader.metadata.author == "小諸市 企画課"
