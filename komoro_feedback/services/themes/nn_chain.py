"""Average linkage by the nearest-neighbour chain over a dense table of group similarities.

For rows that are similar to many others (a policy's comments share its topic words: in the
demo data 43 % of all pairs reach the threshold), keeping only the "hot" pairs saves nothing
and a heap of them costs a pop per stale entry. Here every group keeps one row of average
similarities to every other group (array('d'): 8 bytes a cell, 16 MB for 1,400 groups), and:

- the nearest neighbour of a group is max() and index() over its row (C loops, no heap);
- joining A and B gives the row |A|/(|A|+|B|) * row(A) + |B|/(|A|+|B|) * row(B)
  (Lance-Williams for average linkage), in C loops too;
- the chain follows nearest neighbours until two groups are each other's nearest; average
  linkage is reducible (a joined group is never nearer to a third than both parts were), so
  joining such a pair at once gives the same tree as always joining the globally best pair
  (Murtagh 1983; Müllner 2011, "Modern hierarchical, agglomerative clustering algorithms").
- a group whose nearest neighbour is below the threshold never joins anything again (its
  similarity to a joined group lies between those to the parts), nor does any group before it
  on the chain (the similarities grow along the chain): they are finished.
"""

from __future__ import annotations

import operator
from array import array
from collections.abc import Sequence
from itertools import repeat

from komoro_feedback.services.themes.vectors import SparseVector

#: below every similarity: a group's distance to itself and to groups joined into others
_NONE = -1.0


def similarity_table(rows: Sequence[SparseVector]) -> list[array[float]]:
    """table[i][j] = cosine similarity of rows i and j (unit vectors); table[i][i] = _NONE.

    Each row meets the earlier rows that share a feature with it (an inverted index) for the
    lower triangle; the upper one is its mirror, copied a column at a time.
    """
    n = len(rows)
    zeros = bytes(8 * n)
    table = [array("d", zeros) for _ in range(n)]
    postings: dict[int, list[tuple[int, float]]] = {}
    for i, v in enumerate(rows):
        ti = table[i]
        for k, w in v.items():
            post = postings.get(k)
            if post is None:
                postings[k] = [(i, w)]
                continue
            for j, wj in post:
                ti[j] += w * wj
            post.append((i, w))
    for j in range(n):
        table[j][j] = _NONE
        table[j][j + 1 :] = array("d", [table[i][j] for i in range(j + 1, n)])
    return table


def nn_chain_linkage(
    rows: Sequence[SparseVector], weight: Sequence[int], threshold: float
) -> list[list[int]]:
    """Groups of row indices (sorted, in order of their first row) joined while their average
    similarity is >= threshold; row i stands for weight[i] identical ones."""
    n = len(rows)
    table = similarity_table(rows)
    size = list(weight)
    members: list[list[int]] = [[i] for i in range(n)]
    # groups that may still join, in index order; finished or absorbed ones leave it
    active: dict[int, None] = dict.fromkeys(range(n))
    chain: list[int] = []
    while chain or active:
        if not chain:
            chain.append(next(iter(active)))
        a = chain[-1]
        row = table[a]
        best = max(row)
        if best < threshold:
            for c in chain:
                del active[c]
            chain.clear()
            continue
        b = row.index(best)
        if len(chain) > 1 and row[chain[-2]] == best:
            b = chain[-2]  # a tie with the previous link: join it (the chain never cycles)
        if len(chain) < 2 or b != chain[-2]:
            chain.append(b)
            continue
        del chain[-2:]
        _join(table, size, members, active, min(a, b), max(a, b))
    return sorted(sorted(m) for m in members if m)


def _join(
    table: list[array[float]],
    size: list[int],
    members: list[list[int]],
    active: dict[int, None],
    a: int,
    b: int,
) -> None:
    """Group b joins group a: a's row and column become the joined group's, b's are gone."""
    sa, sb = size[a], size[b]
    fa, fb = sa / (sa + sb), sb / (sa + sb)
    joined = array(
        "d",
        map(
            operator.add,
            map(operator.mul, table[a], repeat(fa)),
            map(operator.mul, table[b], repeat(fb)),
        ),
    )
    joined[a] = joined[b] = _NONE
    table[a] = joined
    del active[b]
    for x in active:
        tx = table[x]
        tx[a] = joined[x]
        tx[b] = _NONE
    table[b] = array("d")
    size[a] = sa + sb
    members[a] += members[b]
    members[b] = []
