"""Export a filtered comment list to Excel (xlsx) or CSV (UTF-8 with BOM)."""

from __future__ import annotations

import csv
import itertools
import os
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Any

from komoro_feedback.domain.access_log import AccessKind, AccessPurpose
from komoro_feedback.domain.comment import Comment
from komoro_feedback.domain.errors import ValidationError
from komoro_feedback.domain.privacy import mask_personal_data
from komoro_feedback.domain.query import CommentFilter, CommentQuery, SortKey
from komoro_feedback.domain.roles import Action
from komoro_feedback.i18n.translation import _
from komoro_feedback.services.access_log_service import AccessLogService
from komoro_feedback.services.actor import Actor
from komoro_feedback.services.catalog_service import CatalogService
from komoro_feedback.services.query_service import QueryService
from komoro_feedback.services.sheet_format import (
    COLUMNS,
    LIST_SEPARATOR,
    NEEDS_ANSWER_NO,
    NEEDS_ANSWER_YES,
    PERSONAL_COLUMNS,
    TITLE_SEPARATOR,
    neutralise,
)
from komoro_feedback.services.xlsx_writer import XlsxWriter
from komoro_feedback.store.database import Database
from komoro_feedback.store.import_repository import ImportRepository
from komoro_feedback.store.speaker_masks import names_for_masking

PAGE = 5000


class ExportFormat(StrEnum):
    XLSX = "xlsx"
    CSV = "csv"


@dataclass(frozen=True, slots=True)
class ExportResult:
    path: Path
    rows: int
    seconds: float
    personal_data: bool


class ExportService:
    """Read-only; writes the file atomically (a failed export leaves no half file)."""

    def __init__(
        self, db: Database, catalog: CatalogService, queries: QueryService, actor: Actor
    ) -> None:
        self.db = db
        self.actor = actor
        self.access_log = AccessLogService(db, actor)
        self.catalog = catalog
        self.queries = queries
        self.repo = ImportRepository()

    def export(
        self,
        f: CommentFilter,
        out: Path,
        fmt: ExportFormat | str = ExportFormat.XLSX,
        *,
        with_personal_data: bool = False,
        purpose: AccessPurpose | None = None,
        progress: Callable[[float], None] | None = None,
    ) -> ExportResult:
        """With personal data: allowed roles only, with a reason; logged before the file is
        put in place (no such file exists without its log line)."""
        self.actor.require(Action.REPORTS)
        if with_personal_data:
            self.actor.require(Action.EXPORT_PERSONAL)
            if purpose is None:
                raise ValidationError(_("個人情報を扱う理由を選んでください。"))
            purpose = purpose.validated()
        started = time.perf_counter()
        exported: list[str] = []
        fmt = ExportFormat(fmt)
        out = Path(out)
        out.parent.mkdir(parents=True, exist_ok=True)
        total = self.queries.count(f)
        fd, tmp_name = tempfile.mkstemp(prefix=".export-", suffix=f".{fmt.value}", dir=out.parent)
        os.close(fd)
        tmp = Path(tmp_name)
        try:
            rows = self._rows(f, with_personal_data, total, progress, exported)
            header = [c.header for c in COLUMNS]
            if with_personal_data:
                header += [c.header for c in PERSONAL_COLUMNS]
            if fmt is ExportFormat.CSV:
                n = _write_csv(tmp, header, rows)
            else:
                n = self._write_xlsx(tmp, header, rows, f, with_personal_data)
            if with_personal_data:
                self.access_log.record(AccessKind.EXPORT, purpose, exported)
            os.replace(tmp, out)
        finally:
            tmp.unlink(missing_ok=True)
        if progress:
            progress(1.0)
        return ExportResult(out, n, time.perf_counter() - started, with_personal_data)

    # --- rows -------------------------------------------------------------------------------
    def _rows(
        self,
        f: CommentFilter,
        personal: bool,
        total: int,
        progress: Callable[[float], None] | None,
        exported: list[str],
    ) -> Iterator[list[Any]]:
        titles = {p.code: p.title for p in self.catalog.all_policies()}
        cursor = None
        done = 0
        while True:
            page = self.queries.page(
                CommentQuery(
                    filter=f, sort=SortKey.RECEIVED, descending=False, limit=PAGE, after=cursor
                )
            )
            # Names are read in either case: without personal data they are masked in the text.
            with self.db.read() as s:
                ids = [c.id for c in page.items]
                if personal:
                    speakers = self.repo.speakers(s, ids)
                else:
                    speakers = {i: (n, "") for i, n in names_for_masking(s, ids).items()}
            for c in page.items:
                row = _row(c, titles)
                if personal:
                    exported.append(c.id)
                    row += list(speakers.get(c.id, ("", "")))
                else:
                    name = speakers.get(c.id, ("", ""))[0]
                    row[TEXT_COLUMN] = mask_personal_data(c.text, (name,) if name else ())
                yield [neutralise(v) if isinstance(v, str) else v for v in row]
            done += len(page.items)
            if progress and total:
                progress(min(done / total, 1.0) * 0.95)
            if page.next_cursor is None:
                return
            cursor = page.next_cursor

    # --- xlsx -------------------------------------------------------------------------------
    def _write_xlsx(
        self,
        path: Path,
        header: list[str],
        rows: Iterator[list[Any]],
        f: CommentFilter,
        personal: bool,
    ) -> int:
        cols = [*COLUMNS, *(PERSONAL_COLUMNS if personal else ())]
        writer = XlsxWriter(path)
        try:
            n = writer.add_sheet(
                _("意見"),
                itertools.chain([header], rows),
                widths=[c.width for c in cols],
                freeze_header=True,
            )
            counts = self._counts_rows(f)
            writer.add_sheet(_("件数"), counts, bold_rows=(1, 2), widths=[12, 40])
        finally:
            writer.close()
        return n - 1

    def _counts_rows(self, f: CommentFilter) -> list[list[Any]]:
        counts = self.queries.counts(f)
        districts = self.catalog.districts()
        policies = self.catalog.all_policies()
        cell: Counter[tuple[int | None, int | None]] = Counter()
        by_status: Counter[str] = Counter()
        for r in counts:
            cell[(r.policy_id, r.district_id)] += r.count
            by_status[r.status.label] += r.count
        cols: list[int | None] = [d.id for d in districts] + [None]
        out: list[list[Any]] = [[_("件数は各意見の主な政策で数えています。")]]
        out.append(
            [_("政策コード"), _("政策名"), *[d.name for d in districts], _("市全域"), _("合計")]
        )
        known = set()
        for p in policies:
            known.add(p.id)
            values = [cell.get((p.id, d), 0) for d in cols]
            if any(values):
                out.append([p.code, neutralise(p.title), *values, sum(values)])
        other = [
            sum(n for (pid, d), n in cell.items() if pid not in known and d == c) for c in cols
        ]
        if any(other):
            out.append(["", _("政策未設定"), *other, sum(other)])
        totals = [sum(n for (_pid, d), n in cell.items() if d == c) for c in cols]
        out.append(["", _("合計"), *totals, sum(totals)])
        out.append([])
        out.append([_("状態"), _("件数")])
        out += [[label, n] for label, n in by_status.items()]
        return out


#: Where the comment's text is in a row of _row() (the order of COLUMNS).
TEXT_COLUMN = [c.key for c in COLUMNS].index("text")


def _row(c: Comment, titles: dict[str, str]) -> list[Any]:
    return [
        c.id,
        c.received_on,
        c.ward_name,
        c.district_name,
        LIST_SEPARATOR.join(c.policy_codes),
        TITLE_SEPARATOR.join(titles.get(code, "") for code in c.policy_codes),
        # Labels stay Japanese whatever the UI language: the file format does not change.
        c.kind.label,
        c.channel.label,
        c.meeting_id,
        c.meeting_title,
        c.text,
        c.status.label,
        c.department_name,
        c.due_on,
        c.answer,
        c.answered_on,
        c.spot_answer,
        NEEDS_ANSWER_YES if c.needs_answer else NEEDS_ANSWER_NO,
    ]


def _write_csv(path: Path, header: list[str], rows: Iterator[list[Any]]) -> int:
    n = 0
    # utf-8-sig writes the BOM that makes Excel read the file as UTF-8.
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        w = csv.writer(fh, lineterminator="\r\n")
        w.writerow(header)
        for row in rows:
            w.writerow(
                ["" if v is None else v.isoformat() if isinstance(v, date) else v for v in row]
            )
            n += 1
    return n
