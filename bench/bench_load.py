"""Load check (issue 5): N writer processes record comments while a reader lists and counts.

    .venv/bin/python bench/bench_load.py --pg-url postgresql+psycopg://postgres@127.0.0.1:5432/postgres
    .venv/bin/python bench/bench_load.py --pg-throwaway          # starts scripts/pg-throwaway
    .venv/bin/python bench/bench_load.py --backends sqlite --writers 4 --seconds 10

For each backend and each N: a fresh database (SQLite file under bench/out/, or a new database
on the PostgreSQL server, dropped afterwards), preloaded with demo data; then N writer processes
call `services.comments.record` in a loop for the given time, and one reader process runs a
first page (50 rows), a count and the policy x district x status counts in a loop. Every saved
comment's id is sent back by its writer only after `record` returned (acknowledged). At the end
the database must hold exactly preload + acknowledged comments, and every acknowledged id.
Prints a table and one JSON line per run.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import random
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

OUT = ROOT / "bench" / "out"


def _services(url: str, who: str) -> Any:
    from komoro_feedback.services.actor import Actor
    from komoro_feedback.services.container import Services
    from komoro_feedback.store.database import Database

    return Services.build(Database(url), Actor(who))


def writer(url: str, n: int, start: Any, stop_at: Any, results: Any) -> None:
    from komoro_feedback.domain.comment import CommentDraft
    from komoro_feedback.domain.enums import Channel, CommentKind
    from komoro_feedback.domain.errors import KomoroError

    sv = _services(url, f"writer-{n}")
    rng = random.Random(n)
    wards = [w.id for w in sv.catalog.wards()]
    policies = [p.id for p in sv.catalog.programme().policies()]
    kinds = list(CommentKind)
    sv.catalog.wards()  # one round-trip so the pool holds a connection before the start
    acked: list[str] = []
    latencies: list[float] = []
    errors: list[str] = []
    start.wait()
    deadline = stop_at.value
    i = 0
    while time.time() < deadline:
        i += 1
        draft = CommentDraft(
            text=f"負荷試験 書き手{n} {i}件目: 保育園の送迎で道が混むので信号がほしい",
            kind=rng.choice(kinds),
            ward_id=rng.choice(wards),
            policy_ids=(rng.choice(policies),),
            channel=Channel.LETTER,
        )
        t0 = time.perf_counter()
        try:
            c = sv.comments.record(draft)
        except KomoroError as exc:
            errors.append(str(exc)[:80])
            continue
        latencies.append(time.perf_counter() - t0)
        acked.append(c.id)
    sv.close()
    results.put(("writer", n, acked, latencies, errors))


def reader(url: str, start: Any, stop_at: Any, results: Any) -> None:
    from komoro_feedback.domain.query import CommentFilter, CommentQuery

    sv = _services(url, "reader")
    sv.catalog.wards()
    latencies: list[float] = []
    start.wait()
    deadline = stop_at.value
    while time.time() < deadline:
        t0 = time.perf_counter()
        sv.queries.page(CommentQuery(filter=CommentFilter(), limit=50))
        sv.queries.count(CommentFilter())
        sv.queries.counts(CommentFilter())
        latencies.append(time.perf_counter() - t0)
    sv.close()
    results.put(("reader", 0, [], latencies, []))


def pct(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def fresh_database(backend: str, pg_url: str | None, preload: int) -> tuple[str, Any]:
    """Create, migrate, seed and preload a database; return its URL and a cleanup function."""
    if backend == "sqlite":
        OUT.mkdir(parents=True, exist_ok=True)
        path = OUT / f"load-{uuid.uuid4().hex[:8]}.sqlite3"
        url = f"sqlite:///{path}"

        def cleanup() -> None:
            for p in path.parent.glob(path.name + "*"):
                p.unlink(missing_ok=True)

    else:
        from sqlalchemy import create_engine, text
        from sqlalchemy.engine import make_url

        assert pg_url
        name = f"komoro_load_{uuid.uuid4().hex[:8]}"
        admin = create_engine(pg_url, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        url = make_url(pg_url).set(database=name).render_as_string(hide_password=False)

        def cleanup() -> None:
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            admin.dispose()

    sv = _services(url, "bench")
    sv.setup.initialise()
    if preload:
        sv.demo.generate(preload, seed=5)
    sv.close()
    return url, cleanup


def final_state(url: str) -> tuple[int, set[str]]:
    from sqlalchemy import func, select

    from komoro_feedback.store.models import CommentRow

    sv = _services(url, "bench")
    with sv.db.read() as s:
        n = s.scalar(select(func.count()).select_from(CommentRow)) or 0
        ids = set(s.scalars(select(CommentRow.id).where(CommentRow.created_by.like("writer-%"))))
    sv.close()
    return int(n), ids


def run_one(
    backend: str, n_writers: int, seconds: float, pg_url: str | None, preload: int
) -> dict[str, Any]:
    url, cleanup = fresh_database(backend, pg_url, preload)
    try:
        before, _ids = final_state(url)
        ctx = mp.get_context("spawn")
        start = ctx.Event()
        stop_at = ctx.Value("d", 0.0)
        results = ctx.Queue()
        procs = [
            ctx.Process(target=writer, args=(url, i, start, stop_at, results))
            for i in range(n_writers)
        ]
        procs.append(ctx.Process(target=reader, args=(url, start, stop_at, results)))
        for p in procs:
            p.start()
        time.sleep(3.0)  # let every process import and connect before the clock starts
        stop_at.value = time.time() + seconds
        start.set()
        collected = [results.get(timeout=seconds + 120) for _ in procs]
        for p in procs:
            p.join(timeout=30)
        acked: list[str] = []
        save_lat: list[float] = []
        errors: list[str] = []
        read_lat: list[float] = []
        for kind, _n, ids, lat, errs in collected:
            if kind == "writer":
                acked.extend(ids)
                save_lat.extend(lat)
                errors.extend(errs)
            else:
                read_lat.extend(lat)
        total, stored = final_state(url)
        return {
            "backend": backend,
            "writers": n_writers,
            "seconds": seconds,
            "preload": before,
            "acknowledged": len(acked),
            "distinct_acknowledged": len(set(acked)),
            "final_count": total,
            "count_matches": total == before + len(acked) and set(acked) == stored,
            "saves_per_s": round(len(acked) / seconds, 1),
            "save_p50_ms": round(pct(save_lat, 50) * 1000, 1),
            "save_p99_ms": round(pct(save_lat, 99) * 1000, 1),
            "save_max_ms": round(max(save_lat) * 1000, 1) if save_lat else None,
            "errors": len(errors),
            "error_sample": errors[:3],
            "reader_rounds": len(read_lat),
            "read_p50_ms": round(pct(read_lat, 50) * 1000, 1),
            "read_p99_ms": round(pct(read_lat, 99) * 1000, 1),
        }
    finally:
        cleanup()


def main() -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument(
        "--backends", nargs="+", default=["sqlite", "postgresql"], choices=["sqlite", "postgresql"]
    )
    ap.add_argument("--writers", nargs="+", type=int, default=[4, 8])
    ap.add_argument("--seconds", type=float, default=30.0)
    ap.add_argument("--preload", type=int, default=20000)
    ap.add_argument("--pg-url", default=None, help="a server where we may CREATE DATABASE")
    ap.add_argument("--pg-throwaway", action="store_true", help="start scripts/pg-throwaway")
    args = ap.parse_args()
    pg_dir = None
    pg_url = args.pg_url
    if "postgresql" in args.backends and not pg_url:
        if not args.pg_throwaway:
            ap.error("PostgreSQL needs --pg-url or --pg-throwaway (or use --backends sqlite)")
        pg_dir = tempfile.mkdtemp(prefix="komoro-bench-pg-")
        pg_url = subprocess.run(
            [str(ROOT / "scripts" / "pg-throwaway"), "start", pg_dir],
            check=True,
            capture_output=True,
            text=True,
        ).stdout.strip()
    rows = []
    try:
        for backend in args.backends:
            for n in args.writers:
                row = run_one(backend, n, args.seconds, pg_url, args.preload)
                rows.append(row)
                print(json.dumps(row, ensure_ascii=False), flush=True)
    finally:
        if pg_dir:
            subprocess.run(
                [str(ROOT / "scripts" / "pg-throwaway"), "stop", pg_dir],
                check=False,
                capture_output=True,
            )
            shutil.rmtree(pg_dir, ignore_errors=True)
    print()
    print(
        f"{'backend':<11}{'N':>3}{'saves/s':>9}{'p50 ms':>8}{'p99 ms':>8}{'max ms':>8}"
        f"{'acked':>7}{'final':>8}{'ok':>4}{'errors':>7}{'reads':>7}{'read p50':>9}{'read p99':>9}"
    )
    for r in rows:
        print(
            f"{r['backend']:<11}{r['writers']:>3}{r['saves_per_s']:>9}{r['save_p50_ms']:>8}"
            f"{r['save_p99_ms']:>8}{r['save_max_ms']!s:>8}{r['acknowledged']:>7}{r['final_count']:>8}"
            f"{'yes' if r['count_matches'] else 'NO':>4}{r['errors']:>7}{r['reader_rounds']:>7}"
            f"{r['read_p50_ms']:>9}{r['read_p99_ms']:>9}"
        )
    return 0 if all(r["count_matches"] for r in rows) else 1


if __name__ == "__main__":
    raise SystemExit(main())
