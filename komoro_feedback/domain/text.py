"""Japanese text normalisation: search keys folded across widths and kana, stored text cleaned."""

from __future__ import annotations

import re
import unicodedata

_KATAKANA_FIRST = 0x30A1  # ァ
_KATAKANA_LAST = 0x30F4  # ヴ (ヵ and ヶ are handled in _KANA_EXTRA)
_KATA_TO_HIRA = 0x60  # ア (U+30A2) - あ (U+3042)

# Folding beyond the plain offset. ヵ/ヶ become full-size か/け rather than ゕ/ゖ because
# place names and counters are written interchangeably with ケ/ヶ/ヵ (八ヶ岳 = 八ケ岳,
# 3ヶ所 = 3ケ所); ヷヸヹヺ have no precomposed hiragana, so they become base + combining dakuten.
_KANA_EXTRA: dict[int, str] = {
    0x30F5: "か",  # ヵ
    0x30F6: "け",  # ヶ
    0x3095: "か",  # ゕ
    0x3096: "け",  # ゖ
    0x30F7: "わ\u3099",  # ヷ
    0x30F8: "ゐ\u3099",  # ヸ
    0x30F9: "ゑ\u3099",  # ヹ
    0x30FA: "を\u3099",  # ヺ
    0x30FD: "ゝ",  # ヽ
    0x30FE: "ゞ",  # ヾ
}

_KANA_TABLE: dict[int, str] = {
    **{cp: chr(cp - _KATA_TO_HIRA) for cp in range(_KATAKANA_FIRST, _KATAKANA_LAST + 1)},
    **_KANA_EXTRA,
}

# Only runs of the characters _KANA_TABLE maps are translated: str.translate looks every
# character up in the table, 0.29 s of 100,000 comments (~50 characters each) against 0.09.
_KANA_RUNS = re.compile("[" + "".join(re.escape(chr(cp)) for cp in sorted(_KANA_TABLE)) + "]+")

# Spacing (voiced) sound marks typed after a kana: NFKC would turn them into a space plus a
# combining mark, so they are made combining first and compose with the preceding kana.
_SPACING_MARKS = str.maketrans({"\u309b": "\u3099", "\u309c": "\u309a"})

_NEWLINES = re.compile(r"\r\n|[\r\u0085\u2028\u2029]")
# What clean_comment_text drops: the control characters (Unicode category Cc is exactly
# U+0000-U+001F and U+007F-U+009F) but newline and tab, and U+FEFF (a byte-order mark pasted
# from a file: format, not control, but never content). One regex instead of a Python test
# per character (a 100,000-row import spent ~1.5 s there).
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ufeff]")


def normalize_for_search(text: str) -> str:
    """Return the search key of `text`: width-, kana- and case-folded, single-spaced.

    "ﾎｲｸ", "ホイク" and "ほいく" all give "ほいく"; "保育園　ＰＴＡ" gives "保育園 pta".
    Apply it to both the stored text and the query so that they compare equal.
    """
    if "\u309b" in text or "\u309c" in text:  # rare: translate looks up every character
        text = text.translate(_SPACING_MARKS)
    folded = unicodedata.normalize("NFKC", text)
    folded = unicodedata.normalize("NFKC", folded.casefold())
    folded = _KANA_RUNS.sub(_hiragana, folded)
    if not folded.isprintable():  # fast path: most text has no control or format characters
        folded = "".join(ch for ch in folded if not _is_invisible(ch))
    return " ".join(folded.split())


def _hiragana(run: re.Match[str]) -> str:
    return run.group().translate(_KANA_TABLE)


def to_katakana(text: str) -> str:
    """Hiragana (and half-width kana) as full-width katakana: how readings are stored."""
    folded = unicodedata.normalize("NFKC", text)
    return "".join(
        chr(ord(ch) + _KATA_TO_HIRA) if "\u3041" <= ch <= "\u3096" else ch for ch in folded
    )


def search_terms(query: str) -> list[str]:
    """Split a search box entry into normalised terms, dropping empties and repeats."""
    return list(dict.fromkeys(normalize_for_search(query).split()))


def clean_comment_text(text: str) -> str:
    """Return the display text to store for a comment, keeping the citizen's own characters.

    Newlines become "\\n", control characters other than newline and tab are dropped, the text
    is NFC-composed (full-width letters and half-width kana stay as typed) and trimmed.
    """
    text = _NEWLINES.sub("\n", unicodedata.normalize("NFC", text))
    return _CONTROLS.sub("", text).strip()


def _is_invisible(ch: str) -> bool:
    # Zero-width spaces, joiners and bidi marks (Cf) break matching but are not whitespace;
    # whitespace controls (tab, newline) are kept here and collapsed by str.split().
    category = unicodedata.category(ch)
    return category == "Cf" or (category == "Cc" and not ch.isspace())
