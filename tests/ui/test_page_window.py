"""The page window: row numbers for every page, comments for the last few pages used."""

from __future__ import annotations

from datetime import date

from komoro_feedback.domain.query import CommentQuery, Cursor
from komoro_feedback.services.container import Services

from komoro_feedback.ui.models.page_window import PageWindow


def test_only_the_last_pages_used_stay_and_a_dropped_page_comes_back_in_place(
    sqlite_services: Services,
) -> None:
    sqlite_services.demo.generate(50, seed=3, end=date(2026, 3, 31))
    pages = []
    after: Cursor | None = None
    while True:
        page = sqlite_services.queries.browse(CommentQuery(limit=10, after=after))
        pages.append((after, page.items))
        if page.next_cursor is None:
            break
        after = page.next_cursor
    window = PageWindow(2)
    for start, items in pages:
        assert len(window.append(start, items)) == len(items)
    assert window.count == 50 and window.resident_rows == 20
    assert window.get(0) == (None, 0)  # dropped: page 0 must be fetched again
    assert window.get(45)[0] == pages[4][1][5]
    again = sqlite_services.queries.browse(CommentQuery(limit=10, after=window.start_of(0)))
    assert window.refill(0, again.items) == (0, 10)
    assert window.get(3)[0] == pages[0][1][3]
    assert window.row_of(pages[0][1][3].id) == 3
    assert window.resident_rows == 20  # page 3, the least recently used, was dropped
    assert window.get(35) == (None, 3)
