"""Benchmarks of issues 4 and 10: reports, Excel export and import, against their targets.

    .venv/bin/python bench/bench_reports.py [--big DB_1M] [--mid DB_100K] [--reports-only]
    .venv/bin/python bench/bench_reports.py --big DB_1M --policy-only [--repeat N]

Issue 10 adds the policy x district matrix and the districts compared over the big database,
each next to its raw-SQL floor (the same grouped queries run directly on sqlite3).

Databases are made once with `komoro-feedback demo-data --db bench/out/X.sqlite3 --comments N`
(missing ones are built). Prints a table (seconds, target, pass) and one JSON line.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from komoro_feedback.domain.query import CommentFilter  # noqa: E402
from komoro_feedback.reports.model import ReportOptions  # noqa: E402
from komoro_feedback.services.actor import Actor  # noqa: E402
from komoro_feedback.services.container import Services  # noqa: E402
from komoro_feedback.services.reports.service import ReportKind, ReportRequest  # noqa: E402
from komoro_feedback.store.database import Database  # noqa: E402

OUT = ROOT / "bench" / "out"
CLI = str(ROOT / ".venv" / "bin" / "komoro-feedback")
OPEN = "('received', 'routed', 'in_progress')"
#: The grouped queries behind the matrix and the districts compared (SQLite, the whole table).
FLOOR_SQL = {
    "counts": "SELECT primary_policy_id, ward_id, status, count(*) FROM comment"
    " INDEXED BY ix_comment_counts WHERE deleted_at IS NULL GROUP BY 1, 2, 3",
    "overdue": "SELECT primary_policy_id, ward_id, count(*) FROM comment"
    f" INDEXED BY ix_comment_follow_up WHERE deleted_at IS NULL AND status IN {OPEN}"
    " AND due_on < date('now') GROUP BY 1, 2",
    "days": "SELECT {key}, CAST(julianday(answered_on) - julianday(received_on) AS INTEGER),"
    " count(*) FROM comment INDEXED BY ix_comment_follow_up"
    " WHERE deleted_at IS NULL AND answered_on IS NOT NULL GROUP BY 1, 2",
}


def ensure_db(path: Path, n: int) -> Path:
    if not path.exists():
        subprocess.run([CLI, "demo-data", "--db", str(path), "--comments", str(n)], check=True)
    return path


def services(path: Path) -> Services:
    return Services.build(Database(f"sqlite:///{path}"), Actor("bench"))


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    started = time.perf_counter()
    result = fn()
    return time.perf_counter() - started, result


def window_for(sv: Services, code: str, target: int) -> tuple[date, date, int]:
    """A period ending at the newest comment in which one policy has about `target` comments."""
    pid = sv.catalog.policy_by_code(code).id
    lo, hi = sv.queries.received_range()
    assert lo and hi
    total = sv.queries.count(CommentFilter(policy_ids=(pid,), primary_only=True))
    days = max(1, int((hi - lo).days * min(1.0, target / max(total, 1))))
    start = date.fromordinal(hi.toordinal() - days)
    n = sv.queries.count(CommentFilter(policy_ids=(pid,), primary_only=True, date_from=start))
    return start, hi, n


def sql_floor(path: Path, key: str) -> float:
    """Seconds for the report's grouped queries run directly (no Python around them)."""
    con = sqlite3.connect(path)
    try:
        started = time.perf_counter()
        for name in ("counts", "overdue", "days"):
            con.execute(FLOOR_SQL[name].format(key=key)).fetchall()
        return time.perf_counter() - started
    finally:
        con.close()


def follow_up_reports(big: Services, path: Path, tmp: Path) -> dict[str, dict[str, Any]]:
    """Issue 10: the whole-programme matrix and the districts compared, with and without the
    comparison with the previous period (fiscal year 2025 against 2024)."""
    out: dict[str, dict[str, Any]] = {}
    fy = {"date_from": date(2025, 4, 1), "date_to": date(2026, 3, 31)}
    cases = [
        ("policy x district matrix (counts-only)", ReportKind.POLICY, {}, "primary_policy_id"),
        ("districts compared (area, counts-only)", ReportKind.AREA, {}, "ward_id"),
        ("matrix, FY2025 vs FY2024", ReportKind.POLICY, fy, None),
        ("districts compared, FY2025 vs FY2024", ReportKind.AREA, fy, None),
    ]
    for name, kind, period, floor_key in cases:
        options = ReportOptions(counts_only=True, compare_previous=bool(period))
        req = ReportRequest(kind, options=options, **period)  # type: ignore[arg-type]
        big.reports.build(req, tmp / "warm.pdf")  # the page cache, as on a second run
        secs, res = timed(lambda req=req: big.reports.build(req, tmp / "follow.pdf"))
        out[name] = {
            "comments": res.comments, "pages": res.pages, "seconds": secs, "target": 3.0,
            "sql_floor": round(sql_floor(path, floor_key), 2) if floor_key else None,
        }  # fmt: skip
    return out


#: The rows a policy report prints, read directly (the floor of the report's gathering).
def load() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--big", type=Path, default=OUT / "c1m.sqlite3")
    ap.add_argument("--mid", type=Path, default=OUT / "c100k.sqlite3")
    ap.add_argument("--reports-only", action="store_true", help="only issue 10's reports")
    ap.add_argument(
        "--policy-only",
        action="store_true",
        help="only issue 13's one-policy PDF (~10,000 comments): CPU and wall, in process"
        " and as a command",
    )
    ap.add_argument("--repeat", type=int, default=3, help="runs of --policy-only (default 3)")
    args = ap.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix="bench-reports-"))
    if args.policy_only:  # its own script: the themes process imports the __main__ module
        shutil.rmtree(tmp, ignore_errors=True)
        script = Path(__file__).with_name("bench_policy_pdf.py")
        cmd = [sys.executable, str(script), "--db", str(args.big), "--repeat", str(args.repeat)]
        sys.exit(subprocess.call(cmd))
    big = services(ensure_db(args.big, 1_000_000))
    results: dict[str, dict[str, Any]] = {}
    if args.reports_only:
        try:
            results = follow_up_reports(big, args.big, tmp)
        finally:
            big.close()
            shutil.rmtree(tmp, ignore_errors=True)
        report(results)
        return
    mid = services(ensure_db(args.mid, 100_000))
    try:
        results.update(follow_up_reports(big, args.big, tmp))
        start, end, n = window_for(big, "1-04", 10_000)
        req = ReportRequest(ReportKind.POLICY, policy_code="1-04", date_from=start, date_to=end)
        secs, res = timed(lambda: big.reports.build(req, tmp / "policy.pdf"))
        results["policy report, 1 policy, with comments"] = {
            "comments": n, "pages": res.pages, "seconds": secs, "target": 5.0,
        }  # fmt: skip

        req = ReportRequest(ReportKind.POLICY, options=ReportOptions(counts_only=True))
        secs, res = timed(lambda: big.reports.build(req, tmp / "counts.pdf"))
        results["counts-only report, 67 policies"] = {
            "comments": res.comments, "pages": res.pages, "seconds": secs, "target": 3.0,
        }  # fmt: skip

        secs, res = timed(lambda: mid.exports.export(CommentFilter(), tmp / "all.xlsx", "xlsx"))
        results["export to xlsx"] = {
            "comments": res.rows, "pages": None, "seconds": secs, "target": 20.0,
        }  # fmt: skip

        # Import: 10,000 rows exported from the mid database into a fresh one.
        ids = mid.queries.ids(CommentFilter(), limit=10_000)
        last = mid.comments.get(ids[-1]).received_on
        mid.exports.export(CommentFilter(date_to=last), tmp / "10k.xlsx", "xlsx")
        fresh = tmp / "fresh.sqlite3"
        subprocess.run([CLI, "init", "--db", str(fresh)], check=True, capture_output=True)
        target = services(fresh)

        def do_import() -> Any:
            preview = target.imports.preview(tmp / "10k.xlsx")
            assert preview.ok, preview.problem_lines()[:3]
            return target.imports.commit(preview)

        secs, res = timed(do_import)
        results["import from xlsx"] = {
            "comments": res.added, "pages": None, "seconds": secs, "target": 10.0,
        }  # fmt: skip
        target.close()
    finally:
        big.close()
        mid.close()
        shutil.rmtree(tmp, ignore_errors=True)
    report(results)


def report(results: dict[str, dict[str, Any]]) -> None:
    head = f"{'benchmark':<42}{'comments':>10}{'pages':>7}{'seconds':>9}{'SQL floor':>10}"
    print(f"{head}{'target':>8}  ok")
    for name, r in results.items():
        r["seconds"] = round(r["seconds"], 2)
        r["ok"] = r["seconds"] <= r["target"]
        pages = "" if r["pages"] is None else r["pages"]
        floor = r.get("sql_floor")
        print(
            f"{name:<42}{r['comments']:>10,}{pages!s:>7}{r['seconds']:>9.2f}"
            f"{'' if floor is None else f'{floor:.2f}':>10}{r['target']:>8.1f}"
            f"  {'yes' if r['ok'] else 'NO'}"
        )
    print(json.dumps(results, ensure_ascii=False))


if __name__ == "__main__":
    main()
