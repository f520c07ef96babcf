"""The comments a report prints, page by page, as lines: masked where asked, and noted as
printed where they are not (the access log of unmasked reports)."""

from __future__ import annotations

from collections.abc import Iterator
from contextvars import ContextVar
from datetime import date

from komoro_feedback.domain.privacy import mask_personal_data
from komoro_feedback.domain.query import CommentFilter, CommentQuery, SortKey
from komoro_feedback.reports.model import CancelCheck, CommentLine
from komoro_feedback.services.query_service import QueryService
from komoro_feedback.services.reports.sections import comment_line, printed_line
from komoro_feedback.store import report_lines
from komoro_feedback.store.database import Database
from komoro_feedback.store.report_repository import ReportRepository

PAGE = 2000

#: The ids of the comments printed unmasked by the report being built (None: not listening).
PRINTED: ContextVar[list[str] | None] = ContextVar("komoro_report_printed", default=None)


class PrintedLines:
    """Reads a report's comments as printed lines."""

    def __init__(self, db: Database, queries: QueryService, repo: ReportRepository) -> None:
        self.db = db
        self.queries = queries
        self.repo = repo

    def read(
        self,
        f: CommentFilter,
        sort: SortKey,
        cancel: CancelCheck | None,
        titles: dict[str, str] | None = None,
        *,
        anonymise: bool,
    ) -> Iterator[CommentLine]:
        # A text without a recorded name masks the same every time: form letters and repeated
        # requests are masked once (a 10,000-comment policy has 3,363 distinct texts).
        masked: dict[str, str] = {}
        if titles is None and sort is SortKey.RECEIVED and report_lines.handles(f):
            yield from self._narrow(f, cancel, masked, anonymise=anonymise)
            return
        cursor = None
        while True:
            if cancel is not None and cancel():
                from komoro_feedback.reports.model import ReportCancelled

                raise ReportCancelled
            page = self.queries.page(
                CommentQuery(filter=f, sort=sort, descending=False, limit=PAGE, after=cursor),
                policies=titles is not None,  # printed only where titles are given
            )
            ids = [c.id for c in page.items]
            with self.db.read() as s:
                groups = self.repo.group_sizes(s, ids)
                names = self.repo.speaker_names(s, ids) if anonymise else {}
            printed = PRINTED.get()
            if printed is not None and not anonymise:
                printed.extend(ids)
            for c in page.items:
                text = _printed_text(c.id, c.text, names, masked) if anonymise else None
                yield comment_line(c, groups.get(c.id, 1), titles, text)
            if page.next_cursor is None:
                return
            cursor = page.next_cursor

    def _narrow(
        self,
        f: CommentFilter,
        cancel: CancelCheck | None,
        masked: dict[str, str],
        *,
        anonymise: bool,
    ) -> Iterator[CommentLine]:
        """_lines() in received order without policies: only the printed columns are read
        (store/report_lines.py), not whole Comments."""
        after: tuple[date, int] | None = None
        while True:
            if cancel is not None and cancel():
                from komoro_feedback.reports.model import ReportCancelled

                raise ReportCancelled
            with self.db.read() as s:
                rows = self.repo.line_rows(s, f, after, PAGE + 1)
                ids = [r.id for r in rows[:PAGE]]
                groups = self.repo.group_sizes(s, ids)
                names = self.repo.speaker_names(s, ids) if anonymise else {}
            printed = PRINTED.get()
            if printed is not None and not anonymise:
                printed.extend(ids)
            for r in rows[:PAGE]:
                text = _printed_text(r.id, r.text, names, masked) if anonymise else r.text
                yield printed_line(r, groups.get(r.id, 1), text)
            if len(rows) <= PAGE:
                return
            last = rows[PAGE - 1]
            after = (last.received_on, last.seq)


def _printed_text(cid: str, text: str, names: dict[str, str], masked: dict[str, str]) -> str:
    """A comment's text as printed anonymised: its speaker's name masked too where recorded;
    a text without one is masked once per report."""
    if cid in names:
        return mask_personal_data(text, (names[cid],))
    out = masked.get(text)
    if out is None:
        out = masked[text] = mask_personal_data(text)
    return out
