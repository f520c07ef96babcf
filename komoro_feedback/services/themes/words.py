"""Content words of a comment (SudachiPy) and the character n-grams of its text."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from typing import Any, Final

from komoro_feedback.domain.text import normalize_for_search
from komoro_feedback.services.sudachi_tokenizer import open_tokenizer

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
_META_TEXT = "回答 返事 一言 一緒 やり方 参考 対応 連絡 具体的 冬場 特 例 改善 考え"
#: Nouns that say nothing about a topic in citizens' speech (never used for a label).
STOP_WORDS: Final = frozenset(_STOP_TEXT.split())
LABEL_STOP_WORDS: Final = STOP_WORDS | frozenset(_META_TEXT.split())


def _nfkc(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


@dataclass(frozen=True, slots=True)
class Reading:
    """What one pass of the tokenizer gives the themes engine."""

    label_nouns: list[str]  # whole compounds as written (通学路), for labels
    noun_keys: list[str]  # normalised short nouns (通学, 路), for comparing
    lemmas: frozenset[str]  # dictionary forms of all content words, for the curated words


_CONTENT = frozenset({"名詞", "動詞", "形容詞", "副詞", "形状詞", "連体詞", "接頭辞"})


class WordReader:
    """Nouns (for labels and features) and content-word lemmas of a text, in one pass.

    Uses SudachiPy with SudachiDict core (else small): whole compounds (mode C: 通学路, 防災無線)
    for labels, their short units (mode A: 通学, 路) for comparing; without the
    dictionary only character n-grams are used.
    """

    def __init__(self) -> None:
        self._short: Any = None
        self._pos: dict[int, tuple[str, str]] = {}  # part-of-speech id -> its first two levels
        # a word -> its search key; a noun's form -> its comparison key ("" for stop words):
        # a policy's comments use a few thousand words 300,000 times (0.25 s of folding)
        self._folded: dict[str, str] = {}
        self._keys: dict[str, str] = {}
        self._words: dict[int, tuple[bool, bool, tuple[tuple[str, str], ...]]] = {}
        self._labels: dict[str, str] = {}  # a compound as written -> its label ("" for none)
        # core from a pip install, small in the standalone build (before issue 12 only core
        # was tried, so the build grouped on character n-grams)
        self._tok: Any
        self._tok, self.dictionary = open_tokenizer("C")
        if self._tok is not None:
            from sudachipy import SplitMode

            self._short = SplitMode.A

    @property
    def available(self) -> bool:
        return self._tok is not None

    def read(self, text: str) -> Reading:
        if self._tok is None:
            return Reading([], [], frozenset())
        labels: list[str] = []
        keys: list[str] = []
        lemmas: set[str] = set()
        words = self._words
        for m in self._tok.tokenize(text[:2000]):
            # a dictionary word reads the same wherever it occurs: its part of speech, short
            # units and their forms are the dictionary's (3,363 texts: ~84,000 words, ~4,000
            # distinct); a word the dictionary lacks is read each time
            wid = -1 if m.is_oov() else m.word_id()
            word = words.get(wid) if wid >= 0 else None
            if word is None:
                word = self._word(m)
                if wid >= 0:
                    words[wid] = word
            content, is_label, parts = word
            if not content:
                continue
            if is_label:
                surface = m.surface()
                label = self._labels.get(surface)
                if label is None:
                    label = self._labels[surface] = _label(surface)
                if label:
                    labels.append(label)
            for lemma, key in parts:
                lemmas.add(lemma)
                if key:
                    keys.append(key)
        return Reading(labels, keys, frozenset(lemmas))

    def _word(self, m: Any) -> tuple[bool, bool, tuple[tuple[str, str], ...]]:
        """(a content word?, a noun for labels?, (folded lemma, comparison key) per short
        unit kept)."""
        pos = self._pos_of(m)
        if pos[0] not in _CONTENT:
            return False, False, ()
        is_label = pos[0] == "名詞" and pos[1] not in ("数詞", "代名詞")
        parts: list[tuple[str, str]] = []
        for part in m.split(self._short) or [m]:
            ppos = self._pos_of(part)
            if ppos[0] not in _CONTENT or ppos[1] in ("非自立可能", "数詞"):
                continue
            form = part.normalized_form()
            key = ""
            if ppos[0] == "名詞" and ppos[1] != "代名詞":
                key = self._keys.get(form)  # type: ignore[assignment]
                if key is None:
                    key = self._keys[form] = _key(form)
            parts.append((self.fold(form), key))
        return True, is_label, tuple(parts)

    def fold(self, word: str) -> str:
        """normalize_for_search(word), remembered for the reader's life."""
        folded = self._folded.get(word)
        if folded is None:
            folded = self._folded[word] = normalize_for_search(word)
        return folded

    def _pos_of(self, m: Any) -> tuple[str, str]:
        """Cached: building the part-of-speech tuple of every token costs more than the rest."""
        pid = m.part_of_speech_id()
        pos = self._pos.get(pid)
        if pos is None:
            full = m.part_of_speech()
            pos = self._pos[pid] = (full[0], full[1])
        return pos


def _label(word: str) -> str:
    if word in LABEL_STOP_WORDS or _DIGITS.match(word) or len(word) < 2:
        return ""
    if _HIRAGANA.match(word):
        return ""
    return _nfkc(word) if word.isascii() else word


def _key(word: str) -> str:
    if word in STOP_WORDS or _DIGITS.match(word) or (_HIRAGANA.match(word) and len(word) < 3):
        return ""
    return normalize_for_search(word)


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
