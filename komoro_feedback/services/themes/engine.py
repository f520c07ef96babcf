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

import math
import zlib
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from komoro_feedback.domain.text import normalize_for_search
from komoro_feedback.domain.theme import ThemeInput
from komoro_feedback.services.themes.words import WordReader, char_ngrams

if TYPE_CHECKING:
    import numpy as np
    from scipy.sparse import csr_matrix

# numpy and scipy (about 0.3 s to import) load when themes are first found, not with every
# module that can reach this one (the report service, the app's window).


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
    vectors: csr_matrix
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
            key = "c:" + normalize_for_search(noun)
            feats[key] = feats.get(key, 0.0) + self.settings.compound_weight
        if self.concepts is not None:
            for code, weight in self.concepts(text, reading.lemmas).items():
                feats["p:" + code] = weight * self.settings.concept_weight
        return reading.label_nouns, feats

    def cluster(self, docs: Sequence[ThemeInput]) -> Clustering:
        nouns, feats = [], []
        for d in docs:
            n, f = self.features(d.text)
            nouns.append(n)
            feats.append(f)
        x = _tfidf(feats)
        n_docs = len(docs)
        if n_docs == 0:
            return Clustering([], nouns, x, False)
        if n_docs == 1:
            return Clustering([[0]], nouns, x, False)
        sampled = n_docs > self.settings.sample
        chosen = _sample(docs, self.settings.sample) if sampled else list(range(n_docs))
        labels = _average_linkage(x[chosen], self.settings.threshold)
        groups: dict[int, list[int]] = {}
        for i, lab in zip(chosen, labels, strict=True):
            groups.setdefault(int(lab), []).append(i)
        if sampled:
            self._assign_rest(x, chosen, groups)
        ordered = sorted(groups.values(), key=lambda g: (-len(g), min(docs[i].id for i in g)))
        return Clustering([sorted(g) for g in ordered], nouns, x, sampled)

    def _assign_rest(self, x: csr_matrix, chosen: list[int], groups: dict[int, list[int]]) -> None:
        """Each comment outside the sample joins the theme whose centroid is nearest."""
        import numpy as np

        keys = sorted(groups)
        cent = np.vstack([np.asarray(x[groups[k]].mean(axis=0)).ravel() for k in keys])
        cent /= np.maximum(np.linalg.norm(cent, axis=1, keepdims=True), 1e-12)
        in_sample = set(chosen)
        rest = [i for i in range(x.shape[0]) if i not in in_sample]
        for start in range(0, len(rest), 2000):
            part = rest[start : start + 2000]
            sims = x[part] @ cent.T
            best = np.argmax(sims, axis=1)
            for i, b in zip(part, best, strict=True):
                k = keys[int(b)]
                if sims[part.index(i), b] >= self.settings.assign_min:
                    groups[k].append(i)
                else:
                    groups[-1 - i] = [i]  # too far from every theme: its own group


def _tfidf(feats: list[dict[str, float]]) -> csr_matrix:
    """Rows L2-normalised; features seen in only one comment are dropped."""
    import numpy as np
    from scipy.sparse import csr_matrix

    df: Counter[str] = Counter()
    for f in feats:
        df.update(f.keys())
    n = len(feats)
    vocab = {k: i for i, k in enumerate(sorted(k for k, c in df.items() if c >= 2))}
    idf = {k: math.log((1 + n) / (1 + df[k])) + 1 for k in vocab}
    rows, cols, vals = [], [], []
    for r, f in enumerate(feats):
        for k, tf in f.items():
            col = vocab.get(k)
            if col is not None:
                rows.append(r)
                cols.append(col)
                vals.append(tf * idf[k])
    x = csr_matrix((vals, (rows, cols)), shape=(n, max(len(vocab), 1)), dtype=np.float64)
    norms = np.sqrt(np.asarray(x.multiply(x).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    return csr_matrix(x.multiply(1 / norms[:, None]))


def _sample(docs: Sequence[ThemeInput], size: int) -> list[int]:
    """A fixed pseudo-random sample: the same comments for the same data, in any order."""
    order = sorted(range(len(docs)), key=lambda i: (zlib.crc32(docs[i].id.encode()), docs[i].id))
    return sorted(order[:size])


def _average_linkage(x: csr_matrix, threshold: float) -> np.ndarray:
    import numpy as np
    from scipy.cluster.hierarchy import fcluster, linkage

    sims = (x @ x.T).toarray()
    n = sims.shape[0]
    dist = np.clip(1.0 - sims[np.triu_indices(n, k=1)], 0.0, 2.0)
    tree = linkage(dist, method="average")
    labels: np.ndarray = fcluster(tree, t=1.0 - threshold, criterion="distance")
    return labels
