"""Japanese search normalisation and the cleaning of stored comment text."""

from __future__ import annotations

import random
import unicodedata

import pytest

from komoro_feedback.domain.text import clean_comment_text, normalize_for_search, search_terms
from komoro_feedback.services.demo_text import BODIES, TOPICS, demo_comment


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Katakana, half-width katakana and hiragana meet in hiragana.
        ("ﾎｲｸ", "ほいく"),
        ("ホイク", "ほいく"),
        ("ほいく", "ほいく"),
        # Half-width voiced/semi-voiced marks compose with their kana; small kana stay small.
        ("ｶﾞｯｺｳ", "がっこう"),
        ("ガッコウ", "がっこう"),
        ("ﾊﾟﾝ", "ぱん"),
        ("ﾋﾟｰﾏﾝ", "ぴーまん"),
        # Spacing marks typed after a kana (か゛) compose too instead of leaving a space.
        ("か゛っこう", "がっこう"),
        ("ハ゜ン", "ぱん"),
        # ヴ has a hiragana form; ヷ does not and becomes わ + combining dakuten.
        ("ヴァイオリン", "ゔぁいおりん"),
        ("ｳﾞｧｲｵﾘﾝ", "ゔぁいおりん"),
        ("ヷ", "わ\u3099"),
        # The long vowel mark is kept, from full and half width alike.
        ("コーヒー", "こーひー"),
        ("ｺｰﾋｰ", "こーひー"),
        ("スーパー", "すーぱー"),
        # Iteration marks fold like the kana they repeat.
        ("ヽヾ", "ゝゞ"),
        # Small ヶ/ヵ fold to full-size け/か: 八ヶ岳 and 八ケ岳 are the same mountain.
        ("八ヶ岳", "八け岳"),
        ("八ケ岳", "八け岳"),
        ("3ヵ所", "3か所"),
        # Kanji are untouched; mixed scripts fold piece by piece.
        ("小諸市役所", "小諸市役所"),
        ("保育園　ＰＴＡ", "保育園 pta"),
        ("小諸ｺﾐｭﾆﾃｨｰバス２号", "小諸こみゅにてぃーばす2号"),
        ("ＳＤＧｓ推進", "sdgs推進"),
        # Latin letters: full width to ASCII, case folded (including ß).
        ("ＡＢＣ１", "abc1"),
        ("Komoro CITY", "komoro city"),
        ("Straße", "strasse"),
        # Digits of every width become ASCII; compatibility forms are decomposed.
        ("１２３４５", "12345"),
        ("令和６年", "令和6年"),
        ("①", "1"),
        ("㈱浅間", "(株)浅間"),
        ("㎡", "m2"),
        # Whitespace runs of any kind, including U+3000, collapse to one space and are trimmed.
        ("  浅間山\u3000\u3000の\t噴火\n対策  ", "浅間山 の 噴火 対策"),
        ("\u3000", ""),
        ("", ""),
        # Invisible characters that would break matching are dropped.
        ("ほ\u200bいく", "ほいく"),
        ("\ufeffほいく", "ほいく"),
        ("ほい\x07く", "ほいく"),
    ],
)
def test_normalize_for_search(text: str, expected: str) -> None:
    assert normalize_for_search(text) == expected


def test_normalize_for_search_makes_the_spellings_of_a_word_equal() -> None:
    spellings = ["ﾎｲｸｴﾝ", "ホイクエン", "ほいくえん", "ﾎｲｸエン"]
    assert {normalize_for_search(s) for s in spellings} == {"ほいくえん"}


def _folded_per_character(text: str) -> str:
    """normalize_for_search as it was written before its fast paths (search keys already
    stored were made by it, so the two must agree everywhere)."""
    from komoro_feedback.domain import text as t

    folded = unicodedata.normalize("NFKC", text.translate(t._SPACING_MARKS))
    folded = unicodedata.normalize("NFKC", folded.casefold()).translate(t._KANA_TABLE)
    if not folded.isprintable():
        folded = "".join(ch for ch in folded if not t._is_invisible(ch))
    return " ".join(folded.split())


def test_search_keys_are_those_already_stored_for_every_character() -> None:
    """Every character of the Basic Multilingual Plane alone, after a kana, and before a
    spacing sound mark; runs of kana of both scripts and widths; the demo texts."""
    chars = [chr(cp) for cp in range(0x10000) if not 0xD800 <= cp <= 0xDFFF]
    texts = [*chars, *("カ" + c for c in chars), *(c + "\u309b" for c in chars)]
    texts += [
        "ヷヸヹヺヽヾヵヶゕゖ",
        "ｶﾞｯｺｳ゛ヴァイオリン゜ホ゜",
        "ﾊﾟﾝとパンとぱん",
        "八ヶ岳　ＰＴＡ",
    ]
    kinds, codes = sorted(BODIES), sorted(TOPICS)
    texts += [
        demo_comment(random.Random(i), codes[i % len(codes)], kinds[i % len(kinds)], "耳取")
        for i in range(300)
    ]
    assert [normalize_for_search(x) for x in texts] == [_folded_per_character(x) for x in texts]


def test_normalize_for_search_is_idempotent() -> None:
    for text in ["ｶﾞｯｺｳ　ＰＴＡ", "ヴァイオリン", "八ヶ岳", "Straße", "か゛"]:
        once = normalize_for_search(text)
        assert normalize_for_search(once) == once


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("保育園　ＰＴＡ", ["保育園", "pta"]),
        ("  ﾎｲｸ ほいく ホイク  ", ["ほいく"]),
        ("道路 除雪 道路", ["道路", "除雪"]),
        ("Bus bus ＢＵＳ", ["bus"]),
        ("\u3000 \t", []),
        ("", []),
    ],
)
def test_search_terms(query: str, expected: list[str]) -> None:
    assert search_terms(query) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Surrounding whitespace, ideographic space included, is trimmed; inner text is kept.
        ("  道路の補修をお願いします。\u3000\n", "道路の補修をお願いします。"),
        # Newlines of every convention become \n.
        ("一行目\r\n二行目\r三行目\n四行目", "一行目\n二行目\n三行目\n四行目"),
        ("段落\u2028段落\u2029段落\u0085終", "段落\n段落\n段落\n終"),
        # Controls other than newline and tab are removed; tab stays.
        ("項目\tあり\x00\x07\x1b[0m", "項目\tあり[0m"),
        ("\ufeff冒頭のBOM", "冒頭のBOM"),
        # The citizen's forms are kept: full-width letters, half-width kana, circled digits.
        ("ＰＴＡの件", "ＰＴＡの件"),
        ("ｶﾞｯｺｳ", "ｶﾞｯｺｳ"),
        ("①ごみ ②道路", "①ごみ ②道路"),
        # Decomposed kana (as pasted from some Mac files) are composed (NFC).
        ("か\u3099っこう", "がっこう"),
        # Blank lines inside the text survive; only the ends are trimmed.
        ("\n\n意見\n\n回答\n\n", "意見\n\n回答"),
        ("  \t \n ", ""),
    ],
)
def test_clean_comment_text(text: str, expected: str) -> None:
    assert clean_comment_text(text) == expected


def test_cleaning_drops_exactly_the_control_characters_but_newline_and_tab() -> None:
    """Over every code point, the same text as testing each character's category (what
    clean_comment_text did before one regex replaced the per-character test)."""
    import re
    import unicodedata

    def one_by_one(text: str) -> str:
        text = re.sub(r"\r\n|[\r\u0085\u2028\u2029]", "\n", unicodedata.normalize("NFC", text))
        return "".join(
            ch
            for ch in text
            if ch in "\n\t" or not (unicodedata.category(ch) == "Cc" or ch == "\ufeff")
        ).strip()

    every = "".join(chr(cp) for cp in range(0x110000) if not 0xD800 <= cp <= 0xDFFF)
    assert clean_comment_text(every) == one_by_one(every)
    assert clean_comment_text("\ufeff 保育園\x07の\tバス\r\n ") == "保育園の\tバス"
