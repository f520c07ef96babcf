"""Japanese line breaking: punctuation never starts a line, opening brackets never end one."""

from __future__ import annotations

import random
import re
from datetime import date
from pathlib import Path

import pypdf

from komoro_feedback.reports.document import ReportDocument
from komoro_feedback.reports.flowables import BODY, LineBlock, measure
from komoro_feedback.reports.kinsoku import NO_LINE_END, NO_LINE_START, wrap_lines
from komoro_feedback.reports.model import ReportMeta


def one(_ch: str) -> float:
    return 1.0


def check(lines: list[str], width: float = 10) -> None:
    for i, line in enumerate(lines):
        assert len(line) <= width, line
        if i:
            assert line[0] not in NO_LINE_START, lines
        if i < len(lines) - 1:
            assert line[-1] not in NO_LINE_END, lines


def test_full_stop_that_would_start_a_line_takes_a_character_with_it() -> None:
    text = "あいうえおかきくけこ。さしすせそ"
    lines = wrap_lines(text, 10, one)
    assert lines == ["あいうえおかきくけ", "こ。さしすせそ"]
    check(lines)


def test_closing_brackets_and_commas_in_a_row_stay_off_the_line_start() -> None:
    text = "あいうえおかきく「けこ」」、さしすせそ"
    lines = wrap_lines(text, 10, one)
    check(lines)
    assert "".join(lines) == text


def test_opening_bracket_moves_to_the_next_line() -> None:
    text = "あいうえおかきくけ「こさしす」です"
    lines = wrap_lines(text, 10, one)
    assert lines[0] == "あいうえおかきくけ"
    assert lines[1].startswith("「こ")
    check(lines)


def test_latin_words_and_numbers_are_not_split() -> None:
    text = "あいうえおかき2024年度のKOMORO計画"
    lines = wrap_lines(text, 10, one)
    assert "2024" in "".join(lines[:1]) or any(line.startswith("2024") for line in lines)
    assert not any(line.endswith(("20", "202", "KOM")) for line in lines)


def test_newlines_are_kept_and_nothing_is_lost() -> None:
    text = "一行目です。\n\n三行目は少し長くて折り返しが必要になります。"
    lines = wrap_lines(text, 10, one)
    assert lines[0] == "一行目です。" and lines[1] == ""
    assert "".join(lines) == text.replace("\n", "")


def test_random_texts_obey_the_rules() -> None:
    rng = random.Random(5)
    alphabet = "あいうえおかきくけこ漢字市民意見" * 3 + "、。」）「（ー"
    for _ in range(300):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(5, 80)))
        lines = wrap_lines(text, 10, one)
        assert "".join(lines) == text
        for line in lines:
            assert len(line) <= 10


def test_lines_in_the_pdf_follow_the_rules(tmp_path: Path) -> None:
    meta = ReportMeta("禁則テスト", "", None, None, date(2024, 4, 1), "")
    doc = ReportDocument(str(tmp_path / "k.pdf"), meta, "western")
    per_line = int(doc.width // measure(BODY.size)("あ"))
    # Without kinsoku the full stop, the closing bracket and the opening bracket land badly.
    texts = [
        "あ" * (per_line - 1) + "い。" + "う" * 10,
        "か" * (per_line - 2) + "き」、" + "く" * 10,
        "さ" * (per_line - 1) + "「しすせ」" + "そ" * 10,
    ]
    doc.build_story([LineBlock([(t, BODY)]) for t in texts])
    text = pypdf.PdfReader(str(tmp_path / "k.pdf")).pages[0].extract_text()
    body = [ln for ln in text.splitlines() if re.search(r"[あいうかきくさしすせそ]", ln)]
    assert len(body) == 6, body
    for line in body:
        assert line[0] not in NO_LINE_START, line
        assert line[-1] not in NO_LINE_END, line
    assert (
        body[1].startswith("い。") and body[3].startswith("き」、") and body[5].startswith("「し")
    )
