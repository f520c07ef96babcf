"""The rows of a long list kept in memory: a window of recently used pages, the rest dropped.

Plain Python (no Qt), used by CommentTableModel: pages are appended as the view scrolls; each
remembers the key-set cursor it was loaded from and its first row, so a dropped page can be
fetched again into exactly the rows it had.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence

from komoro_feedback.domain.comment import Comment
from komoro_feedback.domain.query import Cursor


class PageWindow:
    """Row numbers for every page seen; the comments of the last `size` pages used."""

    def __init__(self, size: int) -> None:
        self.size = max(2, size)
        self.count = 0  # rows known (the view's row count)
        self._starts: list[Cursor | None] = []  # the cursor each page was loaded from
        self._bases: list[int] = []  # the first row of each page
        self._pages: dict[int, list[Comment]] = {}  # resident, least recently used first
        self._row_of: dict[str, int] = {}  # resident rows only

    def clear(self) -> None:
        self.count = 0
        self._starts.clear()
        self._bases.clear()
        self._pages.clear()
        self._row_of.clear()

    def append(self, after: Cursor | None, items: Sequence[Comment]) -> list[Comment]:
        """Add the next page (loaded from `after`); returns the rows it added (no repeats)."""
        new = [c for c in items if c.id not in self._row_of]
        if new:
            self._starts.append(after)
            self._bases.append(self.count)
            self.count += len(new)
            self._keep(len(self._starts) - 1, new)
        return new

    def refill(self, number: int, items: Sequence[Comment]) -> tuple[int, int]:
        """Put a page fetched again back in its rows; returns (first row, rows)."""
        base = self._bases[number]
        end = self._bases[number + 1] if number + 1 < len(self._bases) else self.count
        self._keep(number, list(items[: end - base]))
        return base, end - base

    def get(self, row: int) -> tuple[Comment | None, int | None]:
        """(the row's comment, None) if its page is resident; else (None, the page to fetch)."""
        if not 0 <= row < self.count:
            return None, None
        number, offset = self._page_of(row)
        page = self._pages.get(number)
        if page is None:
            return None, number
        if next(reversed(self._pages)) != number:  # mark as most recently used
            self._pages[number] = self._pages.pop(number)
        return (page[offset] if offset < len(page) else None), None

    def start_of(self, number: int) -> Cursor | None:
        return self._starts[number]

    def pages(self) -> int:
        return len(self._starts)

    def row_of(self, comment_id: str) -> int | None:
        return self._row_of.get(comment_id)

    def put(self, row: int, comment: Comment) -> None:
        number, offset = self._page_of(row)
        self._pages[number][offset] = comment

    @property
    def resident_rows(self) -> int:
        return sum(len(p) for p in self._pages.values())

    def _keep(self, number: int, items: list[Comment]) -> None:
        """Make a page resident (most recently used), dropping the least recently used."""
        self._drop(number)
        self._pages[number] = items
        base = self._bases[number]
        for i, c in enumerate(items):
            self._row_of[c.id] = base + i
        while len(self._pages) > self.size:
            self._drop(next(iter(self._pages)))

    def _drop(self, number: int) -> None:
        for c in self._pages.pop(number, []):
            self._row_of.pop(c.id, None)

    def _page_of(self, row: int) -> tuple[int, int]:
        number = bisect_right(self._bases, row) - 1
        return number, row - self._bases[number]
