"""Foundation benchmark: bulk insert rate, add round trip, lists, search, counts, size.

    .venv/bin/python bench/bench_foundation.py [--sizes 100000 1000000] [--repeat 5]

Builds bench/out/demo-N.sqlite3 with `komoro-feedback demo-data` (reused if present; --fresh to
rebuild) and prints a table and JSON. Times are medians of --repeat runs on a warm cache.
Targets (issue 2, at 1,000,000 comments on 2 cores): filtered first page and 3+ character search
<= 50 ms; 1-2 character search <= 400 ms; counts <= 150 ms; demo-data >= 15,000 comments/s.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from komoro_feedback.domain.comment import CommentDraft  # noqa: E402
from komoro_feedback.domain.enums import Channel, CommentKind, Status  # noqa: E402
from komoro_feedback.domain.query import CommentFilter, CommentQuery  # noqa: E402
from komoro_feedback.services.actor import Actor  # noqa: E402
from komoro_feedback.services.container import Services  # noqa: E402
from komoro_feedback.store.database import Database  # noqa: E402

OUT = ROOT / "bench" / "out"


def timed(fn: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    fn()  # warm
    samples = []
    result = None
    for _ in range(repeat):
        t = time.perf_counter()
        result = fn()
        samples.append((time.perf_counter() - t) * 1000)
    return statistics.median(samples), result


def build(n: int, fresh: bool) -> tuple[Path, float | None]:
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / f"demo-{n}.sqlite3"
    if path.exists() and not fresh:
        return path, None
    for suffix in ("", "-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    cli = [sys.executable, str(ROOT / "main.py")]
    subprocess.run([*cli, "init", "--db", str(path)], check=True, capture_output=True)
    proc = subprocess.run(
        [*cli, "demo-data", "--db", str(path), "--comments", str(n), "--seed", "1", "--json"],
        check=True,
        capture_output=True,
        text=True,
    )
    return path, json.loads(proc.stdout)["per_second"]


def measure(n: int, repeat: int, fresh: bool) -> dict[str, Any]:
    path, rate = build(n, fresh)
    sv = Services.build(Database(f"sqlite:///{path}"), Actor("bench"))
    cat = sv.catalog
    q = sv.queries
    ward = cat.ward_by_name("乙女")
    district = cat.district_by_name("南大井")
    policy = cat.policy_by_code("5-03")
    r: dict[str, Any] = {"comments": q.count(CommentFilter()), "demo_data_per_s": rate}

    def first_page(f: CommentFilter) -> Callable[[], int]:
        return lambda: len(q.page(CommentQuery(filter=f, limit=50)).items)

    r["first_page_all_ms"], _ = timed(first_page(CommentFilter()), repeat)
    r["first_page_ward_open_ms"], _ = timed(
        first_page(CommentFilter(ward_ids=(ward.id,), open_only=True)), repeat
    )
    r["first_page_district_policy_ms"], _ = timed(
        first_page(CommentFilter(district_ids=(district.id,), policy_ids=(policy.id,))), repeat
    )
    r["first_page_status_period_ms"], _ = timed(
        first_page(
            CommentFilter(
                statuses=(Status.ANSWERED,),
                date_from=__import__("datetime").date(2025, 4, 1),
                date_to=__import__("datetime").date(2026, 3, 31),
            )
        ),
        repeat,
    )
    for label, text in (
        ("search3", "愛のりくん"),
        ("search3_rare", "ファミリーサポート"),
        ("search2", "道路"),
        ("search1", "熊"),
    ):
        r[f"{label}_first_page_ms"], _page = timed(lambda t=text: q.search(t, limit=50), repeat)
        r[f"{label}_count_ms"], count = timed(lambda t=text: q.count(CommentFilter(text=t)), repeat)
        r[f"{label}_hits"] = count
    r["search3_in_list_order_ms"], _ = timed(first_page(CommentFilter(text="愛のりくん")), repeat)
    r["counts_policy_district_status_ms"], rows = timed(lambda: q.counts(CommentFilter()), repeat)
    r["counts_cells"] = len(rows)
    r["counts_one_year_ms"], _ = timed(
        lambda: q.counts(
            CommentFilter(
                date_from=__import__("datetime").date(2025, 4, 1),
                date_to=__import__("datetime").date(2026, 3, 31),
            )
        ),
        repeat,
    )
    draft = CommentDraft(
        text="ベンチマークの意見です。バスの本数を増やしてほしい。",
        kind=CommentKind.REQUEST,
        ward_id=ward.id,
        policy_ids=(policy.id,),
        channel=Channel.PHONE,
    )
    r["add_service_ms"], _ = timed(lambda: sv.comments.record(draft), repeat)
    t = time.perf_counter()
    subprocess.run(
        [
            sys.executable,
            str(ROOT / "main.py"),
            "add",
            "--db",
            str(path),
            "--text",
            "CLIからの意見",
            "--ward",
            "乙女",
            "--policy",
            "5-03",
        ],
        check=True,
        capture_output=True,
    )
    r["add_cli_process_ms"] = (time.perf_counter() - t) * 1000
    sv.close()
    r["db_mb"] = round(sum(p.stat().st_size for p in path.parent.glob(path.name + "*")) / 1e6)
    return {k: round(v, 1) if isinstance(v, float) else v for k, v in r.items()}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--fresh", action="store_true")
    args = ap.parse_args()
    results = {str(n): measure(n, args.repeat, args.fresh) for n in args.sizes}
    keys = list(next(iter(results.values())))
    print(f"{'metric':<36}" + "".join(f"{n:>14}" for n in results))
    for k in keys:
        print(f"{k:<36}" + "".join(f"{results[n][k]!s:>14}" for n in results))
    print(json.dumps(results, ensure_ascii=False))


if __name__ == "__main__":
    main()
