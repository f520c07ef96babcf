"""Read a 100,000-row comment sheet with python-calamine and with openpyxl (read-only): time
each and count the cells where they differ, for a file from our own writer and one from openpyxl.

    .venv/bin/python bench/bench_xlsx_read.py [--rows 100000]
"""

from __future__ import annotations

import argparse
import json
import random
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from openpyxl import Workbook, load_workbook
from python_calamine import CalamineWorkbook

from komoro_feedback.services.xlsx_writer import XlsxWriter

HEADER = ["ID", "受付日", "区", "政策コード", "種別", "会議ID", "本文", "状態", "回答要否"]
WORDS = [
    "保育園の送迎",
    "愛のりくん",
    "懐古園の桜",
    "道路の補修",
    "ごみ集積所",
    "空き家",
    "𠮷野家🍜",
]


def rows(n: int) -> list[list[Any]]:
    rnd = random.Random(1)
    out: list[list[Any]] = []
    for i in range(n):
        text = "、".join(rnd.choice(WORDS) for _ in range(rnd.randint(3, 12))) + "。"
        out.append(
            [
                f"{i:08d}-0000-4000-8000-000000000000",
                date(2024, 4, 1) + timedelta(days=rnd.randint(0, 700)),
                rnd.choice(["乙女", "大久保", "与良", "御影"]),
                f"{rnd.randint(1, 6)}-{rnd.randint(1, 16):02d}",
                "要望",
                rnd.randint(1, 300),
                text,
                "受付",
                "要",
            ]
        )
    return out


def norm(v: Any) -> Any:
    if v is None:
        return ""
    if isinstance(v, datetime):
        return v.date() if v.time() == datetime.min.time() else v
    if isinstance(v, float) and v.is_integer():
        return int(v)
    return v


def read_calamine(path: Path) -> list[list[Any]]:
    wb = CalamineWorkbook.from_path(str(path))
    try:
        return [[norm(v) for v in r] for r in wb.get_sheet_by_index(0).iter_rows()]
    finally:
        wb.close()


def read_openpyxl(path: Path) -> list[list[Any]]:
    wb = load_workbook(path, read_only=True)
    try:
        return [[norm(v) for v in r] for r in wb.worksheets[0].iter_rows(values_only=True)]
    finally:
        wb.close()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=100_000)
    n = ap.parse_args().rows
    data = [HEADER, *rows(n)]
    result: dict[str, Any] = {"rows": n}
    with tempfile.TemporaryDirectory() as tmp:
        ours = Path(tmp) / "ours.xlsx"
        w = XlsxWriter(ours)
        w.add_sheet("意見", data)
        w.close()
        theirs = Path(tmp) / "openpyxl.xlsx"
        wb = Workbook(write_only=True)
        ws = wb.create_sheet("意見")
        for r in data:
            ws.append(r)
        wb.save(theirs)
        for label, path in (("our writer", ours), ("openpyxl writer", theirs)):
            t = time.perf_counter()
            a = read_calamine(path)
            tc = time.perf_counter() - t
            t = time.perf_counter()
            b = read_openpyxl(path)
            to = time.perf_counter() - t
            width = max(len(r) for r in a + b)
            pad = [r + [""] * (width - len(r)) for r in a], [r + [""] * (width - len(r)) for r in b]
            diff = sum(
                x != y for ra, rb in zip(*pad, strict=False) for x, y in zip(ra, rb, strict=True)
            )
            diff += abs(len(a) - len(b)) * width
            same_as_written = sum(
                x != norm(y)
                for ra, rw in zip(a, data, strict=False)
                for x, y in zip(ra, rw, strict=False)
            )
            print(
                f"{label:16} calamine {tc:6.2f} s  openpyxl {to:6.2f} s  cells different: {diff}"
                f"  calamine vs written: {same_as_written}  rows read {len(a)}/{len(b)}"
            )
            result[label] = {
                "calamine_s": round(tc, 2),
                "openpyxl_s": round(to, 2),
                "cells_different": diff,
                "calamine_vs_written": same_as_written,
            }
    print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()
