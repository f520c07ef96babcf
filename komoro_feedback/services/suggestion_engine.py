"""The text side of policy suggestion: normalised keys, character n-grams, BM25, keyword hits.

Pure Python, no database and no Qt, so that it can be measured and tested on its own. Japanese
has no spaces between words, so documents are compared on character n-grams of the
width/kana-folded text; runs of pure hiragana (particles and verb endings) carry little meaning
and are left out. Curated everyday words are matched as substrings; loanwords written in
katakana only match katakana (バス must not match the verb ending of 延ばす).
"""

from __future__ import annotations

import math
import os
import re
import unicodedata
from collections import Counter
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass

from komoro_feedback.domain.text import normalize_for_search

#: Characters that end a run of text for n-grams (punctuation, brackets, digits are kept).
_BREAKS = re.compile(r"[\s、。，．,.!?！？「」『』（）()【】［］\[\]・…:：;；\"'“”‘’/／~〜]+")
LEMMA_FEATURES = True
KANJI_UNIGRAMS = True
SPLIT_MODE = "A"
LEMMA_KEYWORDS = True
_HIRAGANA = re.compile(r"^[\u3041-\u309f]+$")
_KATAKANA = re.compile(r"^[\u30a0-\u30ff]+$")


def _is_kanji(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff" or ch in "々〆ヶ"


@dataclass(frozen=True, slots=True)
class TextKeys:
    """One text in the forms matching needs."""

    wide: str  # NFKC, case-folded, spelling variants applied; kana kept as written
    folded: str  # normalize_for_search(wide): hiragana and katakana meet
    lemmas: frozenset[str] = frozenset()  # dictionary forms of its content words, if known


#: Which SudachiDict to use: core (a pip install), else small (the standalone build ships
#: small: 193 MB less; bench/README.md has what it costs in accuracy). For measuring:
#: KOMORO_SUDACHI_DICT=small|core.
DICTIONARIES = ("core", "small")


def dictionary_preference() -> tuple[str, ...]:
    chosen = os.environ.get("KOMORO_SUDACHI_DICT", "")
    return (chosen,) if chosen else DICTIONARIES


class Lemmatizer:
    """Dictionary forms of content words (SudachiPy + sudachidict_core), or nothing.

    預けたい → 預ける, 繋がらない/つながらない → 繋がる: the curated words then match
    conjugated and differently written forms. Without the package the suggestions still work,
    on substrings and n-grams only.
    """

    CONTENT = frozenset({"名詞", "動詞", "形容詞", "副詞", "形状詞", "連体詞", "接頭辞"})

    def __init__(self) -> None:
        # imported here: sudachi_tokenizer imports dictionary_preference from this module
        from komoro_feedback.services.sudachi_tokenizer import open_tokenizer

        # none installed: substrings and n-grams only
        self._tokenizer, self.dictionary = open_tokenizer(SPLIT_MODE)

    @property
    def available(self) -> bool:
        return self._tokenizer is not None

    def lemmas(self, text: str) -> frozenset[str]:
        if self._tokenizer is None or not text:
            return frozenset()
        out = set()
        for m in self._tokenizer.tokenize(text[:2000]):
            pos = m.part_of_speech()
            # する, ある, こと, もの ... (非自立可能) carry no topic.
            if pos[0] not in self.CONTENT or pos[1] == "非自立可能" or pos[1] == "数詞":
                continue
            lemma = normalize_for_search(m.normalized_form())
            if lemma:
                out.add(lemma)
        return frozenset(out)


class Variants:
    """Spellings folded to one form before anything else (子供/こども → 子ども)."""

    def __init__(
        self, groups: Iterable[Sequence[str]] = (), lemmatizer: Lemmatizer | None = None
    ) -> None:
        self.lemmatizer = lemmatizer
        pairs: list[tuple[str, str]] = []
        for group in groups:
            target = _wide(group[0])
            pairs.extend((_wide(v), target) for v in group[1:] if _wide(v) != target)
        # Longest first so that スマートフォン is replaced before a shorter form inside it.
        self.pairs = sorted(pairs, key=lambda p: -len(p[0]))

    def keys(self, text: str) -> TextKeys:
        wide = _wide(text)
        for source, target in self.pairs:
            if source in wide:
                wide = wide.replace(source, target)
        lemmas = self.lemmatizer.lemmas(wide) if self.lemmatizer else frozenset()
        return TextKeys(wide, normalize_for_search(wide), lemmas)


def _wide(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def features(keys: TextKeys) -> Counter[str]:
    """Character 2- and 3-grams (plus single kanji) of the folded text, without particles."""
    out: Counter[str] = Counter()
    wide_runs = [r for r in _BREAKS.split(keys.wide) if r]
    for run in wide_runs:
        folded = normalize_for_search(run)
        same = len(folded) == len(run)
        for i, ch in enumerate(run):
            if KANJI_UNIGRAMS and _is_kanji(ch):
                out[folded[i] if same else ch] += 1
        for n in (2, 3):
            for i in range(len(run) - n + 1):
                piece = run[i : i + n]
                if _HIRAGANA.match(piece):
                    continue
                out[folded[i : i + n] if same else normalize_for_search(piece)] += 1
    for lemma in keys.lemmas if LEMMA_FEATURES else ():
        out["w:" + lemma] += 2  # a whole word says more than one of its n-grams
    return out


class Bm25Index:
    """Okapi BM25 over documents given as feature counts; documents can be added and removed."""

    def __init__(self, k1: float = 1.2, b: float = 0.75) -> None:
        self.k1 = k1
        self.b = b
        self.postings: dict[str, dict[Hashable, int]] = {}
        self.lengths: dict[Hashable, int] = {}
        self.total = 0

    def __len__(self) -> int:
        return len(self.lengths)

    def add(self, key: Hashable, feats: Counter[str]) -> None:
        if key in self.lengths:
            self.remove(key)
        for f, tf in feats.items():
            self.postings.setdefault(f, {})[key] = tf
        length = sum(feats.values())
        self.lengths[key] = length
        self.total += length

    def remove(self, key: Hashable) -> None:
        length = self.lengths.pop(key, None)
        if length is None:
            return
        self.total -= length
        for f in [f for f, docs in self.postings.items() if key in docs]:
            del self.postings[f][key]
            if not self.postings[f]:
                del self.postings[f]

    def idf(self, feat: str) -> float:
        df = len(self.postings.get(feat, ()))
        n = len(self.lengths)
        return math.log(1 + (n - df + 0.5) / (df + 0.5)) if df else 0.0

    def scores(
        self,
        feats: Iterable[str],
        max_df: float = 1.0,
        max_docs: int | None = None,
        *,
        explain: bool = True,
    ) -> tuple[dict[Hashable, float], dict[Hashable, list[tuple[float, str]]]]:
        """BM25 score per document and, per document, the features that contributed.

        Features in more than max_df of the documents (at least 20), or in more than max_docs,
        are skipped: the postings walked stay bounded however many documents there are.
        """
        n = len(self.lengths)
        if not n:
            return {}, {}
        avg = self.total / n
        k1, b = self.k1, self.b
        out: dict[Hashable, float] = {}
        why: dict[Hashable, list[tuple[float, str]]] = {}
        for f in set(feats):
            docs = self.postings.get(f)
            if not docs or len(docs) > max(max_df * n, 20):
                continue
            if max_docs is not None and len(docs) > max_docs:
                continue
            idf = self.idf(f)
            for key, tf in docs.items():
                norm = tf * (k1 + 1) / (tf + k1 * (1 - b + b * self.lengths[key] / avg))
                part = idf * norm
                out[key] = out.get(key, 0.0) + part
                if explain:  # the reasons shown; the neighbour vote needs none
                    why.setdefault(key, []).append((part, f))
        return out, why


@dataclass(frozen=True, slots=True)
class Keyword:
    """A curated everyday word for one or more policies."""

    shown: str  # as written in the resource file
    key: str  # what is searched for
    katakana_only: bool  # loanword: only matches text written in katakana
    weight: float
    lemmas: frozenset[str] = frozenset()  # its content words' dictionary forms
    fold: str = ""  # kana-folded key, to tell when one word is part of another


class KeywordMatcher:
    """Finds the curated words of each policy in a text; rarer and longer words weigh more."""

    def __init__(self, words_by_doc: dict[str, list[str]], variants: Variants) -> None:
        docs_of: dict[str, set[str]] = {}
        shown: dict[str, str] = {}
        kata: dict[str, bool] = {}
        lemmas: dict[str, frozenset[str]] = {}
        for doc, words in words_by_doc.items():
            for word in words:
                keys = variants.keys(word)
                only_kata = bool(_KATAKANA.match(keys.wide))
                key = keys.wide if only_kata else keys.folded
                if not key:
                    continue
                docs_of.setdefault(key, set()).add(doc)
                shown.setdefault(key, word)
                kata[key] = only_kata
                lemmas[key] = keys.lemmas
        n = max(len(words_by_doc), 1)
        self.docs_of = docs_of
        self.keywords = {
            key: Keyword(
                shown[key],
                key,
                kata[key],
                math.log(1 + n / len(docs)) * _length_factor(key),
                lemmas[key],
                normalize_for_search(key),
            )
            for key, docs in docs_of.items()
        }

    def matches(self, keys: TextKeys) -> dict[str, list[Keyword]]:
        """Per document, the keywords found; a word inside a longer found word is not counted."""
        found = [
            kw
            for kw in self.keywords.values()
            if kw.key in (keys.wide if kw.katakana_only else keys.folded)
            or (LEMMA_KEYWORDS and len(kw.lemmas) >= 2 and kw.lemmas <= keys.lemmas)
        ]
        out: dict[str, list[Keyword]] = {}
        for kw in found:
            for doc in self.docs_of[kw.key]:
                out.setdefault(doc, []).append(kw)
        for doc, kws in out.items():
            out[doc] = [k for k in kws if not any(k.key != o.key and k.key in o.key for o in kws)]
        return out


def _length_factor(key: str) -> float:
    if len(key) == 1:
        return 0.4
    if len(key) == 2 and _HIRAGANA.match(key):
        return 0.6
    return 1.0
