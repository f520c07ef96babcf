"""Content words of a comment (SudachiPy) and the character n-grams of its text."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from typing import Any, Final

from komoro_feedback.domain.text import normalize_for_search

_BREAKS = re.compile(r"[\s、。，．,.!?！？「」『』（）()【】［］\[\]・…:：;；\"'“”‘’/／~〜]+")
_HIRAGANA = re.compile(r"^[\u3041-\u309f]+$")
_DIGITS = re.compile(r"^[0-9０-９一二三四五六七八九十百千万]+$")
_STOP_TEXT = """
こと もの ため よう ところ 方 人 市 小諸 小諸市 今 前 後 時 とき
中 何 誰 どこ 毎年 今年 去年 昔 以上 場所 必要 心配 大変 不安
お願い 検討 工夫 仕組み 支援 補助 説明 問題 話 声 区 地区 地域 近く
近所 家 うち 方法 理由 状態 他 みんな 自分 本当 一つ 一人 二人 何度
何人 回数 多く 少し 以外 周り 前回 今後 予定 話題 立場 気持ち 意見
要望 お世話 タウン ミーティング タウンミーティング 者 様 皆さん 集まり
最近 以前
"""
#: Words about the exchange itself (回答をください, 返事がない): kept for comparing, since
#: they carry a little signal, but never shown as a theme's label.
_META_TEXT = "回答 返事 一言 一緒 やり方 参考 対応 連絡"
#: Nouns that say nothing about a topic in citizens' speech (never used for a label).
STOP_WORDS: Final = frozenset(_STOP_TEXT.split())
LABEL_STOP_WORDS: Final = STOP_WORDS | frozenset(_META_TEXT.split())


def _nfkc(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


class WordReader:
    """Nouns (for labels and features) and other content words (features only) of a text.

    Uses SudachiPy with sudachidict_core when installed: short units (mode A: 通学, 路) for
    comparing, whole compounds (mode C: 通学路, 防災無線) for labels; without the dictionary
    only character n-grams are used.
    """

    def __init__(self) -> None:
        self._tok: Any = None
        self._short: Any = None
        try:
            from sudachipy import Dictionary, SplitMode

            dictionary = Dictionary(dict="core")
            make = getattr(dictionary, "tokenizer", None) or dictionary.create
            self._tok = make(mode=SplitMode.C)
            self._short = make(mode=SplitMode.A)
        except Exception:  # no dictionary package: n-grams only
            self._tok = None

    @property
    def available(self) -> bool:
        return self._tok is not None

    def words(self, text: str) -> tuple[list[str], list[str]]:
        """(nouns as written, for labels; normalised short nouns, for comparing)."""
        if self._tok is None:
            return [], []
        text = text[:2000]
        return self._nouns(self._tok, text, surface=True), self._nouns(self._short, text)

    @staticmethod
    def _nouns(tok: Any, text: str, *, surface: bool = False) -> list[str]:
        out = []
        for m in tok.tokenize(text):
            pos = m.part_of_speech()
            if pos[0] != "名詞" or pos[1] in ("数詞", "代名詞"):
                continue
            word = m.surface() if surface else m.normalized_form()
            if word in (LABEL_STOP_WORDS if surface else STOP_WORDS) or _DIGITS.match(word):
                continue
            if surface:
                if len(word) >= 2 and not _HIRAGANA.match(word):
                    out.append(_nfkc(word) if word.isascii() else word)
            elif not (_HIRAGANA.match(word) and len(word) < 3):
                out.append(normalize_for_search(word))
        return out


def char_ngrams(text: str) -> Counter[str]:
    """Character 2- and 3-grams of the folded text, without runs of pure hiragana."""
    out: Counter[str] = Counter()
    for run in _BREAKS.split(normalize_for_search(text)):
        for n in (2, 3):
            for i in range(len(run) - n + 1):
                piece = run[i : i + n]
                if not _HIRAGANA.match(piece):
                    out[piece] += 1
    return out
