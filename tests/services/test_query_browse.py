"""browse() (keys first, then rows) gives exactly the pages of page(), for every sort and filter."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from komoro_feedback.domain.enums import Status
from komoro_feedback.domain.query import CommentFilter, CommentQuery, SortKey
from komoro_feedback.services.container import Services


@pytest.fixture
def filled(services: Services) -> Services:
    services.demo.generate(260, seed=4, end=date(2026, 3, 31))
    return services


def _walk(fetch, query: CommentQuery) -> list[tuple[str, object]]:
    out: list[tuple[str, object]] = []
    q = query
    while True:
        page = fetch(q)
        out.extend((c.id, page.next_cursor) for c in page.items)
        if page.next_cursor is None:
            return out
        q = replace(q, after=page.next_cursor)


@pytest.mark.parametrize("sort", list(SortKey))
def test_browse_pages_equal_page_pages_for_every_sort(filled: Services, sort: SortKey) -> None:
    for descending in (True, False):
        q = CommentQuery(sort=sort, descending=descending, limit=37)
        walked = _walk(filled.queries.browse, q)
        assert walked == _walk(filled.queries.page, q)
        assert len({cid for cid, _c in walked}) == 260


def test_browse_pages_equal_page_pages_with_filters(filled: Services) -> None:
    district = filled.catalog.districts()[6].id
    for f in (
        CommentFilter(open_only=True),
        CommentFilter(district_ids=(district,), open_only=True),
        CommentFilter(statuses=(Status.ANSWERED,), date_from=date(2025, 1, 1)),
        CommentFilter(text="保育"),
        CommentFilter(text="存在しない言葉です"),
    ):
        for sort in (SortKey.RECEIVED, SortKey.STATUS, SortKey.WARD):
            q = CommentQuery(filter=f, sort=sort, limit=25)
            walked = _walk(filled.queries.browse, q)
            assert walked == _walk(filled.queries.page, q)
            assert len(walked) == filled.queries.count(f)
    first = filled.queries.browse(CommentQuery(limit=5)).items
    assert [c.text for c in first] == [
        c.text for c in filled.queries.page(CommentQuery(limit=5)).items
    ]
    assert all(c.ward_name or c.ward_id is None for c in first)


@pytest.mark.parametrize("sort", list(SortKey))
def test_a_rare_short_search_finds_every_hit_in_list_order(filled: Services, sort: SortKey) -> None:
    """A 1-2 character term found in few comments (SQLite: one sequential scan, not the
    index walk) lists exactly the matching comments, in the list's order, page by page."""
    sv = filled
    query = CommentQuery(sort=sort, descending=True, limit=500)
    everything = list(sv.queries.page(query).items)
    rare = next(  # a character in a handful of comments: fewer than a page
        ch for c in everything for ch in c.text if 2 <= sum(ch in o.text for o in everything) <= 6
    )
    expected = [c.id for c in everything if rare in c.text]
    small = replace(query, filter=CommentFilter(text=rare), limit=2)
    for fetch in (sv.queries.page, sv.queries.browse):
        assert [i for i, _ in _walk(fetch, small)] == expected, (fetch, rare)
