"""Decode a text file's bytes strictly, or refuse it naming the encoding: never mojibake.

Accepted: UTF-8 (with or without BOM), Shift_JIS (CP932), EUC-JP and ISO-2022-JP (JIS). Every
candidate is decoded strictly; when Shift_JIS and EUC-JP both decode without error (EUC-JP
bytes are often valid Shift_JIS too, as half-width katakana soup), the one that reads as
Japanese wins only by a clear margin, otherwise the file is refused.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Final

from komoro_feedback.i18n.translation import _
from komoro_feedback.services.import_table import FileRejected

UTF8: Final = "UTF-8"
UTF8_BOM: Final = "UTF-8 (BOM)"
SHIFT_JIS: Final = "Shift_JIS (CP932)"
EUC_JP: Final = "EUC-JP"
ISO_2022_JP: Final = "ISO-2022-JP"

_ESCAPES = re.compile(rb"\x1b(\$[@B]|\$\(D|\([BJI])")
# Characters no Japanese text file needs: C0/C1 controls, private use (外字), unassigned.
_BAD_CATEGORIES = {"Cc", "Co", "Cn", "Cs"}
_ALLOWED_CONTROLS = set("\t\r\n")


def decode(data: bytes) -> tuple[str, str]:
    """The text and the encoding's name; FileRejected saying why when it cannot be sure."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise FileRejected(
            _("UTF-16 のファイルは読めません。UTF-8（BOM付き）で保存し直してください。")
        )
    if b"\x00" in data:
        raise FileRejected(_("テキストではない（バイナリの）ファイルです。"))
    if data.startswith(b"\xef\xbb\xbf"):
        return _verified(_strict(data[3:], "utf-8", UTF8_BOM), UTF8_BOM)
    if data.isascii() and _ESCAPES.search(data):
        return _verified(_iso2022(data), ISO_2022_JP)
    try:
        return _verified(data.decode("utf-8"), UTF8)
    except UnicodeDecodeError as exc:
        _refuse_broken_utf8(data, exc)
    sjis = _try(data, "cp932")
    euc = _try(data, "euc_jp")
    if sjis is not None and euc is not None and sjis != euc:
        return _pick(sjis, euc)
    if sjis is not None:
        return _verified(sjis, SHIFT_JIS)
    if euc is not None:
        return _verified(euc, EUC_JP)
    raise FileRejected(
        _(
            "文字コードを判定できません（UTF-8、Shift_JIS、EUC-JP のどれとしても読めません）。"
            "UTF-8 で保存し直してください。"
        )
    )


def _strict(data: bytes, codec: str, name: str) -> str:
    try:
        return data.decode(codec)
    except UnicodeDecodeError as exc:
        raise FileRejected(_bad_bytes(name, exc.start + (3 if name == UTF8_BOM else 0))) from exc


def _iso2022(data: bytes) -> str:
    for codec in ("iso2022_jp", "iso2022_jp_ext", "iso2022_jp_2004"):
        text = _try(data, codec)
        if text is not None:
            return text
    raise FileRejected(
        _(
            "ISO-2022-JP（JIS）のファイルですが、読めない文字があります。"
            "UTF-8 で保存し直してください。"
        )
    )


def _try(data: bytes, codec: str) -> str | None:
    try:
        return data.decode(codec)
    except UnicodeDecodeError:
        return None


def _refuse_broken_utf8(data: bytes, exc: UnicodeDecodeError) -> None:
    """Mostly UTF-8 with a few bad bytes is a damaged UTF-8 file, not Shift_JIS: refuse it."""
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    good = sum(1 for ch in text if ord(ch) > 0x7F and ch != "\ufffd")
    if good >= 4 and bad * 10 <= good:
        raise FileRejected(_bad_bytes(UTF8, exc.start))


def _pick(sjis: str, euc: str) -> tuple[str, str]:
    s, e = _japanese_share(sjis), _japanese_share(euc)
    if e >= 0.9 and s < 0.6 and _kana_share(euc) >= 0.1:
        return _verified(euc, EUC_JP)
    if s >= 0.9 and e < 0.6 and _kana_share(sjis) >= 0.1:
        return _verified(sjis, SHIFT_JIS)
    raise FileRejected(
        _(
            "文字コードを判定できません（Shift_JIS とも EUC-JP とも読めます）。"
            "UTF-8 で保存し直してください。"
        )
    )


def _japanese_share(text: str) -> float:
    """Share of the non-ASCII characters that ordinary Japanese text is made of (kana, common
    kanji, full-width forms and punctuation). Mojibake is mostly half-width kana and rare kanji."""
    chars = [ch for ch in text if ord(ch) > 0x7F]
    if not chars:
        return 1.0
    return sum(1 for ch in chars if _ordinary(ch)) / len(chars)


def _kana_share(text: str) -> float:
    """Share of hiragana and full-width katakana: Japanese sentences are rarely without them,
    while kanji-only soup is what mis-decoded half-width katakana looks like."""
    chars = [ch for ch in text if ord(ch) > 0x7F]
    return sum(1 for ch in chars if 0x3041 <= ord(ch) <= 0x30FA) / max(len(chars), 1)


def _ordinary(ch: str) -> bool:
    o = ord(ch)
    if 0x3000 <= o <= 0x30FF or 0xFF01 <= o <= 0xFF60:  # punctuation, kana, full-width forms
        return True
    if 0x4E00 <= o <= 0x9FFF:  # kanji: JIS level 1 (common) only; mojibake lands in level 2
        try:
            return ch.encode("euc_jp")[0] < 0xD0
        except UnicodeEncodeError:
            return False
    return unicodedata.category(ch)[0] in "LNPS" and o < 0x3000  # e.g. ①, ×, ー, Latin-1


def _verified(text: str, name: str) -> tuple[str, str]:
    for pos, ch in enumerate(text):
        if unicodedata.category(ch) in _BAD_CATEGORIES and ch not in _ALLOWED_CONTROLS:
            raise FileRejected(
                _(
                    "{enc} として読むと、{line}行目に文字ではない値（制御文字や外字 U+{code:04X}）"
                    "があります。"
                ).format(enc=name, line=text.count("\n", 0, pos) + 1, code=ord(ch))
            )
    return text, name


def _bad_bytes(name: str, offset: int) -> str:
    return _(
        "{enc} のファイルとして読めないバイトがあります（{pos}バイト目）。"
        "ファイルが壊れていないか確かめ、UTF-8 で保存し直してください。"
    ).format(enc=name, pos=offset + 1)
