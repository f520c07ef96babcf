"""Topic hints from the programme's everyday words: different words, same concern.

猿, イノシシ and 電気柵 share no characters, but the curated word list of the programme
(resources/programmes/<code>-keywords.json, written for policy suggestions) files them under
the same policy. Each comment gets one feature per policy whose words it uses, so comments
about the same concern meet even when they share no word. Measured on the labelled set:
ARI +0.13 (bench/README.md).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from komoro_feedback.services.suggestion_engine import (
    LEMMA_KEYWORDS,
    Keyword,
    KeywordMatcher,
    Lemmatizer,
    TextKeys,
    Variants,
)

#: A matched keyword's weight (rarer and longer words weigh more) is divided by this.
SCALE = 4.0


class ConceptFinder:
    """Maps a text to {policy code: weight} through the curated keywords; empty without them.

    Matches like the suggestion engine's KeywordMatcher, but looks only at the keywords whose
    first two characters occur in the text (10,000 comments x 1,600 keywords otherwise
    dominate the time), and takes the text's lemmas from the themes engine's own pass.
    """

    def __init__(self, keywords_file: Path | None) -> None:
        data: dict[str, Any] = {}
        if keywords_file is not None and keywords_file.is_file():
            data = json.loads(keywords_file.read_text(encoding="utf-8"))
        groups = data.get("variants", [])
        self._variants = Variants(groups)  # texts: their lemmas come from the engine's pass
        # the keywords' own lemmas (a few thousand short words, once)
        matcher = KeywordMatcher(data.get("policies", {}), Variants(groups, Lemmatizer()))
        self._docs_of = matcher.docs_of
        self._short: list[Keyword] = []
        self._by_start: dict[str, list[Keyword]] = {}
        # several lemmas (may match in any order), filed under one of them
        self._multi: dict[str, list[Keyword]] = {}
        for kw in matcher.keywords.values():
            if len(kw.key) < 2:
                self._short.append(kw)
            else:
                self._by_start.setdefault(kw.key[:2], []).append(kw)
            if LEMMA_KEYWORDS and len(kw.lemmas) >= 2:
                self._multi.setdefault(min(kw.lemmas), []).append(kw)
        self.available = bool(data.get("policies"))

    def __call__(self, text: str, lemmas: frozenset[str] = frozenset()) -> dict[str, float]:
        if not self.available:
            return {}
        keys = self._variants.keys(text)
        keys = TextKeys(keys.wide, keys.folded, lemmas)
        found = {kw.key: kw for kw in self._short if kw.key in _where(kw, keys)}
        for source in {keys.wide, keys.folded}:
            for i in range(len(source) - 1):
                for kw in self._by_start.get(source[i : i + 2], ()):
                    if kw.key not in found and kw.key in _where(kw, keys):
                        found[kw.key] = kw
        for lemma in lemmas:
            for kw in self._multi.get(lemma, ()):
                if kw.key not in found and kw.lemmas <= lemmas:
                    found[kw.key] = kw
        by_code: dict[str, list[Keyword]] = {}
        for kw in found.values():
            for code in self._docs_of[kw.key]:
                by_code.setdefault(code, []).append(kw)
        out: dict[str, float] = {}
        for code, kws in by_code.items():
            # within one policy, a word inside a longer found word is not counted
            kept = [k for k in kws if not any(k.key != o.key and k.key in o.key for o in kws)]
            out[code] = sum(k.weight for k in kept) / SCALE
        return out


def _where(kw: Keyword, keys: TextKeys) -> str:
    return keys.wide if kw.katakana_only else keys.folded
