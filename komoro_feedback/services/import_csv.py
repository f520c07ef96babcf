"""Read CSV strictly: a quote that is never closed, or one that swallows later rows, is refused
with the row where it opened, instead of importing a cut or merged row."""

from __future__ import annotations

import csv
import io

from komoro_feedback.i18n.translation import _
from komoro_feedback.services.import_encoding import decode
from komoro_feedback.services.import_table import (
    MAX_FILE_BYTES,
    FileRejected,
    RawTable,
    TableBuilder,
)


def read_csv(data: bytes) -> RawTable:
    text, encoding = decode(data)
    csv.field_size_limit(MAX_FILE_BYTES)
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    builder = TableBuilder(encoding)
    while True:
        start = reader.line_num + 1  # the file row where this record begins
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            raise FileRejected(_csv_error(start, str(exc))) from exc
        if builder.table is not None and reader.line_num > start:
            _check_multiline(start, cells, len(builder.table.header))
        builder.add(start, list(cells))
    return builder.result()


def _csv_error(line: int, err: str) -> str:
    if "unexpected end of data" in err:
        return _(
            'CSVの{line}行目で始まる引用符（"）が閉じられていません。'
            "何も取り込んでいません。ファイルを確かめてください。"
        ).format(line=line)
    if "expected after" in err:
        return _(
            'CSVの{line}行目から始まる行で、引用符（"）の閉じ方が正しくありません。'
            "引用符が閉じられていない行がある可能性があります。"
        ).format(line=line)
    return _("CSVの{line}行目が読めません: {err}").format(line=line, err=err)


def _check_multiline(line: int, cells: list[str], columns: int) -> None:
    """A quoted cell may hold line breaks (a long comment), but one whose later lines carry as
    many commas as a whole row is almost surely an unclosed quote that swallowed rows."""
    if columns < 3:
        return
    for cell in cells:
        for part in cell.splitlines()[1:]:
            if part.count(",") >= columns - 1:
                raise FileRejected(
                    _(
                        'CSVの{line}行目で始まる引用符（"）の中に、別の行のような内容があります。'
                        "引用符が閉じられていない可能性があります。何も取り込んでいません。"
                    ).format(line=line)
                )
