"""Read an xlsx or CSV file into raw rows, refusing what is broken, oversized or not text.

The size checks run before any parser sees the file; the xlsx and CSV readers add their own
(zip bombs, encodings, quotes). Only `read_table` is meant for callers.
"""

from __future__ import annotations

from pathlib import Path

from komoro_feedback.i18n.translation import _
from komoro_feedback.services.import_table import (
    MAX_CELL_CHARS,
    MAX_FILE_BYTES,
    FileRejected,
    RawTable,
)

__all__ = ["MAX_CELL_CHARS", "FileRejected", "RawTable", "read_table"]


def read_table(path: Path) -> RawTable:
    path = Path(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise FileRejected(_("ファイルを開けません: {err}").format(err=exc)) from exc
    if size == 0:
        raise FileRejected(_("ファイルが空です。"))
    if size > MAX_FILE_BYTES:
        raise FileRejected(
            _("ファイルが大きすぎます（{mb} MBまで）。").format(mb=MAX_FILE_BYTES // 2**20)
        )
    try:
        with path.open("rb") as fh:
            head = fh.read(4)
    except OSError as exc:
        raise FileRejected(_("ファイルを開けません: {err}").format(err=exc)) from exc
    if path.suffix.lower() in (".xlsx", ".xlsm") or head.startswith(b"PK"):
        from komoro_feedback.services.import_xlsx import read_xlsx

        return read_xlsx(path)
    if path.suffix.lower() == ".xls" or head.startswith(b"\xd0\xcf\x11\xe0"):
        raise FileRejected(
            _("古いExcel形式（xls）は読めません。xlsx または CSV で保存し直してください。")
        )
    from komoro_feedback.services.import_csv import read_csv

    return read_csv(path.read_bytes())
