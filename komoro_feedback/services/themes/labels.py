"""Turn groups of comments into themes: a label of distinctive nouns, wards, representatives."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Sequence

from komoro_feedback.domain.theme import Theme, ThemeInput, ThemeSample
from komoro_feedback.services.themes.engine import Clustering

LABEL_WORDS = 3
REPRESENTATIVES = 3


def build_themes(
    docs: Sequence[ThemeInput],
    clustering: Clustering,
    mask: Callable[[ThemeInput], str],
    *,
    min_size: int = 2,
) -> list[Theme]:
    """Themes for the groups of at least `min_size` comments, the largest first."""
    df: Counter[str] = Counter()
    for nouns in clustering.nouns:
        df.update(set(nouns))
    n = max(len(docs), 1)
    out = []
    for group in clustering.groups:
        if len(group) < min_size:
            continue
        words = label_words(group, clustering.nouns, df, n)
        out.append(
            Theme(
                label="・".join(words) if words else docs[group[0]].text[:12],
                keywords=tuple(words),
                comment_ids=tuple(docs[i].id for i in group),
                wards=tuple(Counter(docs[i].ward for i in group).most_common()),
                representatives=tuple(
                    ThemeSample(docs[i].id, mask(docs[i]), docs[i].ward)
                    for i in representatives(group, clustering, docs)
                ),
            )
        )
    return out


def label_words(
    group: Sequence[int], nouns: Sequence[Sequence[str]], df: Counter[str], n: int
) -> list[str]:
    """Nouns used by many comments of the group and few others; ties by the word itself."""
    inside: Counter[str] = Counter()
    for i in group:
        inside.update(set(nouns[i]))
    need = 2 if len(group) >= 4 else 1
    scored = sorted(
        ((-c * math.log(1 + n / df[w]), w) for w, c in inside.items() if c >= need),
    )
    chosen: list[str] = []
    for _, w in scored:
        # 通学路 and 通学 say the same: keep the first, more distinctive one
        if any(w in c or c in w for c in chosen):
            continue
        chosen.append(w)
        if len(chosen) == LABEL_WORDS:
            break
    return chosen


def representatives(
    group: Sequence[int], clustering: Clustering, docs: Sequence[ThemeInput]
) -> list[int]:
    """The comments nearest the group's centre, each text once (ties: the earlier comment)."""
    import numpy as np  # loaded with the clustering (engine.py), not at import

    rows = clustering.vectors[list(group)]
    centre = np.asarray(rows.mean(axis=0)).ravel()
    sims = np.asarray(rows @ centre).ravel()
    order = sorted(range(len(group)), key=lambda k: (-round(float(sims[k]), 9), group[k]))
    out: list[int] = []
    seen: set[str] = set()
    for k in order:
        text = docs[group[k]].text.strip()
        if text not in seen:
            seen.add(text)
            out.append(group[k])
            if len(out) == REPRESENTATIVES:
                break
    return out
