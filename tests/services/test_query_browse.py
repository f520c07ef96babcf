"""browse() (keys first, then rows) gives exactly the pages of page(), for every sort and filter."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from komoro_feedback.domain.comment import CommentEdit
from komoro_feedback.domain.enums import Status
from komoro_feedback.domain.query import CommentFilter, CommentQuery, SortKey
from komoro_feedback.services.container import Services
from tests.helpers import record


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


def test_policy_lists_with_secondary_policies_page_like_the_comments(filled: Services) -> None:
    """Filtered by policy (secondary ones included), browse() pages from comment_policy's
    copies of date, ward, status and deletion: the same rows and order as page()."""
    sv = filled
    everything = sv.queries.page(CommentQuery(limit=500)).items
    secondary = next(c for c in everything if len(c.policy_ids) > 1)
    policy = secondary.policy_ids[1]
    other = next(c.policy_ids[0] for c in everything if policy not in c.policy_ids)
    district = secondary.district_id
    assert district is not None
    for f in (
        CommentFilter(policy_ids=(policy,)),
        CommentFilter(policy_ids=(policy,), district_ids=(district,)),
        CommentFilter(policy_ids=(policy, other), open_only=True, date_from=date(2025, 1, 1)),
        CommentFilter(policy_ids=(policy, other), ward_ids=(secondary.ward_id or 0,)),
    ):
        assert sv.queries.count(f) == len(sv.queries.ids(f))
        for sort in (SortKey.RECEIVED, SortKey.RECORDED, SortKey.STATUS, SortKey.WARD):
            for descending in (True, False):
                q = CommentQuery(filter=f, sort=sort, descending=descending, limit=7)
                walked = _walk(sv.queries.browse, q)
                assert walked == _walk(sv.queries.page, q), (f, sort, descending)
                assert len(walked) == sv.queries.count(f)
    assert secondary.id in {
        c.id
        for c in sv.queries.browse(
            CommentQuery(
                filter=CommentFilter(policy_ids=(policy,), district_ids=(district,)), limit=500
            )
        ).items
    }


def test_a_policy_list_follows_edits_of_the_comments(services: Services) -> None:
    """Moving a comment to another ward, answering it or deleting it shows at once in a list
    filtered by one of its secondary policies (the copies follow the comment)."""
    sv = services
    c = record(sv, "図書館の開館時間を延ばしてほしい", ward="乙女", policies=("1-04", "2-01"))
    secondary = sv.catalog.policy_by_code("2-01").id
    here = sv.catalog.ward_by_name("乙女")
    there = next(w for w in sv.catalog.wards() if w.district_id != here.district_id)

    def listed(**kw: object) -> list[str]:
        f = CommentFilter(policy_ids=(secondary,), **kw)  # type: ignore[arg-type]
        return [x.id for x in sv.queries.browse(CommentQuery(filter=f)).items]

    assert listed(district_ids=(here.district_id,)) == [c.id]
    c = sv.comments.edit(CommentEdit(c.id, c.version, ward_id=there.id))
    assert listed(district_ids=(here.district_id,)) == []
    assert listed(district_ids=(there.district_id,)) == [c.id]
    c = sv.comments.change_status(c.id, c.version, Status.ROUTED)
    assert listed(statuses=(Status.ROUTED,)) == [c.id]
    sv.comments.delete(c.id, c.version)
    assert listed() == []
    assert listed(deleted_only=True) == [c.id]


@pytest.mark.parametrize("sort", [SortKey.RECORDED, SortKey.WARD, SortKey.STATUS])
def test_listed_comments_equal_the_comments_read_alone(filled: Services, sort: SortKey) -> None:
    """Every field of a listed comment (its policies primary first, not by code) is what the
    detail pane reads, on every page: PostgreSQL reads a page's rows and policies at once."""
    sv = filled
    c = record(sv, "三つの政策に関わる意見", policies=("5-03", "1-04", "2-01"))
    assert sv.queries.get_many([c.id])[0].policy_codes == ("5-03", "1-04", "2-01")
    q = CommentQuery(sort=sort, limit=40)
    listed = []
    while True:
        page = sv.queries.browse(q)
        listed.extend(page.items)
        if page.next_cursor is None:
            break
        q = replace(q, after=page.next_cursor)
    assert len(listed) == 261
    assert next(x for x in listed if x.id == c.id).policy_codes == ("5-03", "1-04", "2-01")
    alone = {x.id: x for x in sv.queries.get_many([x.id for x in listed])}
    assert listed == [alone[x.id] for x in listed]
    assert sum(len(x.policy_ids) for x in listed) > len(listed)  # secondary policies shown
    first = CommentQuery(sort=sort, limit=40)  # page(): rows and policies read the other way
    assert list(sv.queries.page(first).items) == listed[:40]
