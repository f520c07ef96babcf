"""Comment entries laid out as one BlockRun give the same pages as one LineBlock each."""

from __future__ import annotations

import random
import shutil
import subprocess
from pathlib import Path

import pytest
from reportlab.lib.pagesizes import A5
from reportlab.platypus import SimpleDocTemplate

from komoro_feedback.reports.block_run import BlockRun
from komoro_feedback.reports.common import ANSWER, ENTRY_HEAD, TEXT
from komoro_feedback.reports.document import ReportCanvas
from komoro_feedback.reports.flowables import LineBlock


def _entries() -> list[LineBlock]:
    rng = random.Random(3)
    words = ["子育て", "保育園の先生が足りない", "通学路の除雪", "、", "。", "（地区）", "ABC 123"]
    out = []
    for n in range(1, 121):
        text = "".join(rng.choice(words) for _ in range(rng.choice([3, 8, 20, 60, 160])))
        parts = [(f"{n}. 2025年4月1日　乙女　要望　受付", ENTRY_HEAD), (text, TEXT)]
        if n % 3 == 0:
            parts.append((f"回答: {text[:40]}", ANSWER))
        out.append(LineBlock(parts, keep_first=2, space_after=2))
    return out


def _pages(path: Path, story: list) -> bytes:  # type: ignore[type-arg]
    doc = SimpleDocTemplate(str(path), pagesize=A5, invariant=1)
    doc.build(story, canvasmaker=ReportCanvas)
    out = subprocess.run(["pdftoppm", "-r", "40", "-gray", str(path)], capture_output=True)
    out.check_returncode()
    return out.stdout


def test_block_run_pages_are_the_pages_of_separate_blocks(tmp_path: Path) -> None:
    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm (poppler-utils) is not installed")
    separate = _pages(tmp_path / "separate.pdf", list(_entries()))
    reached: list[int] = []
    entries = _entries()
    runs = [entries[0]] + [
        BlockRun(entries[i : i + 25], lambda i=i: reached.append(i)) for i in range(1, 120, 25)
    ]
    grouped = _pages(tmp_path / "grouped.pdf", runs)
    assert grouped.count(b"P5\n") >= 8  # several A5 pages, entries split across them
    assert grouped == separate
    assert reached == [1, 26, 51, 76, 101]  # each run reports once, after its last entry
