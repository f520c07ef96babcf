"""`komoro-feedback suggest`: ranked policies and wards, --evaluate files, --stats of uptake."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from komoro_feedback.cli import main


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def dbfile(sqlite_url: str) -> str:
    return sqlite_url.removeprefix("sqlite:///")


def test_suggest_json_ranks_policies_and_names_wards(
    capsys: pytest.CaptureFixture[str], dbfile: str
) -> None:
    code, out, err = run(
        capsys,
        "suggest",
        "--db",
        dbfile,
        "--json",
        "--top",
        "4",
        "御影の畑のとなりに黒いパネルがずらっと並んでまぶしい",
    )
    assert code == 0, err
    data = json.loads(out)
    assert len(data["policies"]) == 4
    first = data["policies"][0]
    assert first["code"] == "2-03"
    assert "黒いパネル" in first["reason"]
    assert first["title"].startswith("2023年7月から施行した")
    assert [w["name"] for w in data["wards"]] == ["御影"]
    assert data["wards"][0]["district"] == "南大井"


def test_suggest_plain_text_output(capsys: pytest.CaptureFixture[str], dbfile: str) -> None:
    code, out, _err = run(capsys, "suggest", "--db", dbfile, "保育料が高い。乙女に住んでいます")
    assert code == 0
    assert out.splitlines()[0].startswith("1. 1-03 ")
    assert "場所: 乙女（中央(東南部)）" in out


def _tsv(tmp_path: Path, name: str, rows: list[tuple[str, str]]) -> Path:
    path = tmp_path / name
    path.write_text("".join(f"{c}\t{t}\n" for c, t in rows), encoding="utf-8")
    return path


def test_evaluate_prints_accuracy_and_ranked_codes(
    capsys: pytest.CaptureFixture[str], dbfile: str, tmp_path: Path
) -> None:
    rows = [
        ("2-03", "黒いパネルが畑にずらっと並んでいる"),
        ("5-03", "愛のりくんの予約の電話がつながらない"),
        ("4-10", "おたまじゃくし広場のベンチが壊れたまま"),  # nothing points at 4-10
    ]
    path = _tsv(tmp_path, "eval.tsv", rows)
    code, out, err = run(capsys, "suggest", "--db", dbfile, "--evaluate", str(path), "--json")
    assert code == 0, err
    data = json.loads(out)
    assert data["count"] == 3
    assert data["top1"] == pytest.approx(2 / 3, abs=1e-3)
    assert [i["expected"] for i in data["items"]] == ["2-03", "5-03", "4-10"]
    assert all(len(i["ranked"]) == 3 for i in data["items"])
    code, out, _err = run(capsys, "suggest", "--db", dbfile, "--evaluate", str(path))
    assert out.strip() == "3 件: 上位1件の正解率 66.7%、上位3件の正解率 66.7%"


def test_training_file_simulates_the_city_tagging(
    capsys: pytest.CaptureFixture[str], dbfile: str, tmp_path: Path
) -> None:
    test = _tsv(tmp_path, "test.tsv", [("4-10", "おたまじゃくし広場のベンチが壊れて危ない")])
    train = _tsv(
        tmp_path,
        "train.tsv",
        [
            ("4-10", "おたまじゃくし広場のベンチが壊れたまま"),
            ("4-10", "おたまじゃくし広場のベンチがぐらぐら"),
        ],
    )
    _c, out, _e = run(capsys, "suggest", "--db", dbfile, "--evaluate", str(test), "--json")
    assert json.loads(out)["top1"] == 0
    args = ["suggest", "--db", dbfile, "--evaluate", str(test), "--train", str(train), "--json"]
    _c, out, _e = run(capsys, *args)
    assert json.loads(out)["top1"] == 1


def test_bad_evaluation_file_is_one_line_error(
    capsys: pytest.CaptureFixture[str], dbfile: str, tmp_path: Path
) -> None:
    path = tmp_path / "bad.tsv"
    path.write_text("2-03 no tab here\n", encoding="utf-8")
    code, _out, err = run(capsys, "suggest", "--db", dbfile, "--evaluate", str(path))
    assert code == 2
    assert "1 行目" in err and len(err.strip().splitlines()) == 1


def test_stats_reports_acceptance(capsys: pytest.CaptureFixture[str], dbfile: str) -> None:
    code, out, err = run(capsys, "suggest", "--db", dbfile, "--stats", "--json")
    assert code == 0, err
    assert json.loads(out) == {"comments": 0, "with_suggestions": 0, "accepted": 0, "rate": None}
