"""Read an xlsx or CSV file into raw rows, refusing what is broken, oversized or not text.

Defends against zip bombs (declared uncompressed sizes and compression ratios are checked
before openpyxl parses anything), files too big to be a list of comments, wrong encodings
(UTF-8 with or without BOM and Shift_JIS/CP932 are accepted) and binary data.
"""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

from komoro_feedback.i18n.translation import _

MAX_FILE_BYTES: Final = 30 * 1024 * 1024
MAX_XLSX_UNCOMPRESSED: Final = 300 * 1024 * 1024
MAX_MEMBER_RATIO: Final = 150
MAX_ROWS: Final = 100_000
MAX_COLUMNS: Final = 64
MAX_CELL_CHARS: Final = 10_000


class FileRejected(Exception):
    """The file as a whole cannot be read; the message says why."""


@dataclass
class RawTable:
    """Header cells and data rows (with their row number in the file) as read."""

    header: list[str]
    rows: list[tuple[int, list[Any]]] = field(default_factory=list)
    encoding: str = ""
    sheet: str = ""


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
    with path.open("rb") as fh:
        head = fh.read(4)
    if path.suffix.lower() in (".xlsx", ".xlsm") or head.startswith(b"PK"):
        return _read_xlsx(path)
    if path.suffix.lower() == ".xls" or head.startswith(b"\xd0\xcf\x11\xe0"):
        raise FileRejected(
            _("古いExcel形式（xls）は読めません。xlsx または CSV で保存し直してください。")
        )
    return _read_csv(path.read_bytes())


# --- xlsx ---------------------------------------------------------------------------------------
def _check_zip(path: Path) -> None:
    broken = _("ファイルが壊れているか、途中で切れています（xlsxとして読めません）。")
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
            total = sum(i.file_size for i in infos)
            if total > MAX_XLSX_UNCOMPRESSED or len(infos) > 10_000:
                raise FileRejected(_("展開後のサイズが大きすぎるため読み込みません。"))
            for i in infos:
                if (
                    i.compress_size
                    and i.file_size / i.compress_size > MAX_MEMBER_RATIO
                    and (i.file_size > 10 * 2**20)
                ):
                    raise FileRejected(
                        _("圧縮率が異常に高い（zip爆弾の疑いがある）ため読み込みません。")
                    )
            if "xl/workbook.xml" not in zf.namelist():
                raise FileRejected(broken)
            if zf.testzip() is not None:
                raise FileRejected(broken)
    except (zipfile.BadZipFile, EOFError, OSError, ValueError) as exc:
        raise FileRejected(broken) from exc


def _read_xlsx(path: Path) -> RawTable:
    _check_zip(path)
    from openpyxl import load_workbook

    try:
        wb = load_workbook(path, read_only=True, data_only=False)
    except Exception as exc:  # openpyxl raises many kinds on malformed XML
        raise FileRejected(
            _("Excelファイルとして読めません: {err}").format(err=str(exc)[:200])
        ) from exc
    try:
        ws = wb["意見"] if "意見" in wb.sheetnames else wb.worksheets[0]
        table: RawTable | None = None
        for n, values in enumerate(ws.iter_rows(values_only=True), start=1):
            cells = list(values)
            if table is None:
                if not any(v not in (None, "") for v in cells):
                    continue
                table = RawTable(_header(cells), sheet=ws.title, encoding="xlsx")
                continue
            _append(table, n, cells)
    except FileRejected:
        raise
    except Exception as exc:
        raise FileRejected(
            _("Excelファイルの読み込み中に問題がありました: {err}").format(err=str(exc)[:200])
        ) from exc
    finally:
        wb.close()
    if table is None:
        raise FileRejected(_("見出しの行が見つかりません。"))
    return table


# --- CSV ----------------------------------------------------------------------------------------
def decode(data: bytes) -> tuple[str, str]:
    """The text and the encoding name: UTF-8 (with or without BOM), else Shift_JIS (CP932)."""
    if b"\x00" in data:
        raise FileRejected(_("テキストではない（バイナリの）ファイルです。"))
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            return data.decode("utf-8-sig"), "UTF-8 (BOM)"
        except UnicodeDecodeError as exc:
            raise FileRejected(_bad_encoding(exc)) from exc
    try:
        return data.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp932"), "Shift_JIS (CP932)"
    except UnicodeDecodeError as exc:
        raise FileRejected(_bad_encoding(exc)) from exc


def _bad_encoding(exc: UnicodeDecodeError) -> str:
    return _(
        "文字コードを判定できません（{pos}バイト目）。UTF-8 または Shift_JIS で保存してください。"
    ).format(pos=exc.start + 1)


def _read_csv(data: bytes) -> RawTable:
    text, encoding = decode(data)
    csv.field_size_limit(MAX_FILE_BYTES)
    reader = csv.reader(io.StringIO(text, newline=""))
    table: RawTable | None = None
    try:
        for cells in reader:
            if table is None:
                if not any(c.strip() for c in cells):
                    continue
                table = RawTable(_header(cells), encoding=encoding)
                continue
            _append(table, reader.line_num, list(cells))
    except csv.Error as exc:
        raise FileRejected(
            _("CSVの{line}行目が読めません: {err}").format(line=reader.line_num, err=exc)
        ) from exc
    if table is None:
        raise FileRejected(_("見出しの行が見つかりません。"))
    return table


# --- shared -------------------------------------------------------------------------------------
def _header(cells: list[Any]) -> list[str]:
    if len(cells) > MAX_COLUMNS:
        raise FileRejected(_("列が多すぎます（{n}列まで）。").format(n=MAX_COLUMNS))
    return ["" if c is None else str(c)[:200] for c in cells]


def _append(table: RawTable, line: int, cells: list[Any]) -> None:
    if not any(c not in (None, "") and not (isinstance(c, str) and not c.strip()) for c in cells):
        return  # blank rows are skipped
    if len(table.rows) >= MAX_ROWS:
        raise FileRejected(_("行が多すぎます（{n}行まで）。").format(n=MAX_ROWS))
    table.rows.append((line, cells[:MAX_COLUMNS]))
