"""Encoding detection reads Japanese text right or refuses it by name; it never guesses."""

from __future__ import annotations

import pytest

from komoro_feedback.services.import_encoding import decode
from komoro_feedback.services.import_table import FileRejected

TEXT = "本文,区\r\n保育園の送迎で道が混むので対策を,乙女\r\n公民館の駐車場を広げてほしい,大久保\r\n"


@pytest.mark.parametrize(
    ("codec", "name"),
    [
        ("utf-8", "UTF-8"),
        ("utf-8-sig", "UTF-8 (BOM)"),
        ("cp932", "Shift_JIS (CP932)"),
        ("euc_jp", "EUC-JP"),
        ("iso2022_jp", "ISO-2022-JP"),
    ],
)
def test_each_encoding_reads_back_the_same_text(codec: str, name: str) -> None:
    assert decode(TEXT.encode(codec)) == (TEXT, name)


def test_half_width_katakana_in_shift_jis_is_kept() -> None:
    text = "氏名,区\r\nｺﾓﾛｼ ﾔｸｼｮ,乙女\r\n"
    assert decode(text.encode("cp932")) == (text, "Shift_JIS (CP932)")


def test_euc_jp_is_never_read_as_shift_jis_mojibake() -> None:
    data = "ひらがなとカタカナと漢字のまじった意見です\r\n".encode("euc_jp")
    assert data.decode("cp932")  # the trap: these bytes are valid Shift_JIS too
    assert decode(data)[1] == "EUC-JP"


def test_bytes_that_read_both_ways_without_a_clear_winner_are_refused() -> None:
    # Half-width katakana pairs in Shift_JIS that are also valid EUC-JP kanji.
    data = "ｱｲｳｴｵｶｷｸｹｺ".encode("cp932")
    with pytest.raises(FileRejected) as info:
        decode(data)
    assert "Shift_JIS" in str(info.value) and "EUC-JP" in str(info.value)


def test_utf8_with_one_bad_byte_is_refused_not_read_as_shift_jis() -> None:
    data = TEXT.encode() + b"\x80\r\n"
    with pytest.raises(FileRejected) as info:
        decode(data)
    assert "UTF-8" in str(info.value) and f"{len(TEXT.encode()) + 1}バイト目" in str(info.value)


def test_control_characters_are_refused() -> None:
    with pytest.raises(FileRejected, match="2行目"):
        decode("本文\r\nベル\x07の入った意見\r\n".encode())
