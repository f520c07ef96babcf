"""Memory of the comments list scrolled far: peak RSS of the process at checkpoints.

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/bench_memory.py --db DB [--rows 1000000]

Drives the app's CommentTableModel over the database as a view scrolling down does: asks for
the next page whenever the model can fetch more, and reads every column of each new row
(what painting does). Prints the rows loaded, the rows the model holds, and the peak RSS
(ru_maxrss) at each checkpoint, then JSON. Target (issue 13): <= 300 MB however far.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QCoreApplication, QModelIndex  # noqa: E402

from komoro_feedback.services.actor import Actor  # noqa: E402
from komoro_feedback.services.container import Services  # noqa: E402
from komoro_feedback.store.database import Database  # noqa: E402

from komoro_feedback.ui.models.comment_table_model import COLUMNS, CommentTableModel  # noqa: E402
from komoro_feedback.ui.workers import TaskRunner  # noqa: E402


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--db", type=Path, required=True)
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--every", type=int, default=100_000)
    args = ap.parse_args()
    app = QCoreApplication([])
    sv = Services.build(Database(f"sqlite:///{args.db}"), Actor("bench"))
    runner = TaskRunner()
    model = CommentTableModel(sv.queries, runner)
    model.reload()
    started = time.perf_counter()
    points = []
    seen = 0
    next_point = args.every
    while True:
        while model.loading:
            app.processEvents()
            time.sleep(0.001)
        rows = model.rowCount()
        for r in range(seen, rows):  # what painting the new rows reads
            for c in range(len(COLUMNS)):
                model.data(model.index(r, c))
        seen = rows
        if rows >= next_point or not model.canFetchMore(QModelIndex()) or rows >= args.rows:
            points.append(
                {
                    "rows": rows,
                    "resident_rows": model.resident_rows,
                    "peak_rss_mb": round(peak_mb()),
                    "seconds": round(time.perf_counter() - started, 1),
                }
            )
            print(points[-1], flush=True)
            next_point += args.every
        if rows >= args.rows or not model.canFetchMore(QModelIndex()):
            break
        model.fetchMore(QModelIndex())
    runner.wait()
    print(json.dumps(points))


if __name__ == "__main__":
    main()
