"""Import from xlsx/CSV: good files in every encoding, bad files rejected with nothing written."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlalchemy import text

from komoro_feedback.domain.query import CommentFilter
from komoro_feedback.domain.text import normalize_for_search
from komoro_feedback.services.container import Services
from komoro_feedback.services.import_service import ImportRejected
from tests.helpers import (
    assert_policy_copies_exact,
    assert_tally_exact,
    record,
    schema_objects,
)

DATA = Path(__file__).resolve().parents[1] / "data" / "import"


def audit_rows(sv: Services) -> int:
    from sqlalchemy import func, select

    from komoro_feedback.store.models import AuditLogRow

    with sv.db.read() as s:
        return int(s.scalar(select(func.count()).select_from(AuditLogRow)) or 0)


@pytest.mark.parametrize(
    "name",
    [
        "good_utf8_bom.csv",
        "good_utf8.csv",
        "good_sjis.csv",
        "good_cp932_ascii_header.csv",
        "good_euc_jp.csv",
        "good_iso2022jp.csv",
        "good.xlsx",
    ],
)
def test_good_files_import(services: Services, name: str) -> None:
    preview = services.imports.preview(DATA / name)
    assert preview.ok, preview.problem_lines()
    result = services.imports.commit(preview)
    assert result.added == 2
    found = services.queries.search("保育園の送迎")  # the search index saw the new rows
    assert len(found.items) == 1
    c = found.items[0]
    assert c.ward_name == "乙女" and c.policy_codes == ("1-04",) and c.kind.label == "要望"
    assert c.received_on.isoformat() == "2024-05-01"
    other = services.queries.search("駐車場").items[0]
    assert other.ward_name == "大久保" and other.policy_codes == ()


@pytest.mark.parametrize(
    ("name", "expect"),
    [
        ("formula.csv", ["4行目", "5行目", "数式"]),
        ("formula.xlsx", ["3行目", "数式"]),
        ("wrong_types.csv", ["4行目", "去年の春", "5行目", "存在しない区", "9-99", "雑談"]),
        ("huge_cell.csv", ["4行目", "長すぎます"]),
        ("wrong_encoding.csv", ["文字コード"]),
        ("binary.csv", ["バイナリ"]),
        ("truncated.xlsx", ["壊れている"]),
        ("not_a_zip.xlsx", ["壊れている"]),
        ("zip_bomb.xlsx", ["zip爆弾"]),
        ("unclosed_quote_end.csv", ["4行目", "引用符"]),
        ("unclosed_quote_middle.csv", ["2行目", "引用符"]),
        ("unclosed_quote_swallows.csv", ["2行目", "引用符"]),
        ("broken_utf8.csv", ["UTF-8", "バイト目"]),
        ("gaiji_cp932.csv", ["4行目", "外字", "Shift_JIS"]),
        ("utf16.csv", ["UTF-16"]),
        ("bad_era_date.csv", ["3行目", "令和元年4月30日", "令和は2019年5月1日から"]),
    ],
)
def test_bad_files_change_nothing(services: Services, name: str, expect: list[str]) -> None:
    before = (services.queries.count(CommentFilter()), audit_rows(services))
    preview = services.imports.preview(DATA / name)
    assert not preview.ok
    message = "\n".join(preview.problem_lines())
    for word in expect:
        assert word in message, message
    with pytest.raises(ImportRejected) as info:
        services.imports.commit(DATA / name)
    assert expect[0] in str(info.value)
    assert (services.queries.count(CommentFilter()), audit_rows(services)) == before


def test_one_bad_row_stops_the_whole_file(services: Services, tmp_path: Path) -> None:
    path = tmp_path / "mixed.csv"
    rows = ["本文,区,政策コード,受付日"] + [f"意見{i},乙女,1-04,2024-05-0{i}" for i in range(1, 6)]
    rows.append("最後の行,乙女,1-04,2024-13-40")
    path.write_text("\r\n".join(rows), encoding="utf-8")
    before = services.queries.count(CommentFilter())
    preview = services.imports.preview(path)
    assert [r.line for r in preview.problem_rows] == [7]
    with pytest.raises(ImportRejected):
        services.imports.commit(preview)
    assert services.queries.count(CommentFilter()) == before


def test_ward_and_policy_by_name_or_code_and_new_meetings(
    services: Services, tmp_path: Path
) -> None:
    policy = services.catalog.policy_by_code("3-02")
    ward = services.catalog.ward_by_name("大久保")
    wb = Workbook()
    ws = wb.active
    ws.append(["受付日", "区", "地区", "政策コード", "政策名", "本文", "会議名", "種別", "状態"])
    ws.append(
        [
            "2024-06-01",
            str(ward.id),
            "川辺",
            "",
            policy.title,
            "名前で照合",
            "紙の会",
            "質問",
            "回答済",
        ]
    )
    ws.append(["2024/06/01", " 大久保 ", "", "3-02、1-04", "", "空白つきの区", "紙の会", "", ""])
    path = tmp_path / "names.xlsx"
    wb.save(path)
    preview = services.imports.preview(path)
    assert preview.ok, preview.problem_lines()
    assert preview.new_meetings == ("紙の会（2024-06-01）",)
    result = services.imports.commit(preview)
    assert (result.added, result.meetings_created) == (2, 1)
    a = services.queries.search("名前で照合").items[0]
    b = services.queries.search("空白つき").items[0]
    assert a.policy_codes == ("3-02",) and a.ward_name == "大久保" and a.status.label == "回答済"
    assert b.policy_codes == ("3-02", "1-04") and b.meeting_id == a.meeting_id
    assert a.meeting_title == "紙の会"


def test_each_row_naming_a_bad_ward_is_reported_and_the_others_match(
    services: Services, tmp_path: Path
) -> None:
    """A file repeats the same few ward cells on many rows: every row with a bad one is
    reported, a good one matches on every row, and a number or a district tells apart."""
    path = tmp_path / "wards.csv"
    rows = ["本文,区,地区,受付日"]
    rows += [f"意見{i},存在しない区,,2024-05-01" for i in range(3)]
    rows += [f"良い{i},乙女,,2024-05-01" for i in range(3)]
    rows += ["地区違い,乙女,川辺,2024-05-01", "地区違い2,乙女,川辺,2024-05-01"]
    path.write_text("\r\n".join(rows), encoding="utf-8")
    preview = services.imports.preview(path)
    bad = {r.line: r.problems for r in preview.problem_rows}
    assert sorted(bad) == [2, 3, 4, 8, 9]
    assert all("存在しない区" in "".join(bad[line]) for line in (2, 3, 4))
    assert all("川辺" in "".join(bad[line]) for line in (8, 9))
    otome = services.catalog.ward_by_name("乙女").id
    assert [r["ward_id"] for r in preview.records[3:6]] == [otome] * 3


def test_a_file_cannot_be_imported_twice(services: Services, tmp_path: Path) -> None:
    services.demo.generate(10, seed=1)
    out = tmp_path / "e.xlsx"
    services.exports.export(CommentFilter(), out)
    preview = services.imports.preview(out)
    assert len(preview.problem_rows) == 10
    assert "既に登録されています" in preview.problem_lines()[0]


def test_missing_text_column_is_a_file_problem(services: Services, tmp_path: Path) -> None:
    path = tmp_path / "nohead.csv"
    path.write_text("区,政策\r\n乙女,1-04\r\n", encoding="utf-8")
    preview = services.imports.preview(path)
    assert preview.file_problems and "本文" in preview.file_problems[0]


def test_template_round_trip(services: Services, tmp_path: Path) -> None:
    path = services.imports.write_template(tmp_path / "t.xlsx")
    preview = services.imports.preview(path)
    assert preview.ok and len(preview.rows) == 1


def test_files_in_the_repository_are_small() -> None:
    for f in DATA.iterdir():
        assert f.stat().st_size < 100_000, f


def _loaded_exactly(sv: Services, schema: set[tuple[str, str]], comments: int) -> None:
    assert sv.queries.count(CommentFilter()) == comments
    with sv.db.read() as s:
        assert s.scalar(text("SELECT count(*) FROM status_history")) == comments
    assert schema_objects(sv) == schema  # every index, key and trigger back after the load
    assert_tally_exact(sv)
    assert_policy_copies_exact(sv)
    for term in ("保育", "バス", "愛のりくん"):
        with sv.db.read() as s:
            like = {"t": f"%{normalize_for_search(term)}%"}
            scanned = set(s.scalars(text("SELECT id FROM comment WHERE search_text LIKE :t"), like))
        assert set(sv.queries.ids(CommentFilter(text=term))) == scanned


def test_a_large_file_and_a_small_one_are_loaded_exactly(
    laptop: Services, services: Services, tmp_path: Path
) -> None:
    """A file at least as big as the table is loaded with the indexes, tally and search
    rebuilt afterwards; a smaller one row by row. Both leave every row, index, tally cell,
    policy copy and search hit as a save would."""
    schema = schema_objects(services)
    record(services, "駅前の駐輪場が足りない")
    laptop.demo.generate(60, seed=11, end=date(2026, 6, 30))
    big = tmp_path / "big.xlsx"
    laptop.exports.export(CommentFilter(), big)
    assert services.imports.commit(big).added == 60  # 60 >= 1 held: the rebuilding path
    _loaded_exactly(services, schema, 61)
    assert services.queries.count(CommentFilter(text="駐輪場")) == 1

    services.demo.generate(100, seed=12, end=date(2026, 6, 30))
    small = tmp_path / "small.csv"
    rows = ["本文,区,政策コード,受付日,状態"]
    rows += [
        f"保育園のバス{i}便,乙女,1-0{1 + i % 5},2025-0{1 + i % 9}-1{i % 10},受付" for i in range(20)
    ]
    small.write_text("\r\n".join(rows), encoding="utf-8")
    assert services.imports.commit(small).added == 20  # 20 < 161 held: row by row
    _loaded_exactly(services, schema, 181)
