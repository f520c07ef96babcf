"""The raw table an import file is read into, its limits, and the one error for a whole file."""

from __future__ import annotations

from dataclasses import dataclass, field
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


class TableBuilder:
    """Collects rows as a reader yields them: the first non-blank row is the header; counts
    rows as they arrive, so an oversized file stops at MAX_ROWS + 1 instead of being read whole."""

    def __init__(self, encoding: str, sheet: str = "") -> None:
        self.encoding = encoding
        self.sheet = sheet
        self.table: RawTable | None = None

    def add(self, line: int, cells: list[Any]) -> None:
        if self.table is None:
            if any(not _blank(c) for c in cells):
                self.table = RawTable(_header(cells), encoding=self.encoding, sheet=self.sheet)
            return
        if all(_blank(c) for c in cells):
            return  # blank rows are skipped
        if len(self.table.rows) >= MAX_ROWS:
            raise FileRejected(_("行が多すぎます（{n}行まで）。").format(n=MAX_ROWS))
        self.table.rows.append((line, cells[:MAX_COLUMNS]))

    def result(self) -> RawTable:
        if self.table is None:
            raise FileRejected(_("見出しの行が見つかりません。"))
        return self.table


def _blank(c: Any) -> bool:
    return c is None or (isinstance(c, str) and not c.strip())


def _header(cells: list[Any]) -> list[str]:
    while cells and _blank(cells[-1]):
        cells = cells[:-1]  # trailing empty cells are not columns
    if len(cells) > MAX_COLUMNS:
        raise FileRejected(_("列が多すぎます（{n}列まで）。").format(n=MAX_COLUMNS))
    return ["" if c is None else str(c)[:200] for c in cells]
