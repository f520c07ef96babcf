"""Does a spreadsheet program other than openpyxl read our xlsx export cell for cell?

Our xlsx writer is our own (komoro_feedback/services/xlsx_writer.py, for speed), so the test
suite's openpyxl read-back is one reader only. This script exports the same comments as xlsx
and as CSV, has LibreOffice Calc convert every sheet of the xlsx to CSV, and compares each
cell. Tricky texts are added first: formula-like cells, newlines and tabs, control characters,
emoji, half-width kana, XML specials and a 3,800-character comment.

Needs LibreOffice (Debian: apt-get install --no-install-recommends libreoffice-calc-nogui),
which CI does not have; run it by hand after changing the writer:

    .venv/bin/python scripts/check_xlsx_libreoffice.py
"""

from __future__ import annotations

import csv
import shutil
import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from komoro_feedback.domain.comment import SpeakerContact  # noqa: E402
from komoro_feedback.domain.query import CommentFilter  # noqa: E402
from komoro_feedback.services.actor import Actor  # noqa: E402
from komoro_feedback.services.container import Services  # noqa: E402
from komoro_feedback.store.database import Database  # noqa: E402
from tests.helpers import record  # noqa: E402

TRICKY = [
    '=HYPERLINK("http://example.invalid")',
    "+1+2",
    "-3",
    "@SUM(A1)",
    "改行\nあり\tタブ",
    "制御\x07文字",
    "ｶﾀｶﾅ半角と😀絵文字",
    "長い" * 1900,
    "<xml>&amp;\"'",
]
# LibreOffice's CSV filter: comma, double quote, UTF-8, from row 1, ..., every sheet (-1).
CSV_FILTER = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1"


def main() -> int:
    soffice = shutil.which("soffice")
    if soffice is None:
        print("LibreOffice (soffice) is not installed")
        return 2
    work = Path(tempfile.mkdtemp(prefix="komoro-xlsx-check-"))
    sv = Services.build(Database(f"sqlite:///{work / 'k.sqlite3'}"), Actor("check"))
    sv.setup.initialise()
    sv.demo.generate(2000, seed=3)
    for text in TRICKY:
        record(sv, text, received=date(2026, 1, 5), speaker=SpeakerContact("氏名", "連絡先"))
    xlsx, ours = work / "export.xlsx", work / "export.csv"
    sv.exports.export(CommentFilter(), xlsx, fmt="xlsx")
    sv.exports.export(CommentFilter(), ours, fmt="csv")
    convert = [soffice, "--headless", "--norestore", "--convert-to", CSV_FILTER]
    subprocess.run(
        [*convert, "--outdir", str(work), str(xlsx)],
        check=True,
        capture_output=True,
        timeout=600,
    )
    with open(work / "export-意見.csv", encoding="utf-8", newline="") as f:
        theirs = list(csv.reader(f))
    with open(ours, encoding="utf-8-sig", newline="") as f:
        mine = list(csv.reader(f))
    cells = sum(len(r) for r in mine)
    differing = [
        (i, j, a, b)
        for i, (ra, rb) in enumerate(zip(theirs, mine, strict=False))
        for j, (a, b) in enumerate(zip(ra, rb, strict=False))
        if a != b
    ]
    shape_ok = len(theirs) == len(mine) and all(
        len(a) == len(b) for a, b in zip(theirs, mine, strict=False)
    )
    counts_sheet = (work / "export-件数.csv").exists()
    print(f"LibreOffice read {len(theirs)} rows; our CSV has {len(mine)} rows, {cells} cells")
    print(
        f"same shape: {shape_ok}; differing cells: {len(differing)}; counts sheet: {counts_sheet}"
    )
    for i, j, a, b in differing[:10]:
        print(f"  row {i} col {j}: LibreOffice {a[:50]!r} / ours {b[:50]!r}")
    sv.close()
    ok = shape_ok and not differing and counts_sheet
    if ok:
        shutil.rmtree(work, ignore_errors=True)
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
