"""Import rate (issue 13, point 8): an Excel sheet and a meeting package of N comments, into a
fresh SQLite file and a fresh PostgreSQL database, in comments per second.

    .venv/bin/python bench/bench_import.py [--comments 100000] [--pg-url URL | --pg-throwaway]
        [--skip-package | --package-comments 20000] [--skip-sqlite] [--skip-excel]

The source is `demo-data --comments N` in a temporary SQLite file, exported once as xlsx
(every comment) and once as a package. Each import goes into its own new database made by
`init` (the package into one holding the sheet's comments met them all again as conflicts:
that is what this bench measured before); the
figure is the commit (the whole transaction: checks against the database, inserts, tally,
indexes) and, beside it, preview + commit for Excel and the whole import for a package.
Target: >= 10,000 comments/s on PostgreSQL. Prints `uptime` (the machine is shared).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from komoro_feedback.domain.query import CommentFilter  # noqa: E402
from komoro_feedback.services.actor import Actor  # noqa: E402
from komoro_feedback.services.container import Services  # noqa: E402
from komoro_feedback.services.package_crypto import KeyFileKeys  # noqa: E402
from komoro_feedback.store.database import Database  # noqa: E402

CLI = [sys.executable, str(ROOT / "main.py")]
KEYS = KeyFileKeys(bytes(range(32)))  # a throwaway package key, as in the tests


def cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def init(url: str) -> Services:
    flag = ["--db", url.removeprefix("sqlite:///")] if url.startswith("sqlite") else []
    subprocess.run(
        [*CLI, "init", *(flag or ["--database-url", url])], check=True, capture_output=True
    )
    return Services.build(Database(url), Actor("bench"))


def fresh_pg(admin_url: str) -> str:
    from sqlalchemy import create_engine, text

    name = f"bench_import_{uuid.uuid4().hex[:8]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        # Earlier runs' databases go, and their dirty pages are written before this run
        # (with fsync on, a checkpoint during the next import moved it by up to 1 s).
        for (old,) in conn.execute(
            text("SELECT datname FROM pg_database WHERE datname LIKE 'bench_import_%'")
        ):
            conn.execute(text(f'DROP DATABASE "{old}"'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
        conn.execute(text("CHECKPOINT"))
    admin.dispose()
    return admin_url.rsplit("/", 1)[0] + "/" + name


def measure(urls: Iterator[str], sheet: Path | None, package: Path | None) -> dict[str, Any]:
    """Excel into one new database, the package into another (both hold the same comments:
    into one database the package would meet them all again, as conflicts)."""
    out: dict[str, Any] = {}
    if sheet is not None:
        out.update(measure_excel(next(urls), sheet))
    if package is not None:
        out.update(measure_package(next(urls), package))
    return out


def measure_excel(url: str, sheet: Path) -> dict[str, Any]:
    out: dict[str, Any] = {}
    sv = init(url)
    t, c = time.perf_counter(), cpu()
    preview = sv.imports.preview(sheet)
    assert preview.ok, preview.problem_lines()[:3]
    out["excel_preview_s"] = round(time.perf_counter() - t, 2)
    t2, c2 = time.perf_counter(), cpu()
    res = sv.imports.commit(preview)
    commit = time.perf_counter() - t2
    out["excel_comments"] = res.added
    out["excel_commit_s"] = round(commit, 2)
    out["excel_commit_cpu_s"] = round(cpu() - c2, 2)
    out["excel_commit_per_s"] = round(res.added / commit)
    out["excel_total_per_s"] = round(res.added / (time.perf_counter() - t))
    out["excel_total_cpu_s"] = round(cpu() - c, 2)
    sv.close()
    print(json.dumps(out), flush=True)
    return out


def measure_package(url: str, package: Path) -> dict[str, Any]:
    out: dict[str, Any] = {}
    sv = init(url)
    t, c = time.perf_counter(), cpu()
    result = sv.packages.import_package(package, keys=KEYS)
    took = time.perf_counter() - t
    added = sv.queries.count(CommentFilter())
    out["package_comments"] = added
    out["package_s"] = round(took, 2)
    out["package_cpu_s"] = round(cpu() - c, 2)
    out["package_per_s"] = round(added / took)
    out["package_added"] = len(result.added)
    sv.close()
    print(json.dumps(out), flush=True)
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--comments", type=int, default=100_000)
    ap.add_argument("--pg-url", help="a PostgreSQL server where databases may be created")
    ap.add_argument("--pg-throwaway", action="store_true", help="start one (scripts/)")
    ap.add_argument("--skip-sqlite", action="store_true")
    ap.add_argument("--package-comments", type=int, help="package only the first N (slow: ORM)")
    ap.add_argument("--skip-package", action="store_true")
    ap.add_argument("--skip-excel", action="store_true")
    ap.add_argument("--work", type=Path, help="keep the source files here and reuse them")
    args = ap.parse_args()
    tmp = args.work or Path(tempfile.mkdtemp(prefix="bench-import-"))
    tmp.mkdir(parents=True, exist_ok=True)
    pgdir = None
    try:
        pg_url = args.pg_url
        if args.pg_throwaway:
            pgdir = tmp / "pg"
            pgdir.mkdir()
            pg_url = subprocess.run(
                [str(ROOT / "scripts" / "pg-throwaway"), "start", str(pgdir)],
                check=True,
                capture_output=True,
                text=True,
            ).stdout.strip()
        sheet = tmp / "all.xlsx"
        package: Path | None = None if args.skip_package else tmp / "all.komoro"
        if not sheet.exists() or (package is not None and not package.exists()):
            for f in tmp.glob("source.sqlite3*"):
                f.unlink()
            source = init(f"sqlite:///{tmp / 'source.sqlite3'}")
            source.demo.generate(args.comments, seed=1)
            source.exports.export(CommentFilter(), sheet, "xlsx")
            if package is not None:
                export_package(source, package, args.package_comments)
            source.close()
        print(os.popen("uptime").read().strip())
        results: dict[str, Any] = {}
        excel = None if args.skip_excel else sheet
        if not args.skip_sqlite:
            files = (f"sqlite:///{tmp / f'target{i}.sqlite3'}" for i in range(2))
            results["sqlite"] = measure(files, excel, package)
            for f in tmp.glob("target*.sqlite3*"):
                f.unlink()
        if pg_url:
            results["postgresql"] = measure((fresh_pg(pg_url) for _ in range(2)), excel, package)
        print(os.popen("uptime").read().strip())
        for backend, r in results.items():
            print(backend, json.dumps(r, ensure_ascii=False))
    finally:
        if pgdir is not None:
            subprocess.run([str(ROOT / "scripts" / "pg-throwaway"), "stop", str(pgdir)])
        if args.work is None:
            shutil.rmtree(tmp, ignore_errors=True)


def export_package(sv: Services, out: Path, first: int | None) -> None:
    hi = None
    if first is not None:
        ids = sv.queries.ids(CommentFilter(), limit=first)
        hi = sv.comments.get(ids[-1]).received_on
    sv.packages.export_range(None, hi, out, keys=KEYS)


if __name__ == "__main__":
    main()
