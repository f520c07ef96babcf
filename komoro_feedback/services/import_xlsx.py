"""Read the comment sheet of an xlsx with python-calamine, which reads every row that is there
(openpyxl's read-only mode trusts the sheet's `<dimension>`, so a stale one hid rows).

The zip is checked first (declared sizes, compression ratios, CRCs): no parser sees a zip bomb.
Formula cells are found by scanning the sheet's XML, since calamine gives only cached values.
"""

from __future__ import annotations

import html
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from komoro_feedback.i18n.translation import _
from komoro_feedback.services.import_table import (
    MAX_MEMBER_RATIO,
    MAX_XLSX_UNCOMPRESSED,
    FileRejected,
    RawTable,
    TableBuilder,
)

SHEET_NAME = "意見"
_SHEET = re.compile(rb"<(?:\w+:)?sheet\s[^>]*>")
_REL = re.compile(rb"<(?:\w+:)?Relationship\s[^>]*>")
_FORMULA_TAG = re.compile(rb"<(?:\w+:)?f[\s>/]")
_FORMULA = re.compile(
    rb'<(?:\w+:)?c\s[^>]*?\br="([A-Z]{1,3})(\d{1,7})"[^>]*(?<!/)>\s*<(?:\w+:)?f[\s>/]'
)


class FormulaCell(str):
    """A cell that holds a formula; its text starts with "=" so the row checks refuse it."""


def read_xlsx(path: Path) -> RawTable:
    _check_zip(path)
    from python_calamine import CalamineWorkbook  # loaded only when an xlsx is imported

    try:
        wb = CalamineWorkbook.from_path(str(path))
    except Exception as exc:  # calamine raises its own kinds on malformed files
        raise FileRejected(
            _("Excelファイルとして読めません: {err}").format(err=str(exc)[:200])
        ) from exc
    try:
        name = SHEET_NAME if SHEET_NAME in wb.sheet_names else wb.sheet_names[0]
        sheet = wb.get_sheet_by_name(name)
        formulas = _formula_cells(path, name)
        builder = TableBuilder("xlsx", sheet=name)
        # iter_rows starts at row 1 of the sheet but at the first used column
        first_col = sheet.start[1] if sheet.start else 0
        for n, values in enumerate(sheet.iter_rows(), start=1):
            # calamine gives every number as a float; whole ones become ints (会議ID 1, not 1.0)
            cells: list[Any] = [
                int(v) if type(v) is float and v.is_integer() else v for v in values
            ]
            for col in formulas.get(n, ()):
                if 0 <= col - first_col < len(cells):
                    cells[col - first_col] = FormulaCell("=" + str(cells[col - first_col]))
            builder.add(n, cells)
        return builder.result()
    except FileRejected:
        raise
    except Exception as exc:
        raise FileRejected(
            _("Excelファイルの読み込み中に問題がありました: {err}").format(err=str(exc)[:200])
        ) from exc
    finally:
        wb.close()


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


def _formula_cells(path: Path, sheet_name: str) -> dict[int, list[int]]:
    """Row number -> 0-based columns of the cells in `sheet_name` that hold a formula."""
    out: dict[int, list[int]] = {}
    with zipfile.ZipFile(path) as zf:
        member = _sheet_member(zf, sheet_name)
        if member is None:
            return out
        seen: set[tuple[int, int]] = set()
        for chunk in _chunks(zf, member):
            if not _FORMULA_TAG.search(chunk):
                continue  # most sheets hold no formula: one quick scan, not the cell pattern
            for m in _FORMULA.finditer(chunk):
                key = (int(m[2]), _column_index(m[1]))
                if key not in seen:
                    seen.add(key)
                    out.setdefault(key[0], []).append(key[1])
    return out


def _sheet_member(zf: zipfile.ZipFile, sheet_name: str) -> str | None:
    workbook = zf.read("xl/workbook.xml")
    rid = None
    for tag in _SHEET.findall(workbook):
        attrs = _attrs(tag)
        if html.unescape(attrs.get("name", "")) == sheet_name:
            rid = next((v for k, v in attrs.items() if k.endswith(":id")), None)
    if rid is None or "xl/_rels/workbook.xml.rels" not in zf.namelist():
        return None
    for tag in _REL.findall(zf.read("xl/_rels/workbook.xml.rels")):
        attrs = _attrs(tag)
        if attrs.get("Id") == rid:
            target = attrs.get("Target", "")
            member = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
            return member if member in zf.namelist() else None
    return None


def _attrs(tag: bytes) -> dict[str, str]:
    return {
        k.decode(): v.decode("utf-8", "replace") for k, v in re.findall(rb'([\w:]+)="([^"]*)"', tag)
    }


def _chunks(zf: zipfile.ZipFile, member: str, size: int = 1 << 20) -> Iterator[bytes]:
    """The member in overlapping pieces, so a cell's start tag is never split across two."""
    tail = b""
    with zf.open(member) as fh:
        while piece := fh.read(size):
            yield tail + piece
            tail = piece[-4096:]


def _column_index(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + (ch - 64)
    return n - 1
