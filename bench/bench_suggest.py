"""Policy suggestion: accuracy on the labelled sets, with and without the city's tagging, speed.

    .venv/bin/python bench/bench_suggest.py [--plain FILE] [--worded FILE] [--folds 2]

Prints a table and one JSON line. Targets (issue 6): plain speech top-3 >= 80 %, top-1 >= 60 %;
worded top-3 >= 97 %; median suggestion <= 30 ms after warm-up; start-up grows <= 0.3 s.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import text as sql_text

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from komoro_feedback.cli.suggest_command import read_labelled  # noqa: E402
from komoro_feedback.domain.suggestion import EvaluationResult, LabelledText  # noqa: E402
from komoro_feedback.services.actor import Actor  # noqa: E402
from komoro_feedback.services.container import Services  # noqa: E402
from komoro_feedback.services.suggestion_service import SuggestionService  # noqa: E402
from komoro_feedback.store.database import Database  # noqa: E402

DATA = ROOT / "tests" / "data"


def cross_validated(db: Database, examples: list[LabelledText], folds: int) -> EvaluationResult:
    """Train on all folds but one (as city-tagged comments), test on that one, for each fold."""
    items = []
    for k in range(folds):
        service = SuggestionService(db, Actor("bench"))
        service.add_examples(e for i, e in enumerate(examples) if i % folds != k)
        test = [e for i, e in enumerate(examples) if i % folds == k]
        items.extend(service.evaluate(test).items)
    return EvaluationResult(tuple(items))


def latency_ms(service: SuggestionService, texts: list[str]) -> tuple[float, float]:
    times = []
    for text in texts:
        start = time.perf_counter()
        service.suggest(text)
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return statistics.median(times), times[int(len(times) * 0.95) - 1]


def tagged_latency(db: Database, n: int, texts: list[str]) -> tuple[float, float]:
    """Latency once the city has tagged n comments (demo comments re-attributed to a person)."""
    sv = Services.build(db, Actor("bench"))
    sv.demo.generate(n, seed=5)
    with db.write() as s:
        s.execute(sql_text("UPDATE comment SET created_by = 'city' WHERE created_by = 'demo'"))
    service = SuggestionService(db, Actor("bench"))
    service.warm_up()
    assert service.learnt_comments() >= n, "the tagged comments were not learnt"
    return latency_ms(service, texts * 2)


def import_cost_s() -> float:
    """What the suggestion modules add to start-up: their import in a fresh interpreter."""
    code = (
        "import time, komoro_feedback.store.database, komoro_feedback.services.comment_service\n"
        "t = time.perf_counter()\n"
        "import komoro_feedback.services.suggestion_service\n"
        "import komoro_feedback.services.similarity_service\n"
        "print(time.perf_counter() - t)"
    )
    runs = [
        float(
            subprocess.run(
                [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
            ).stdout
        )
        for _ in range(5)
    ]
    return statistics.median(runs)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--plain", type=Path, default=DATA / "suggest_eval_plain.tsv")
    ap.add_argument("--worded", type=Path, default=DATA / "suggest_eval_worded.tsv")
    ap.add_argument("--folds", type=int, default=2)
    ap.add_argument("--tagged", type=int, default=10_000, help="city-tagged comments for latency")
    args = ap.parse_args()
    plain, worded = read_labelled(args.plain), read_labelled(args.worded)
    with tempfile.TemporaryDirectory() as tmp:
        db = Database(f"sqlite:///{tmp}/bench.sqlite3")
        Services.build(db, Actor("bench")).setup.initialise()
        service = SuggestionService(db, Actor("bench"))
        start = time.perf_counter()
        service.warm_up()
        build_s = time.perf_counter() - start
        p, w = service.evaluate(plain), service.evaluate(worded)
        cv = cross_validated(db, plain, args.folds)
        both = SuggestionService(db, Actor("bench"))
        both.add_examples(worded)
        pw = both.evaluate(plain)
        median, p95 = latency_ms(service, [e.text for e in plain + worded] * 3)
        tagged_median, tagged_p95 = tagged_latency(db, args.tagged, [e.text for e in plain])
        db.dispose()
    imports = import_cost_s()
    rows = [
        ("plain speech, programme + curated words", p, len(plain)),
        ("worded", w, len(worded)),
        (f"plain, {args.folds}-fold: other folds as city-tagged", cv, len(plain)),
        ("plain, worded set as city-tagged", pw, len(plain)),
    ]
    print(f"{'set':<48} {'n':>4} {'top-1':>7} {'top-3':>7}")
    for name, r, n in rows:
        print(f"{name:<48} {n:>4} {r.top1:>7.1%} {r.top3:>7.1%}")
    print(f"suggestion latency after warm-up: median {median:.2f} ms, p95 {p95:.2f} ms")
    print(
        f"with {args.tagged:,} city-tagged comments: median {tagged_median:.2f} ms, "
        f"p95 {tagged_p95:.2f} ms"
    )
    print(f"model build (background, first use): {build_s:.2f} s")
    print(f"start-up import of the suggestion modules: {imports * 1000:.0f} ms")
    print(
        json.dumps(
            {
                "plain_top1": round(p.top1, 4),
                "plain_top3": round(p.top3, 4),
                "worded_top1": round(w.top1, 4),
                "worded_top3": round(w.top3, 4),
                "plain_cv_top1": round(cv.top1, 4),
                "plain_cv_top3": round(cv.top3, 4),
                "plain_worded_tagged_top1": round(pw.top1, 4),
                "plain_worded_tagged_top3": round(pw.top3, 4),
                "median_ms": round(median, 3),
                "p95_ms": round(p95, 3),
                "tagged": args.tagged,
                "tagged_median_ms": round(tagged_median, 3),
                "tagged_p95_ms": round(tagged_p95, 3),
                "build_s": round(build_s, 3),
                "import_s": round(imports, 4),
            }
        )
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
