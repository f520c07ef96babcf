"""Japanese line breaking: punctuation never starts a line, opening brackets never end one."""

from __future__ import annotations

import json
import random
import re
from datetime import date
from pathlib import Path

import pypdf

from komoro_feedback.reports.document import ReportDocument
from komoro_feedback.reports.flowables import BODY, KEEP_WHOLE_LINES, LineBlock, measure
from komoro_feedback.reports.kinsoku import (
    NO_LINE_END,
    NO_LINE_START,
    TITLE_MIN_LAST,
    wrap_lines,
    wrap_title,
)
from komoro_feedback.reports.model import ReportMeta

PROGRAMME = Path(__file__).resolve().parents[2] / "resources/programmes/komoro-mirai-2024.json"


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


def test_a_title_never_leaves_a_short_tail_alone() -> None:
    text = "あ" * 30 + "ます"  # the greedy break leaves 「す」 alone on the last line
    assert wrap_lines(text, 31, one)[-1] == "す"
    lines = wrap_title(text, 31, one)
    assert "".join(lines) == text and len(lines[-1]) >= TITLE_MIN_LAST
    assert all(len(line) <= 31 for line in lines)


def test_a_title_breaks_after_a_phrase_when_one_is_near() -> None:
    text = (
        "若者・子育て世代の希望を実現するため、出会いや結婚、子育てまでの支援の充実に取り組みます"
    )
    lines = wrap_title(text, 30, one)
    assert lines[0].endswith("、") and "".join(lines) == text
    check(lines, 30)


def test_every_policy_title_wraps_without_a_short_tail(tmp_path: Path) -> None:
    from komoro_feedback.reports.flowables import H2

    meta = ReportMeta("t", "", None, None, date(2024, 4, 1), "")
    width = ReportDocument(str(tmp_path / "t.pdf"), meta, "western").width
    programme = json.loads(PROGRAMME.read_text(encoding="utf-8"))
    titles = [
        f"{p['code']}　★継続　{p['title']}" for pl in programme["pillars"] for p in pl["policies"]
    ]
    assert len(titles) == 67
    m = measure(H2.size)
    for title in titles:
        lines = wrap_title(title, width, m)
        assert "".join(lines) == title
        assert all(m.text_width(line) <= width for line in lines), title
        if len(lines) > 1:
            assert len(lines[-1]) >= TITLE_MIN_LAST, lines


def _block(n: int) -> LineBlock:
    block = LineBlock([("\n".join(f"行{i}" for i in range(n)), BODY)], space_after=0)
    block.wrap(400, 10_000)
    return block


def test_a_long_item_split_across_pages_keeps_two_lines_on_each_side() -> None:
    block = _block(12)
    parts = block.split(400, BODY.leading * 11.5)  # room for 11 of its 12 lines
    first, rest = (p._lines for p in parts)
    assert len(first) == 10 and len(rest) == 2
    assert block.split(400, BODY.leading * 1.5) == []  # one line alone: move it whole


def test_a_short_item_is_never_split() -> None:
    assert _block(KEEP_WHOLE_LINES).split(400, BODY.leading * 3.5) == []


def _fitting_one_by_one(text: str, start: int, width: float, m: object) -> int:
    """How the wrapper used to find a line's end: adding widths one character at a time."""
    used, i = 0.0, start
    while i < len(text):
        w = m(text[i])  # type: ignore[operator]
        if used + w > width and i > start:
            break
        used += w
        i += 1
    return i - start


def test_lines_end_where_adding_widths_one_by_one_ends_them() -> None:
    """The summed-at-once line end equals the one-by-one one, at the exact edge too."""
    from komoro_feedback.reports.kinsoku import _fitting

    m = measure(BODY.size)
    rng = random.Random(5)
    alphabet = "あいう漢字、。「」（）ABC abc 123.-/ｱｲｳ％" + "長" * 5
    for _ in range(400):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 400)))
        start = rng.randrange(len(text))
        widths = m.widths(text)
        exact = sum(widths[start : start + rng.randint(1, 60)])  # a line that fits exactly
        for width in (exact, exact - 0.01, rng.uniform(1, 400), 0.5):
            assert _fitting(widths, start, width) == _fitting_one_by_one(text, start, width, m)
