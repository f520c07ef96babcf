"""Sparse TF-IDF vectors as plain dicts (feature index -> weight): dot products and centroids.

Comments share few words, so a dict per comment is small and a product only visits the shared
features; the themes need no numerical library (and the standalone build ships none).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence

#: feature index -> weight; a comment's vector has unit length (or is empty)
SparseVector = dict[int, float]


def tfidf(feats: Sequence[dict[str, float]]) -> list[SparseVector]:
    """Rows L2-normalised; features seen in only one comment are dropped."""
    df: Counter[str] = Counter()
    for f in feats:
        df.update(f.keys())
    n = len(feats)
    vocab = {k: i for i, k in enumerate(sorted(k for k, c in df.items() if c >= 2))}
    idf = {k: math.log((1 + n) / (1 + df[k])) + 1 for k in vocab}
    rows = []
    # The same features object (a repeated text, read once) gives the same row object: the
    # rows are shared and never changed, so callers can recognise copies by identity.
    made: dict[int, SparseVector] = {}
    for f in feats:
        got = made.get(id(f))
        if got is None:
            row = {vocab[k]: tf * idf[k] for k, tf in f.items() if k in vocab}
            norm = math.sqrt(sum(w * w for w in row.values()))
            got = made[id(f)] = {k: w / norm for k, w in row.items()} if norm > 0 else {}
        rows.append(got)
    return rows


def dot(p: SparseVector, q: SparseVector) -> float:
    if len(p) > len(q):
        p, q = q, p
    return sum([w * q[k] for k, w in p.items() if k in q])


def add_into(total: SparseVector, v: SparseVector) -> None:
    """total += v, in place."""
    for k, w in v.items():
        total[k] = total.get(k, 0.0) + w


def centroid(rows: Sequence[SparseVector]) -> SparseVector:
    """The mean of the rows (not normalised)."""
    total: SparseVector = {}
    for v in rows:
        add_into(total, v)
    return {k: w / len(rows) for k, w in total.items()} if rows else {}


def unit(v: SparseVector) -> SparseVector:
    norm = math.sqrt(sum(w * w for w in v.values()))
    return {k: w / max(norm, 1e-12) for k, w in v.items()}


def similar_pairs(rows: Sequence[SparseVector], threshold: float) -> list[dict[int, float]]:
    """For each row, the other rows whose cosine similarity is at least `threshold`.

    Symmetric: j in out[i] exactly when i in out[j]. Each row meets only the earlier rows that
    share a feature with it (an inverted index), so unrelated pairs cost nothing.
    """
    postings: dict[int, list[tuple[int, float]]] = {}
    out: list[dict[int, float]] = [{} for _ in rows]
    for i, v in enumerate(rows):
        acc: dict[int, float] = {}
        get = acc.get
        for k, w in v.items():
            post = postings.get(k)
            if post is None:
                postings[k] = [(i, w)]
                continue
            for j, wj in post:
                acc[j] = get(j, 0.0) + w * wj
            post.append((i, w))
        mine = out[i]
        for j, s in acc.items():
            if s >= threshold:
                mine[j] = s
                out[j][i] = s
    return out
