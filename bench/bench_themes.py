"""Themes: agreement with the hand-labelled set (ARI, purity) and time for 10,000 comments.

    .venv/bin/python bench/bench_themes.py [--sweep] [--comments 10000]

The labelled set (tests/data/themes_labelled.tsv) was written before the method was chosen.
Target (issue 10): ARI >= 0.6; themes for 10,000 comments <= 10 s. Prints a table, one JSON line.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from collections import Counter
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from komoro_feedback.domain.theme import ThemeInput  # noqa: E402
from komoro_feedback.services.themes.concepts import ConceptFinder  # noqa: E402
from komoro_feedback.services.themes.engine import ThemeEngine  # noqa: E402

DATA = ROOT / "tests" / "data" / "themes_labelled.tsv"
OUT = ROOT / "bench" / "out"


def read_labelled() -> list[tuple[str, str, str]]:
    rows = [line.rstrip("\n").split("\t") for line in DATA.open(encoding="utf-8")][1:]
    return [(r[0], r[1], r[2]) for r in rows if len(r) == 3]


def _comb2(n: int) -> float:
    return n * (n - 1) / 2


def adjusted_rand(truth: list[str], pred: list[int]) -> float:
    pairs = Counter(zip(truth, pred, strict=True))
    a = Counter(truth)
    b = Counter(pred)
    index = sum(_comb2(v) for v in pairs.values())
    sa = sum(_comb2(v) for v in a.values())
    sb = sum(_comb2(v) for v in b.values())
    expected = sa * sb / _comb2(len(truth))
    top = (sa + sb) / 2
    return (index - expected) / (top - expected) if top != expected else 1.0


def purity(truth: list[str], pred: list[int]) -> float:
    by_cluster: dict[int, Counter[str]] = {}
    for t, p in zip(truth, pred, strict=True):
        by_cluster.setdefault(p, Counter())[t] += 1
    return sum(c.most_common(1)[0][1] for c in by_cluster.values()) / len(truth)


def evaluate(engine: ThemeEngine) -> dict[str, float]:
    rows = read_labelled()
    docs = [ThemeInput(i, text) for i, _, text in rows]
    c = engine.cluster(docs)
    pred = [0] * len(docs)
    for g, members in enumerate(c.groups):
        for i in members:
            pred[i] = g
    truth = [t for _, t, _ in rows]
    singletons = sum(1 for g in c.groups if len(g) == 1)
    return {
        "ari": adjusted_rand(truth, pred),
        "purity": purity(truth, pred),
        "groups": len(c.groups),
        "singletons": singletons,
    }


def demo_db(n: int) -> Path:
    OUT.mkdir(parents=True, exist_ok=True)
    db = OUT / f"themes-{n}.sqlite3"
    if not db.exists():
        cmd = [sys.executable, str(ROOT / "main.py"), "demo-data", "--db", str(db)]
        subprocess.run([*cmd, "--comments", str(n)], check=True, cwd=ROOT)
    return db


def time_themes(n: int) -> dict[str, float]:
    """Median of 3 runs of the whole service call (reading the comments included)."""
    from komoro_feedback.domain.query import CommentFilter
    from komoro_feedback.services.actor import Actor
    from komoro_feedback.services.container import Services
    from komoro_feedback.store.database import Database, sqlite_url

    sv = Services.build(Database(sqlite_url(demo_db(n))), Actor("bench"))
    times, cpu = [], []
    for _ in range(3):
        sv.themes._engine = None  # each run builds the engine (dictionary, keywords) again
        start, start_cpu = time.perf_counter(), time.process_time()
        result = sv.themes.themes(CommentFilter())
        times.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    sv.close()
    return {
        "comments": result.total,
        "themes": len(result.themes),
        "seconds": sorted(times)[1],
        "cpu_seconds": sorted(cpu)[1],  # less disturbed by other work on a shared machine
        "unthemed": result.unthemed,
        "load_average": os.getloadavg()[0],
    }


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sweep", action="store_true", help="try thresholds and word weights")
    ap.add_argument("--comments", type=int, default=10000)
    ap.add_argument("--no-timing", action="store_true")
    args = ap.parse_args()
    concepts = ConceptFinder(ROOT / "resources" / "programmes" / "komoro-mirai-2024-keywords.json")
    base = ThemeEngine(concepts=concepts)
    if args.sweep:
        print("threshold concepts   ARI  purity groups singletons")
        for w in (0.0, 0.5, 1.0, 2.0):
            for t in (0.1, 0.15, 0.2, 0.25, 0.3, 0.35):
                s = replace(base.settings, threshold=t, concept_weight=w)
                eng = ThemeEngine(s, base.reader, concepts)
                r = evaluate(eng)
                print(
                    f"{t:9.2f} {w:6.1f} {r['ari']:5.3f} {r['purity']:6.3f} "
                    f"{r['groups']:6d} {r['singletons']:5d}"
                )
    r = evaluate(base)
    print(f"default: ARI {r['ari']:.3f}  purity {r['purity']:.3f}  groups {r['groups']}")
    out = {"labelled": r}
    if not args.no_timing:
        t = time_themes(args.comments)
        print(
            f"{t['comments']} comments: {t['seconds']:.2f} s wall, {t['cpu_seconds']:.2f} s CPU, "
            f"{t['themes']} themes (load average {t['load_average']:.1f})"
        )
        out["timing"] = t
    print(json.dumps(out, ensure_ascii=False))


if __name__ == "__main__":
    main()
