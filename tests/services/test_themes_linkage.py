"""The sparse average linkage groups exactly as the textbook algorithm, without numpy or scipy."""

from __future__ import annotations

import itertools
import math
import random
import subprocess
import sys
from pathlib import Path

import pytest

from komoro_feedback.services.themes.linkage import _dense, _weighted_linkage, average_linkage
from komoro_feedback.services.themes.nn_chain import nn_chain_linkage, similarity_table
from komoro_feedback.services.themes.vectors import SparseVector, dot, similar_pairs

LABELLED = Path(__file__).resolve().parents[1] / "data" / "themes_labelled.tsv"


def random_vectors(rng: random.Random, n: int, features: int) -> list[SparseVector]:
    """Unit vectors with a few features each, like comments that share some words."""
    out = []
    for _ in range(n):
        row = {k: rng.random() + 0.1 for k in rng.sample(range(features), rng.randint(2, 4))}
        norm = math.sqrt(sum(w * w for w in row.values()))
        out.append({k: w / norm for k, w in row.items()})
    return out


def brute_force(rows: list[SparseVector], threshold: float) -> list[list[int]]:
    """By the definition: join the two groups with the highest mean pairwise similarity, while
    that mean is at least the threshold."""
    groups = [[i] for i in range(len(rows))]
    while len(groups) > 1:
        best, pair = -1.0, (0, 0)
        for a, b in itertools.combinations(range(len(groups)), 2):
            pairs = [dot(rows[i], rows[j]) for i in groups[a] for j in groups[b]]
            mean = sum(pairs) / len(pairs)
            if mean > best:
                best, pair = mean, (a, b)
        if best < threshold:
            break
        a, b = pair
        groups[a] += groups.pop(b)
    return sorted(sorted(g) for g in groups)


def distinct_means(rows: list[SparseVector]) -> bool:
    """No two pairwise similarities are equal (ties would allow either order of merges)."""
    sims = [round(dot(p, q), 9) for p, q in itertools.combinations(rows, 2)]
    nonzero = [s for s in sims if s > 0]
    return len(set(nonzero)) == len(nonzero)


@pytest.mark.parametrize("seed", range(12))
@pytest.mark.parametrize("threshold", [0.1, 0.3, 0.5])
def test_the_same_groups_as_brute_force_average_linkage(seed: int, threshold: float) -> None:
    rng = random.Random(seed)
    rows = random_vectors(rng, 28, 24)
    assert distinct_means(rows)
    found = average_linkage(rows, threshold)
    assert found == brute_force(rows, threshold)
    assert sorted(i for g in found for i in g) == list(range(28))
    # a real grouping, not all-singletons or all-in-one
    assert 1 < len(found) < 28


@pytest.mark.parametrize("seed", range(8))
def test_repeated_texts_group_as_brute_force_groups_them(seed: int) -> None:
    """Copies of a text (form letters) start as one weighted group: the same partition."""
    rng = random.Random(100 + seed)
    distinct = random_vectors(rng, 14, 18)
    assert distinct_means(distinct)
    rows = [dict(distinct[rng.randrange(14)]) for _ in range(30)]
    rows += [{}, {}]  # no feature at all: each on its own, never one group of "identical" rows
    found = average_linkage(rows, 0.3)
    assert found == brute_force(rows, 0.3)
    assert [30] in found and [31] in found


def topical_vectors(rng: random.Random, n: int, features: int) -> list[SparseVector]:
    """Rows that all carry the same two topic features besides a few of their own, like one
    policy's comments: most pairs are similar."""
    out = []
    for _ in range(n):
        own = rng.sample(range(2, features), rng.randint(1, 3))
        row = {k: rng.random() + 0.1 for k in [0, 1, *own]}
        norm = math.sqrt(sum(w * w for w in row.values()))
        out.append({k: w / norm for k, w in row.items()})
    return out


@pytest.mark.parametrize("seed", range(12))
@pytest.mark.parametrize("threshold", [0.1, 0.3, 0.5])
def test_the_nearest_neighbour_chain_groups_as_brute_force(seed: int, threshold: float) -> None:
    rng = random.Random(seed)
    rows = random_vectors(rng, 28, 24)
    assert distinct_means(rows)
    assert nn_chain_linkage(rows, [1] * 28, threshold) == brute_force(rows, threshold)


@pytest.mark.parametrize("seed", range(8))
@pytest.mark.parametrize("threshold", [0.3, 0.6, 0.8])
def test_rows_on_one_topic_take_the_chain_and_group_as_brute_force(
    seed: int, threshold: float
) -> None:
    """Dense rows (most pairs similar) with copies: the chain, the same partition."""
    rng = random.Random(200 + seed)
    distinct = topical_vectors(rng, 16, 14)
    assert distinct_means(distinct)
    assert _dense(distinct) and not _dense(random_vectors(rng, 28, 24))
    rows = [dict(distinct[rng.randrange(16)]) for _ in range(34)] + [{}]
    found = average_linkage(rows, threshold)
    assert found == brute_force(rows, threshold)
    assert [34] in found and 1 < len(found) < 35


@pytest.mark.parametrize("seed", range(3))
@pytest.mark.parametrize("threshold", [0.5, 0.7])
def test_chain_and_heap_agree_on_hundreds_of_weighted_rows(seed: int, threshold: float) -> None:
    """Too many rows for brute force: the two exact algorithms check each other."""
    rng = random.Random(300 + seed)
    rows = topical_vectors(rng, 300, 40)
    weights = [rng.choice([1, 1, 1, 2, 5]) for _ in rows]
    found = nn_chain_linkage(rows, weights, threshold)
    assert found == _weighted_linkage(rows, weights, threshold)
    assert 5 < len(found) < 295


def test_the_similarity_table_holds_every_pair_both_ways() -> None:
    rows = [*random_vectors(random.Random(9), 20, 12), {}]
    table = similarity_table(rows)
    for i, j in itertools.product(range(21), repeat=2):
        expected = -1.0 if i == j else dot(rows[i], rows[j])
        assert table[i][j] == pytest.approx(expected)


def test_similar_pairs_are_the_pairs_at_the_threshold_both_ways() -> None:
    rows = random_vectors(random.Random(7), 30, 10)
    pairs = similar_pairs(rows, 0.4)
    for i, j in itertools.permutations(range(30), 2):
        s = dot(rows[i], rows[j])
        assert (j in pairs[i]) == (s >= 0.4)
        if j in pairs[i]:
            assert pairs[i][j] == pytest.approx(s)


def test_comments_sharing_no_word_never_join() -> None:
    rows: list[SparseVector] = [{0: 1.0}, {0: 1.0}, {1: 1.0}, {}]
    assert average_linkage(rows, 0.01) == [[0, 1], [2], [3]]


def test_the_themes_load_neither_numpy_nor_scipy() -> None:
    code = (
        "import sys, komoro_feedback.services.themes.service, komoro_feedback.services.themes.labels;"
        "print(sorted(m for m in ('numpy', 'scipy') if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "[]"


@pytest.mark.parametrize("threshold", [0.15, 0.2, 0.3])
def test_the_labelled_comments_group_as_scipy_grouped_them(threshold: float) -> None:
    """The engine clustered with scipy before; where scipy is still installed, compare."""
    hierarchy = pytest.importorskip("scipy.cluster.hierarchy")
    from komoro_feedback.services.themes.engine import ThemeEngine
    from komoro_feedback.services.themes.vectors import tfidf

    lines = LABELLED.read_text(encoding="utf-8").splitlines()[1:]
    engine = ThemeEngine()
    rows = tfidf([engine.features(line.split("\t")[2])[1] for line in lines])
    n = len(rows)
    condensed = [
        min(max(1.0 - dot(rows[i], rows[j]), 0.0), 2.0) for i in range(n) for j in range(i + 1, n)
    ]
    tree = hierarchy.linkage(condensed, method="average")
    labels = hierarchy.fcluster(tree, t=1.0 - threshold, criterion="distance")
    theirs: dict[int, list[int]] = {}
    for i, label in enumerate(labels):
        theirs.setdefault(int(label), []).append(i)
    assert average_linkage(rows, threshold) == sorted(theirs.values())
