"""`komoro-feedback publish --out DIR`: both files written, period respected, bad period refused."""

from __future__ import annotations

import shutil
from pathlib import Path

import pypdf
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


def test_publish_writes_pdf_and_html(
    demo_db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "pub"
    data = run_json(capsys, "publish", "--db", demo_db, "--out", str(out))
    assert isinstance(data, dict)
    assert data["items"] > 0
    assert Path(data["pdf"]).parent == out and Path(data["html"]).parent == out
    reader = pypdf.PdfReader(data["pdf"])
    assert len(reader.pages) == data["pages"]
    assert "市民の声と市の対応" in reader.pages[0].extract_text()
    assert '<html lang="ja">' in Path(data["html"]).read_text(encoding="utf-8")
    narrow = run_json(
        capsys,
        "publish",
        "--db",
        demo_db,
        "--from",
        "2025-01-01",
        "--to",
        "2025-01-31",
        "--out",
        str(tmp_path / "jan"),
    )
    assert isinstance(narrow, dict) and narrow["items"] < data["items"]


def test_publish_refuses_a_reversed_period(
    demo_db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(
        capsys,
        "publish",
        "--db",
        demo_db,
        "--from",
        "2025-02-01",
        "--to",
        "2025-01-01",
        "--out",
        str(tmp_path),
    )
    assert code == 2 and "期間" in err
    assert not list(tmp_path.glob("*.pdf"))
