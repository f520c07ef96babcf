"""Start-up benchmark: `catalog --json` as a whole process, and the window shown on 100,000.

    python bench/bench_startup.py [--runs 7] [--size 100000] [--skip-window]

Both are medians of separate process runs (a warm disk cache: one unmeasured run first).
Prints a table, the slowest imports of `catalog --json` (`python -X importtime`), and one
JSON line, with the floors: the catalog read with sqlite3 alone and an empty Qt window shown.
The database is built with `main.py demo-data` under bench/out/ and reused. Prints the load.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
PYTHON = sys.executable
sys.path.insert(0, str(ROOT / "bench"))


def ensure_db(n: int) -> Path:
    path = OUT / f"bench-startup-{n}.sqlite3"
    if not path.exists():
        OUT.mkdir(parents=True, exist_ok=True)
        print(f"building {path.name} ({n:,} comments)…", file=sys.stderr)
        subprocess.run(
            [PYTHON, "main.py", "demo-data", "--db", str(path), "--comments", str(n)],
            check=True,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
        )
    return path


def cli_env(home: str) -> dict[str, str]:
    return {**os.environ, "KOMORO_DATA_DIR": home}


def allow_bytecode_cache() -> None:
    """An installed app has its .pyc files (pip compiles them); PYTHONDONTWRITEBYTECODE would
    make every run compile the package again. The unmeasured first run writes them."""
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    subprocess.run([PYTHON, "-m", "compileall", "-q", str(ROOT / "komoro_feedback")], check=True)


def measure_cli(db: Path, runs: int) -> dict[str, Any]:
    """Wall time and CPU time of `python main.py catalog --json` from exec to exit."""
    walls: list[float] = []
    cpus: list[float] = []
    cmd = [PYTHON, "main.py", "catalog", "--db", str(db), "--json"]
    with tempfile.TemporaryDirectory(prefix="komoro-bench-home-") as home:
        for i in range(runs + 1):
            before = os.times()
            t = time.perf_counter()
            subprocess.run(cmd, cwd=ROOT, env=cli_env(home), check=True, stdout=subprocess.DEVNULL)
            wall = time.perf_counter() - t
            after = os.times()
            if i:  # the first run warms the disk cache
                walls.append(wall)
                cpus.append(
                    after.children_user
                    - before.children_user
                    + after.children_system
                    - before.children_system
                )
    return {
        "median_s": round(statistics.median(walls), 3),
        "min_s": round(min(walls), 3),
        "cpu_median_s": round(statistics.median(cpus), 3),
        "runs": runs,
    }


def python_floor(runs: int) -> float:
    """The same interpreter doing nothing: what no change of ours can go below."""
    walls = []
    for _ in range(runs):
        t = time.perf_counter()
        subprocess.run([PYTHON, "-c", "pass"], check=True)
        walls.append(time.perf_counter() - t)
    return round(statistics.median(walls), 3)


CATALOG_FLOOR = r"""
import json, sqlite3, sys
conn = sqlite3.connect(sys.argv[1])
rows = conn.execute(
    "SELECT p.code, p.title, p.text, p.mark, p.kind, q.number, q.name FROM policy p"
    " JOIN pillar q ON q.id = p.pillar_id JOIN programme g ON g.id = p.programme_id"
    " WHERE g.is_current IS 1 ORDER BY p.position"
).fetchall()
sys.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2))
"""

WINDOW_FLOOR = r"""
import os, time
t0 = float(os.environ["BENCH_T0"])
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication(["floor"])
w = QMainWindow()
w.show()
app.processEvents()
print("SHOWN", time.time() - t0, flush=True)
"""


def floors(db: Path, runs: int) -> dict[str, float]:
    """What no change of ours goes below: the catalog read with the stdlib driver alone, and
    an empty Qt window shown (each a whole process, median of `runs`)."""
    cat: list[float] = []
    win: list[float] = []
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    for _ in range(runs):
        t = time.perf_counter()
        subprocess.run(
            [PYTHON, "-c", CATALOG_FLOOR, str(db)], check=True, stdout=subprocess.DEVNULL
        )
        cat.append(time.perf_counter() - t)
        env["BENCH_T0"] = repr(time.time())
        out = subprocess.run(
            [PYTHON, "-c", WINDOW_FLOOR], env=env, capture_output=True, text=True, check=True
        )
        win.append(float(out.stdout.split()[1]))
    return {
        "catalog_sqlite3_s": round(statistics.median(cat), 3),
        "empty_window_s": round(statistics.median(win), 3),
    }


def slowest_imports(db: Path, top: int = 12) -> list[tuple[str, float]]:
    """Top-level packages by import time (self, summed) for `catalog --json`."""
    with tempfile.TemporaryDirectory(prefix="komoro-bench-home-") as home:
        done = subprocess.run(
            [PYTHON, "-X", "importtime", "main.py", "catalog", "--db", str(db), "--json"],
            cwd=ROOT,
            env=cli_env(home),
            capture_output=True,
            text=True,
            check=True,
        )
    totals: dict[str, float] = {}
    for line in done.stderr.splitlines():
        if not line.startswith("import time:") or "self [us]" in line:
            continue
        self_us, _cumulative, name = line.removeprefix("import time:").split("|")
        name = name.strip()
        key = (
            ".".join(name.split(".")[:2])
            if name.startswith("komoro_feedback")
            else (name.split(".")[0])
        )
        totals[key] = totals.get(key, 0.0) + int(self_us) / 1e6
    return sorted(totals.items(), key=lambda kv: -kv[1])[:top]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--skip-window", action="store_true")
    args = parser.parse_args()
    allow_bytecode_cache()
    db = ensure_db(args.size)
    result: dict[str, Any] = {"python_floor_s": python_floor(args.runs)}
    result["floors"] = floors(db, args.runs)
    result["catalog_json"] = measure_cli(db, args.runs)
    imports = slowest_imports(db)
    if not args.skip_window:
        from bench_gui import measure_startup

        result["window_shown"] = measure_startup(db, args.runs)
    print(f"load average (1, 5, 15 min): {os.getloadavg()}")
    f = result["floors"]
    print(
        f"floors: python -c pass {result['python_floor_s']:.3f} s; catalog with sqlite3 alone"
        f" {f['catalog_sqlite3_s']:.3f} s; an empty Qt window shown {f['empty_window_s']:.3f} s"
    )
    c = result["catalog_json"]
    print(
        f"catalog --json, whole process: median {c['median_s']:.3f} s (min {c['min_s']:.3f},"
        f" CPU {c['cpu_median_s']:.3f} s), target <= 0.35 s"
    )
    if "window_shown" in result:
        w = result["window_shown"]
        if w.get("sign_in_shown_median_s") is not None:
            print(
                f"sign-in dialog shown: median {w['sign_in_shown_median_s']:.3f} s"
                f" (CPU {w['sign_in_cpu_median_s']:.3f} s)"
            )
        print(
            f"window shown on {args.size:,} comments: median {w['median_s']:.3f} s"
            f" (max {w['max_s']:.3f}, CPU {w['cpu_median_s']:.3f} s,"
            f" first run with backup {w['first_run_s']:.3f}), target <= 1.0 s"
        )
    print("slowest imports of catalog --json (self time, summed per package):")
    for name, seconds in imports:
        print(f"  {seconds * 1000:7.1f} ms  {name}")
    result["imports_ms"] = {k: round(v * 1000, 1) for k, v in imports}
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
