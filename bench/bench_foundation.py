"""Foundation benchmark: bulk insert rate, add round trip, lists, sorts, search, counts, size.

    .venv/bin/python bench/bench_foundation.py [--sizes 100000 1000000] [--repeat 5]
    .venv/bin/python bench/bench_foundation.py --db /tmp/c1m.sqlite3   # an existing database

Builds bench/out/demo-N.sqlite3 with `komoro-feedback demo-data` (reused if present; --fresh to
rebuild) and prints a table and JSON. Times are medians of --repeat runs on a warm cache.

Beside each app figure, the raw-SQL floor of the same run: every statement the app sent to
SQLite during the call (caught with the driver's trace callback, parameters expanded) is
replayed on a plain sqlite3 connection and fetched; the floor is that replay's median. The
ratio app / floor is what the Python side adds. Writes (`record`) have no floor.
Targets (issue 13, at 1,000,000 comments): counts <= 30 ms; first page of any filter or sort
<= 20 ms; row 5,000 of any sort <= 300 ms; 3+ character count <= 20 ms; 1-2 character count
and first page <= 100 ms; save <= 10 ms; app / floor <= 3.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sqlite3
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from komoro_feedback.domain.comment import CommentDraft  # noqa: E402
from komoro_feedback.domain.enums import Channel, CommentKind, Status  # noqa: E402
from komoro_feedback.domain.query import CommentFilter, CommentQuery, SortKey  # noqa: E402
from komoro_feedback.services.actor import Actor  # noqa: E402
from komoro_feedback.services.container import Services  # noqa: E402
from komoro_feedback.store.database import Database  # noqa: E402
from komoro_feedback.store.search_index import SQL_FUNCTION, short_index_text  # noqa: E402

OUT = ROOT / "bench" / "out"


def timed(fn: Callable[[], Any], repeat: int, cpu: list[float] | None = None) -> tuple[float, Any]:
    """Median wall ms of `repeat` runs after a warm-up; the median CPU ms goes into `cpu`."""
    fn()  # warm
    samples = []
    cpu_samples = []
    result = None
    for _ in range(repeat):
        c = time.process_time()
        t = time.perf_counter()
        result = fn()
        samples.append((time.perf_counter() - t) * 1000)
        cpu_samples.append((time.process_time() - c) * 1000)
    if cpu is not None:
        cpu.append(statistics.median(cpu_samples))
    return statistics.median(samples), result


SKIP = ("BEGIN", "COMMIT", "ROLLBACK", "PRAGMA", "SAVEPOINT", "RELEASE", "--")


class Floor:
    """Catches the SQL the app runs (trace callback) and times its replay on a raw connection."""

    def __init__(self, db: Database, path: Path) -> None:
        from sqlalchemy import event

        self.statements: list[str] = []
        self.on = False
        self.raw = sqlite3.connect(path, isolation_level=None)
        self.raw.create_function(SQL_FUNCTION, 1, short_index_text)

        def trace(sql: str) -> None:
            if self.on and not sql.lstrip().upper().startswith(SKIP):
                self.statements.append(sql)

        @event.listens_for(db.engine, "checkout")
        def _checkout(dbapi: Any, _rec: Any, _proxy: Any) -> None:
            dbapi.set_trace_callback(trace)

    def catch(self, fn: Callable[[], Any]) -> list[str]:
        self.statements, self.on = [], True
        try:
            fn()
        finally:
            self.on = False
        return self.statements

    def replay(self, statements: list[str]) -> None:
        self.raw.execute("BEGIN")
        for sql in statements:
            self.raw.execute(sql).fetchall()
        self.raw.execute("COMMIT")


class PgFloor(Floor):
    """The same on PostgreSQL: statements caught before execution (through SQLAlchemy, or on
    the driver's connection for the list pages), replayed with psycopg in autocommit, prepared
    where the app prepared them."""

    def __init__(self, db: Database, url: str) -> None:
        import psycopg
        from sqlalchemy import event
        from sqlalchemy.engine import make_url

        self.statements: list[tuple[str, Any]] = []  # type: ignore[assignment]
        self.on = False
        u = make_url(url)
        # Autocommit, as the app reads (Database.read, read_driver): no BEGIN/ROLLBACK trips.
        self.raw = psycopg.connect(  # type: ignore[assignment]
            host=u.host,
            port=u.port,
            user=u.username,
            password=u.password,
            dbname=u.database,
            autocommit=True,
        )

        @event.listens_for(db.engine, "before_cursor_execute")
        def _before(_c: Any, _cur: Any, statement: str, params: Any, _ctx: Any, many: bool) -> None:
            if self.on and not many and not statement.lstrip().upper().startswith(SKIP):
                self.statements.append((statement, params, None))

        @event.listens_for(db.engine, "connect")
        def _connect(dbapi: Any, _rec: Any) -> None:
            # The list pages run on the driver (store/pg_stored.py), prepared: catch them too.
            execute = dbapi.execute

            def traced(sql: str, params: Any = None, **kw: Any) -> Any:
                if self.on and not sql.lstrip().upper().startswith(SKIP):
                    self.statements.append((sql, params, kw.get("prepare")))
                return execute(sql, params, **kw)

            dbapi.execute = traced

    def replay(self, statements: list[Any]) -> None:
        with self.raw.cursor() as cur:
            for sql, params, prepare in statements:
                cur.execute(sql, params, prepare=prepare)
                if cur.description is not None:
                    cur.fetchall()


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


def measure(
    path: Path | str, rate: float | None, repeat: int, only: str | None = None
) -> dict[str, Any]:
    pg = isinstance(path, str)
    db = Database(path if isinstance(path, str) else f"sqlite:///{path}")
    floor = PgFloor(db, path) if isinstance(path, str) else Floor(db, path)
    sv = Services.build(db, Actor("bench"))
    cat = sv.catalog
    q = sv.queries
    ward = cat.ward_by_name("乙女")
    district = cat.district_by_name("南大井")
    policy = cat.policy_by_code("5-03")
    r: dict[str, Any] = {"comments": q.count(CommentFilter()), "demo_data_per_s": rate}

    def both(key: str, fn: Callable[[], Any]) -> Any:
        if only and not re.search(only, key):
            return None
        cpu: list[float] = []
        r[f"{key}_ms"], result = timed(fn, repeat, cpu)
        r[f"{key}_cpu"] = cpu[0]  # the app's CPU time: less noisy than wall on a shared machine
        statements = floor.catch(fn)
        r[f"{key}_floor_ms"], _ = timed(lambda: floor.replay(statements), repeat)
        return result

    def first_page(f: CommentFilter, sort: SortKey = SortKey.RECEIVED) -> Callable[[], int]:
        return lambda: len(q.browse(CommentQuery(filter=f, sort=sort, limit=50)).items)

    def to_row(n: int, sort: SortKey) -> Callable[[], int]:
        def scroll() -> int:
            seen, after = 0, None
            while seen < n:
                page = q.browse(CommentQuery(sort=sort, limit=200, after=after))
                seen += len(page.items)
                after = page.next_cursor
                if after is None:
                    break
            return seen

        return scroll

    year = CommentFilter(date_from=date(2025, 4, 1), date_to=date(2026, 3, 31))
    both("first_page_all", first_page(CommentFilter()))
    both("first_page_ward_open", first_page(CommentFilter(ward_ids=(ward.id,), open_only=True)))
    both(
        "first_page_district_policy",
        first_page(CommentFilter(district_ids=(district.id,), policy_ids=(policy.id,))),
    )
    both(
        "first_page_status_period",
        first_page(replace(year, statuses=(Status.ANSWERED,))),
    )
    for sort in SortKey:
        both(f"sort_{sort.value}_first_page", first_page(CommentFilter(), sort))
        both(f"sort_{sort.value}_to_row_5000", to_row(5000, sort))
    for label, text in (
        ("search3", "愛のりくん"),
        ("search3_rare", "ファミリーサポート"),
        ("search2", "道路"),
        ("search1", "熊"),
    ):
        both(f"{label}_first_page", lambda t=text: q.search(t, limit=50))
        hits = both(f"{label}_count", lambda t=text: q.count(CommentFilter(text=t)))
        if hits is not None:
            r[f"{label}_hits"] = hits
    both("search3_in_list_order", first_page(CommentFilter(text="愛のりくん")))
    rows = both("counts_policy_district_status", lambda: q.counts(CommentFilter()))
    if rows is not None:
        r["counts_cells"] = len(rows)
    both("counts_one_year", lambda: q.counts(year))
    both("districts_page_counts", lambda: q.status_counts_by_ward(CommentFilter()))
    both(
        "count_district_open",
        lambda: q.count(CommentFilter(district_ids=(district.id,), open_only=True)),
    )
    if only and not re.search(only, "add"):
        sv.close()
        return {k: round(v, 1) if isinstance(v, float) else v for k, v in r.items()}
    draft = CommentDraft(
        text="ベンチマークの意見です。バスの本数を増やしてほしい。",
        kind=CommentKind.REQUEST,
        ward_id=ward.id,
        policy_ids=(policy.id,),
        channel=Channel.PHONE,
    )
    if only and not re.search(only, "add_service"):
        sv.close()
        return {k: round(v, 1) if isinstance(v, float) else v for k, v in r.items()}
    cpu: list[float] = []
    r["add_service_ms"], _ = timed(lambda: sv.comments.record(draft), repeat, cpu)
    r["add_service_cpu"] = cpu[0]
    t = time.perf_counter()
    subprocess.run(
        [
            sys.executable,
            str(ROOT / "main.py"),
            "add",
            "--database-url" if pg else "--db",
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
    if isinstance(path, Path):
        r["db_mb"] = round(sum(p.stat().st_size for p in path.parent.glob(path.name + "*")) / 1e6)
    return {k: round(v, 1) if isinstance(v, float) else v for k, v in r.items()}


def _table(results: dict[str, dict[str, Any]]) -> None:
    """One line per figure: the app's time, the raw-SQL floor and their ratio, per size."""
    first = next(iter(results.values()))
    keys = [k for k in first if not k.endswith(("_floor_ms", "_cpu"))]
    head = "".join(f"{n:>12}{'floor':>10}{'x':>6}{'cpu':>8}" for n in results)
    print(f"{'metric':<40}{head}")
    for k in keys:
        line = f"{k:<40}"
        for res in results.values():
            v = res.get(k)
            fl = res.get(k.removesuffix("_ms") + "_floor_ms") if k.endswith("_ms") else None
            ratio = f"{v / fl:.1f}" if fl and isinstance(v, int | float) and fl > 0 else ""
            cpu = res.get(k.removesuffix("_ms") + "_cpu") if k.endswith("_ms") else None
            fl_s = "" if fl is None else str(fl)
            cpu_s = "" if cpu is None else str(round(cpu, 1))
            line += f"{v!s:>12}{fl_s:>10}{ratio:>6}{cpu_s:>8}"
        print(line)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--fresh", action="store_true")
    ap.add_argument("--db", type=Path, help="measure this database instead of building one")
    ap.add_argument("--database-url", help="measure this PostgreSQL database (floor: psycopg)")
    ap.add_argument(
        "--only", help="measure only the figures whose name matches this regular expression"
    )
    args = ap.parse_args()
    print(f"load average before: {os.getloadavg()}")
    if args.db or args.database_url:
        results = {}
        if args.db:
            results[args.db.name] = measure(args.db, None, args.repeat, args.only)
        if args.database_url:
            results["postgresql"] = measure(args.database_url, None, args.repeat, args.only)
    else:
        results = {
            str(n): measure(*build(n, args.fresh), args.repeat, args.only) for n in args.sizes
        }
    print(f"load average after: {os.getloadavg()}")
    _table(results)
    print(json.dumps(results, ensure_ascii=False))


if __name__ == "__main__":
    main()
