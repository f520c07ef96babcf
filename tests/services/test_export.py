"""Export to xlsx/CSV: what the sheets hold, formula neutralising, personal data only on request."""

from __future__ import annotations

import csv
import io
import shutil
from datetime import date
from pathlib import Path

from openpyxl import load_workbook

from komoro_feedback.domain.comment import Comment, CommentDraft, SpeakerContact
from komoro_feedback.domain.enums import Channel, CommentKind
from komoro_feedback.domain.query import CommentFilter, CommentQuery, SortKey
from komoro_feedback.services.actor import Actor
from komoro_feedback.services.container import Services
from komoro_feedback.store.database import Database
from tests.helpers import PURPOSE

EVIL = ['=HYPERLINK("http://x","y")', "+1+2", "-3+4", "@SUM(A1)"]


def record(sv: Services, text: str, speaker: SpeakerContact | None = None) -> Comment:
    return sv.comments.record(
        CommentDraft(
            text=text,
            kind=CommentKind.REQUEST,
            ward_id=sv.catalog.ward_by_name("乙女").id,
            policy_ids=(sv.catalog.policy_by_code("1-04").id, sv.catalog.policy_by_code("2-01").id),
            channel=Channel.LETTER,
            received_on=date(2024, 5, 1),
            speaker=speaker,
        )
    )


def all_comments(sv: Services) -> list[Comment]:
    page = sv.queries.page(CommentQuery(sort=SortKey.RECEIVED, descending=False, limit=10_000))
    return list(page.items)


def test_xlsx_has_comments_and_counts(services: Services, tmp_path: Path) -> None:
    services.demo.generate(60, seed=2)
    record(services, "書き出しの確認", SpeakerContact("小諸一郎", "090-0000-1111"))
    out = tmp_path / "all.xlsx"
    result = services.exports.export(CommentFilter(), out, "xlsx")
    assert result.rows == services.queries.count(CommentFilter()) == 61
    wb = load_workbook(out)
    assert wb.sheetnames == ["意見", "件数"]
    rows = list(wb["意見"].iter_rows(values_only=True))
    header = list(rows[0])
    assert header[:5] == ["ID", "受付日", "区", "地区", "政策コード"]
    assert "氏名" not in header and "連絡先" not in header
    mine = next(r for r in rows if r[header.index("本文")] == "書き出しの確認")
    assert mine[header.index("政策コード")] == "1-04、2-01"
    assert mine[header.index("区")] == "乙女"
    assert "子育て" in mine[header.index("政策名")] or mine[header.index("政策名")]
    assert not any("小諸一郎" in str(v) for r in rows for v in r)
    counts = list(wb["件数"].iter_rows(values_only=True))
    total_row = next(r for r in counts if r[1] == "合計")
    assert total_row[-1] == 61


def test_personal_data_only_when_asked(services: Services, tmp_path: Path) -> None:
    record(services, "個人情報つき", SpeakerContact("小諸一郎", "090-0000-1111"))
    out = tmp_path / "p.csv"
    services.exports.export(CommentFilter(), out, "csv", with_personal_data=True, purpose=PURPOSE)
    rows = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    assert rows[0][-2:] == ["氏名", "連絡先"]
    assert rows[1][-2:] == ["小諸一郎", "090-0000-1111"]


def test_personal_data_inside_the_text_is_masked_unless_asked_for(
    services: Services, tmp_path: Path
) -> None:
    text = "小諸一郎です。折り返しは090-1234-5678かichiro@example.jpへ"
    record(services, text, SpeakerContact("小諸 一郎", ""))
    masked, full = tmp_path / "masked.csv", tmp_path / "full.csv"
    services.exports.export(CommentFilter(), masked, "csv")
    services.exports.export(CommentFilter(), full, "csv", with_personal_data=True, purpose=PURPOSE)
    masked_rows = list(csv.reader(io.StringIO(masked.read_text(encoding="utf-8-sig"))))
    full_rows = list(csv.reader(io.StringIO(full.read_text(encoding="utf-8-sig"))))
    col = masked_rows[0].index("本文")
    assert masked_rows[1][col] == "［氏名］です。折り返しは［電話番号］か［メール］へ"
    assert full_rows[1][col] == text


def test_formula_like_cells_are_neutralised(services: Services, tmp_path: Path) -> None:
    for text in EVIL:
        record(services, text)
    xlsx, csv_path = tmp_path / "e.xlsx", tmp_path / "e.csv"
    services.exports.export(CommentFilter(), xlsx, "xlsx")
    services.exports.export(CommentFilter(), csv_path, "csv")
    ws = load_workbook(xlsx)["意見"]
    col = [c.value for c in ws[1]].index("本文") + 1
    cells = [ws.cell(r, col) for r in range(2, ws.max_row + 1)]
    assert all(c.data_type == "s" for c in cells)
    stored = {c.text for c in all_comments(services)}
    assert all(str(c.value).startswith("'") for c in cells), [c.value for c in cells]
    assert len(cells) == len(stored)
    raw = csv_path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    texts = [r[10] for r in csv.reader(io.StringIO(raw.decode("utf-8-sig")))][1:]
    assert all(t.startswith("'") for t in texts)


def test_round_trip_into_an_empty_database(
    services: Services, sqlite_template: Path, tmp_path: Path
) -> None:
    services.demo.generate(80, seed=4)
    record(services, "=1+1 と書いた方がいた")
    record(services, "複数の政策にまたがる意見、「かぎかっこ」付き")
    out = tmp_path / "rt.xlsx"
    services.exports.export(CommentFilter(), out, "xlsx")
    empty = tmp_path / "empty.sqlite3"
    shutil.copy(sqlite_template, empty)
    target = Services.build(Database(f"sqlite:///{empty}"), Actor("取込"))
    try:
        preview = target.imports.preview(out)
        assert preview.ok, preview.problem_lines()[:5]
        target.imports.commit(preview)

        def key(c: Comment) -> tuple[object, ...]:
            return (
                c.id, c.text, c.kind, c.status, c.received_on, c.ward_name, c.policy_codes,
                c.department_name, c.answer, c.answered_on, c.due_on, c.meeting_title,
                c.channel, c.needs_answer,
            )  # fmt: skip

        assert sorted(map(key, all_comments(target))) == sorted(map(key, all_comments(services)))
        assert target.queries.count(CommentFilter(text="かぎかっこ")) == 1
    finally:
        target.close()


def test_neutralise_covers_tab_and_carriage_return() -> None:
    from komoro_feedback.services.sheet_format import neutralise, unescape

    for value in [*EVIL, "\tx", "\rx"]:
        assert neutralise(value) == "'" + value
        assert unescape(neutralise(value)) == value
    assert neutralise("普通の文") == "普通の文"
    assert unescape("'普通") == "'普通"
