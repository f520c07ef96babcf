"""Issue 13: the one-policy PDF of ~10,000 comments, CPU and wall, in this process and as a
command, next to the floor of reading its rows (target 3 s).

    .venv/bin/python bench/bench_policy_pdf.py --db /work/bench/c1m.sqlite3 [--repeat 5]

Its own script, light at the top (the app's modules are imported in main): the report's themes
are worked out in a spawned process, which imports the __main__ module as the app's main.py
is imported, and a heavy one here would weigh on that process as it never does in the app.
"""

from __future__ import annotations

import argparse
import resource
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from komoro_feedback.services.container import Services
    from komoro_feedback.services.reports.service import ReportRequest

ROOT = Path(__file__).resolve().parents[1]

ROWS_FLOOR_SQL = (
    "SELECT c.received_on, w.name, d.name, c.kind, c.status, dep.name, c.text, c.answer,"
    " c.answered_on, c.spot_answer, c.due_on FROM comment c"
    " LEFT JOIN ward w ON w.id = c.ward_id LEFT JOIN district d ON d.id = w.district_id"
    " LEFT JOIN department dep ON dep.id = c.department_id"
    " WHERE c.deleted_at IS NULL AND c.primary_policy_id = (SELECT id FROM policy WHERE code = ?)"
    " AND c.received_on BETWEEN ? AND ? ORDER BY c.received_on, c.seq"
)


def policy_report_only(path: Path, repeat: int, tmp: Path) -> None:
    """Issue 13: the one-policy PDF of ~10,000 comments, CPU and wall, in this process and as
    a command, next to the floor of reading its rows (target 3 s)."""
    from bench.bench_reports import services, window_for
    from komoro_feedback.services.reports.service import ReportKind, ReportRequest

    big = services(path)
    start, end, n = window_for(big, "1-04", 10_000)
    req = ReportRequest(ReportKind.POLICY, policy_code="1-04", date_from=start, date_to=end)
    runs: list[tuple[float, float]] = []
    themes_cpu: list[float] = []  # the second process's (the themes), beside the report's
    pages = 0
    for _ in range(repeat):
        k0 = resource.getrusage(resource.RUSAGE_CHILDREN)
        c0, w0 = time.process_time(), time.perf_counter()
        pages = big.reports.build(req, tmp / "policy.pdf").pages
        runs.append((time.process_time() - c0, time.perf_counter() - w0))
        k1 = resource.getrusage(resource.RUSAGE_CHILDREN)
        themes_cpu.append(k1.ru_utime - k0.ru_utime + k1.ru_stime - k0.ru_stime)
    split = policy_report_split(big, req)
    big.close()
    cmd = [
        sys.executable, str(ROOT / "main.py"), "report", "policy", "--db", str(path),
        "--policy", "1-04", "--from", start.isoformat(), "--to", end.isoformat(),
        "--out", str(tmp / "cmd.pdf"),
    ]  # fmt: skip
    cmd_runs: list[tuple[float, float]] = []
    for _ in range(repeat):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        w0 = time.perf_counter()
        subprocess.run(cmd, check=True, capture_output=True)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        cmd_runs.append((cpu, time.perf_counter() - w0))
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    w0 = time.perf_counter()
    rows = con.execute(ROWS_FLOOR_SQL, ("1-04", start.isoformat(), end.isoformat())).fetchall()
    floor = time.perf_counter() - w0
    con.close()
    med = statistics.median
    print(f"policy report 1-04, {n:,} comments ({len(rows):,} rows read raw), {pages} pages")
    for name, rs in (("in process", runs), ("as a command", cmd_runs)):
        cpus, walls = [c for c, _w in rs], [w for _c, w in rs]
        print(
            f"  {name:<13} CPU median {med(cpus):.2f} s (min {min(cpus):.2f})"
            f"  wall median {med(walls):.2f} s (min {min(walls):.2f})  target 3.0 s"
        )
    print(
        f"  in process, the themes' second process: CPU median {med(themes_cpu):.2f} s"
        " (beside the report's own CPU above; the wall time is the wait)"
    )
    print(
        "  split (CPU, one warm run, all in this process): themes {themes:.2f} s,"
        " other gathering {rows:.2f} s, PDF {pdf:.2f} s".format(**split)
    )
    print(f"  SQL floor (its rows, raw sqlite3): {floor:.2f} s   load average: {load()}")


def policy_report_split(big: Services, req: ReportRequest) -> dict[str, float]:
    """Where one warm build spends its CPU: the themes, the rest of the gathering, the PDF."""
    from komoro_feedback.domain.query import CommentFilter
    from komoro_feedback.reports.policy_report import build_policy_report
    from komoro_feedback.services.collector_pause import collector_paused

    assert req.policy_code is not None
    pid = big.catalog.policy_by_code(req.policy_code).id
    f = CommentFilter(
        policy_ids=(pid,), primary_only=True, date_from=req.date_from, date_to=req.date_to
    )
    with collector_paused(), tempfile.TemporaryDirectory() as tmp:
        c0 = time.process_time()
        big.themes.themes(f, limit=8)
        c1 = time.process_time()
        pr = big.reports.policy_report(req)
        c2 = time.process_time()
        build_policy_report(pr, str(Path(tmp) / "split.pdf"))
        c3 = time.process_time()
    themes = c1 - c0
    return {"themes": themes, "rows": max(c2 - c1 - themes, 0.0), "pdf": c3 - c2}


def load() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--db", type=Path, required=True, help="a 1M demo database (SQLite)")
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    sys.path.insert(0, str(ROOT))
    tmp = Path(tempfile.mkdtemp(prefix="bench-policy-pdf-"))
    try:
        policy_report_only(args.db, args.repeat, tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
