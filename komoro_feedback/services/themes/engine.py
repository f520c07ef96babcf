"""Group comment texts into themes: TF-IDF vectors, average-linkage clustering, labels.

Pure computation (no database, no Qt). Comments are compared on the normalised forms of their
nouns (SudachiPy; character 2/3-grams when the dictionary is missing) and on topic hints from
the programme's curated everyday words (concepts.py). Groups are joined bottom-up while the
average cosine similarity between them stays above a threshold, so the number of themes follows
the data (no k to choose).
Large selections: the themes are found on a fixed sample (chosen by comment id, so the result
is the same for the same data) and every other comment joins its nearest theme.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from komoro_feedback.domain.theme import ThemeInput
from komoro_feedback.services.themes.linkage import average_linkage
from komoro_feedback.services.themes.vectors import SparseVector, add_into, tfidf, unit
from komoro_feedback.services.themes.words import WordReader, char_ngrams


@dataclass(frozen=True, slots=True)
class EngineSettings:
    """Tuned on tests/data/themes_labelled.tsv (bench/bench_themes.py)."""

    threshold: float = 0.20  # average cosine similarity needed to join two groups
    concept_weight: float = 1.0  # topic hints, relative to one noun
    compound_weight: float = 1.0  # whole compounds (通学路) besides their parts (通学, 路)
    sample: int = 2500  # above this many comments, cluster a sample and assign the rest
    assign_min: float = 0.05  # a comment outside the sample joins a theme at this similarity


@dataclass(frozen=True, slots=True)
class Clustering:
    """Groups of document indices (largest first) and each document's label nouns."""

    groups: list[list[int]]
    nouns: list[list[str]]
    vectors: list[SparseVector]  # TF-IDF, unit length
    sampled: bool


class ThemeEngine:
    """Deterministic: the same comments (in any order) give the same groups."""

    def __init__(
        self,
        settings: EngineSettings | None = None,
        reader: WordReader | None = None,
        concepts: Callable[[str, frozenset[str]], dict[str, float]] | None = None,
    ) -> None:
        self.settings = settings or EngineSettings()
        self.reader = reader or WordReader()
        self.concepts = concepts

    def features(self, text: str) -> tuple[list[str], dict[str, float]]:
        """A text's label nouns and its features (nouns, or n-grams without a dictionary)."""
        reading = self.reader.read(text)
        feats: dict[str, float] = {} if self.reader.available else dict(char_ngrams(text))
        for k in reading.noun_keys:
            feats["w:" + k] = feats.get("w:" + k, 0.0) + 1.0
        for noun in reading.label_nouns:
            key = "c:" + self.reader.fold(noun)
            feats[key] = feats.get(key, 0.0) + self.settings.compound_weight
        if self.concepts is not None:
            for code, weight in self.concepts(text, reading.lemmas).items():
                feats["p:" + code] = weight * self.settings.concept_weight
        return reading.label_nouns, feats

    def cluster(self, docs: Sequence[ThemeInput]) -> Clustering:
        nouns, feats = [], []
        # The same text reads the same: each distinct text is tokenised once (form letters,
        # repeated requests). The results are shared, never changed.
        seen: dict[str, tuple[list[str], dict[str, float]]] = {}
        for d in docs:
            got = seen.get(d.text)
            if got is None:
                got = seen[d.text] = self.features(d.text)
            nouns.append(got[0])
            feats.append(got[1])
        x = tfidf(feats)
        n_docs = len(docs)
        if n_docs == 0:
            return Clustering([], nouns, x, False)
        if n_docs == 1:
            return Clustering([[0]], nouns, x, False)
        sampled = n_docs > self.settings.sample
        chosen = _sample(docs, self.settings.sample) if sampled else list(range(n_docs))
        found = average_linkage([x[i] for i in chosen], self.settings.threshold)
        groups = [[chosen[k] for k in g] for g in found]
        if sampled:
            groups = _assign_rest(x, chosen, groups, self.settings.assign_min)
        ordered = sorted(groups, key=lambda g: (-len(g), min(docs[i].id for i in g)))
        return Clustering([sorted(g) for g in ordered], nouns, x, sampled)


def _assign_rest(
    x: list[SparseVector], chosen: list[int], groups: list[list[int]], assign_min: float
) -> list[list[int]]:
    """Each comment outside the sample joins the theme whose centroid is nearest."""
    # centroid features -> (theme, weight): a comment meets only the themes it shares words with
    postings: dict[int, list[tuple[int, float]]] = {}
    for g, members in enumerate(groups):
        total: SparseVector = {}
        for i in members:
            add_into(total, x[i])
        for k, w in unit(total).items():
            postings.setdefault(k, []).append((g, w))
    joined: list[list[int]] = [list(g) for g in groups]
    in_sample = set(chosen)
    nearest: dict[int, int] = {}  # a shared row (a repeated text, tfidf) -> its theme, or -1
    for i in range(len(x)):
        if i in in_sample:
            continue
        theme = nearest.get(id(x[i]))
        if theme is None:
            sims: dict[int, float] = {}
            for k, w in x[i].items():
                for t, cw in postings.get(k, ()):
                    sims[t] = sims.get(t, 0.0) + w * cw
            # the nearest theme; ties: the earlier one
            best = min(sims.items(), key=lambda ts: (-ts[1], ts[0]), default=(-1, 0.0))
            theme = nearest[id(x[i])] = best[0] if best[1] >= assign_min else -1
        if theme >= 0:
            joined[theme].append(i)
        else:
            joined.append([i])  # too far from every theme: its own group
    return joined


def _sample(docs: Sequence[ThemeInput], size: int) -> list[int]:
    """A fixed pseudo-random sample: the same comments for the same data, in any order."""
    order = sorted(range(len(docs)), key=lambda i: (zlib.crc32(docs[i].id.encode()), docs[i].id))
    return sorted(order[:size])
