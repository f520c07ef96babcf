"""Average-linkage clustering of unit sparse vectors, cut where the average similarity drops.

The same partition as building the whole average-linkage tree over cosine distances and cutting
it at distance 1 - threshold (scipy's linkage(method="average") + fcluster(criterion="distance")):
average linkage never merges at a smaller distance than before, so the cut keeps exactly the
merges made while the best pair of groups still has an average similarity >= threshold, and
merging that best pair each time gives them. Pure Python, fast because the work stays sparse:

- the sum of the similarities between two groups is the dot product of their vector sums, so
  a group keeps one summed vector, not a row of a distance matrix;
- the average similarity of A+B to X lies between those of A and of B to X, so only the groups
  that already reached the threshold with A or with B can reach it with A+B ("hot" pairs);
- a heap holds the hot pairs; an entry is stale once either group has grown.

When most pairs are similar (one policy's comments all share its topic words), the hot pairs
are nearly all pairs and the heap fills with stale entries: such rows go to the
nearest-neighbour chain over a table of all pairs (nn_chain.py), which gives the same groups.
"""

from __future__ import annotations

import heapq
from collections.abc import Sequence

from komoro_feedback.services.themes.nn_chain import nn_chain_linkage
from komoro_feedback.services.themes.vectors import SparseVector, add_into, dot, similar_pairs

#: Rows sharing this many features per pair on average (counted over the inverted index) are
#: "dense": most pairs are near each other, and a table of all pairs beats a heap of them.
#: Measured (CPU, heap / chain): a 10,000-comment policy's 1,405 distinct sampled rows at 5.6:
#: 2.2 / 0.6 s; random rows of 1,400 at 1.7: 3.9 / 0.85 s, at 0.33: 0.4 / 0.7 s; the whole
#: 10,000-comment demo database's 2,406 distinct sampled rows at 0.61: 0.6 / 2.3 s.
DENSE_SHARING = 1.0


def average_linkage(rows: Sequence[SparseVector], threshold: float) -> list[list[int]]:
    """Groups of row indices (each sorted, ordered by their first row); threshold > 0.

    Identical rows (the same text, a form letter, repeated requests) are at distance 0, so
    average linkage merges them before anything else: they start as one weighted group. Without
    that, k copies made k*k/2 pairs at similarity 1 (35 s for a policy's 10,000 comments of
    which 3,363 texts are distinct). A row without features stays on its own.
    """
    first: dict[tuple[tuple[int, float], ...], int] = {}
    copies: list[list[int]] = []
    unique: list[SparseVector] = []
    for i, v in enumerate(rows):
        key = tuple(sorted(v.items())) if v else None
        k = first.setdefault(key, len(unique)) if key is not None else len(unique)
        if k == len(unique):
            unique.append(v)
            copies.append([])
        copies[k].append(i)
    weights = [len(c) for c in copies]
    if _dense(unique):
        groups = nn_chain_linkage(unique, weights, threshold)
    else:
        groups = _weighted_linkage(unique, weights, threshold)
    return sorted(sorted(i for k in g for i in copies[k]) for g in groups)


def _dense(rows: Sequence[SparseVector]) -> bool:
    """Whether the rows share so many features that most pairs are similar (one policy's
    comments on its topic words): then the nearest-neighbour chain over a table is faster
    (0.64 s instead of 2.2 s for the 1,405 distinct rows of a 10,000-comment policy), while
    for comments that share few words the heap of similar pairs is (0.05 s instead of 2 s)."""
    df: dict[int, int] = {}
    for v in rows:
        for k in v:
            df[k] = df.get(k, 0) + 1
    n = len(rows)
    shared = sum(c * (c - 1) // 2 for c in df.values())
    return n > 1 and shared >= DENSE_SHARING * n * (n - 1) / 2


def _weighted_linkage(
    rows: Sequence[SparseVector], weight: list[int], threshold: float
) -> list[list[int]]:
    """average_linkage over distinct rows, row i standing for weight[i] identical ones."""
    n = len(rows)
    # a group's vector sum, kept by its id
    sums: list[SparseVector] = [
        {k: w * weight[i] for k, w in v.items()} for i, v in enumerate(rows)
    ]
    size = list(weight)
    version = [0] * n  # +1 each time the group grows: older heap entries are stale
    members: list[list[int]] = [[i] for i in range(n)]
    # group id -> {other group id: sum of pairwise similarities}, for pairs at the threshold
    hot = similar_pairs(rows, threshold)
    for i in range(n):
        if weight[i] != 1:
            for j in hot[i]:
                hot[i][j] *= weight[i]
                hot[j][i] *= weight[i]
    heap = [
        (-s / (size[i] * size[j]), i, j, 0, 0) for i in range(n) for j, s in hot[i].items() if i < j
    ]
    heapq.heapify(heap)
    alive = [True] * n
    while heap:
        _, a, b, va, vb = heapq.heappop(heap)
        if not (alive[a] and alive[b] and version[a] == va and version[b] == vb):
            continue
        if len(sums[a]) < len(sums[b]):
            a, b = b, a  # the group with more features absorbs the other
        ha, hb = hot[a], hot[b]
        joined: dict[int, float] = {}
        for x in ha.keys() | hb.keys():
            if x != a and x != b:
                sa, sb = ha.get(x), hb.get(x)
                sa = dot(sums[a], sums[x]) if sa is None else sa
                sb = dot(sums[b], sums[x]) if sb is None else sb
                joined[x] = sa + sb
        add_into(sums[a], sums[b])
        sums[b], hot[b], alive[b] = {}, {}, False
        size[a] += size[b]
        members[a] += members[b]
        members[b] = []
        version[a] += 1
        hot[a] = {}
        for x, s in joined.items():
            hx = hot[x]
            hx.pop(b, None)
            hx.pop(a, None)
            avg = s / (size[a] * size[x])
            if avg >= threshold:
                hot[a][x] = hx[a] = s
                lo, hi = (a, x) if a < x else (x, a)
                heapq.heappush(heap, (-avg, lo, hi, version[lo], version[hi]))
    return sorted(sorted(m) for m in members if m)
