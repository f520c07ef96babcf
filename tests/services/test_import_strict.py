"""Files the importer used to read wrongly without a word (issue 12): now read right or refused."""

from __future__ import annotations

import zipfile
from datetime import date
from pathlib import Path

import pytest

from komoro_feedback.domain.query import CommentFilter
from komoro_feedback.services.container import Services
from komoro_feedback.services.import_service import ImportRejected
from komoro_feedback.services.import_table import MAX_ROWS
from komoro_feedback.services.xlsx_writer import XlsxWriter

DATA = Path(__file__).resolve().parents[1] / "data" / "import"


def test_city_dates_import_as_written(services: Services) -> None:
    preview = services.imports.preview(DATA / "city_dates.csv")
    assert preview.ok, preview.problem_lines()
    services.imports.commit(preview)
    expected = [
        date(2024, 5, 1),  # ２０２４／５／１
        date(2024, 5, 1),  # 2024/5/1 9:00
        date(2024, 5, 1),  # 令和6年5月1日
        date(2019, 5, 1),  # 令和元年5月1日
        date(2019, 4, 30),  # 平成31年4月30日
        date(2024, 5, 1),  # R6.5.1
        date(2019, 4, 30),  # H31.4.30
    ]
    got = [services.queries.search(f"日付の書き方{i}").items[0].received_on for i in range(7)]
    assert got == expected


@pytest.mark.parametrize("name", ["stale_dimension.xlsx", "rows_past_dimension.xlsx"])
def test_xlsx_rows_beyond_the_stated_dimension_are_read(services: Services, name: str) -> None:
    with zipfile.ZipFile(DATA / name) as z:
        sheet = z.read("xl/worksheets/sheet1.xml")
    assert b'<dimension ref="A1:E2"' in sheet or b'<dimension ref="A1:E3"' in sheet
    preview = services.imports.preview(DATA / name)
    assert preview.ok, preview.problem_lines()
    expected = 3 if name.startswith("stale") else 60
    assert services.imports.commit(preview).added == expected
    assert services.queries.count(CommentFilter()) == expected
    last = "図書館の開館時間" if expected == 3 else "意見その60"
    assert len(services.queries.search(last).items) == 1


def test_a_quoted_comment_over_several_lines_still_imports(services: Services) -> None:
    preview = services.imports.preview(DATA / "multiline_ok.csv")
    assert preview.ok, preview.problem_lines()
    assert [r.line for r in preview.rows] == [2, 4]  # the row where each record begins
    services.imports.commit(preview)
    assert len(services.queries.search("読点はカンマ").items) == 1


def test_too_many_rows_past_a_stale_dimension_are_counted_and_refused(
    services: Services, tmp_path: Path
) -> None:
    plain = tmp_path / "plain.xlsx"
    header = ["本文", "区", "政策コード", "種別", "受付日"]
    rows = (["意見", "乙女", "1-04", "要望", "2024-05-01"] for _ in range(MAX_ROWS + 1))
    writer = XlsxWriter(plain)
    writer.add_sheet("意見", [header, *rows])
    writer.close()
    path = tmp_path / "lying.xlsx"
    with zipfile.ZipFile(plain) as zin, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b"<sheetData>", b'<dimension ref="A1:E3"/><sheetData>', 1)
            zout.writestr(info, data)
    preview = services.imports.preview(path)
    assert not preview.ok
    assert "行が多すぎます" in preview.problem_lines()[0]
    with pytest.raises(ImportRejected):
        services.imports.commit(preview)
    assert services.queries.count(CommentFilter()) == 0
