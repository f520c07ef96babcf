"""Lists and counts through the query object: every filter, key-set paging, counts that add up."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from komoro_feedback.domain.comment import Comment
from komoro_feedback.domain.enums import CommentKind, Status
from komoro_feedback.domain.query import CommentFilter, CommentQuery, SortKey
from komoro_feedback.services.container import Services
from tests.helpers import meeting, record


@pytest.fixture
def sample(services: Services) -> Services:
    mid = meeting(services)
    record(services, "保育園を増やして", ward="乙女", policies=("1-04",), received=date(2025, 4, 1))
    record(
        services,
        "給食がおいしい",
        ward="与良",
        policies=("1-08", "1-02"),
        kind=CommentKind.THANKS,
        received=date(2025, 6, 1),
    )
    record(services, "道路の穴", ward="御影", policies=("5-04",), meeting_id=mid)
    record(
        services,
        "財政が心配",
        ward=None,
        policies=("6-02",),
        kind=CommentKind.OPINION,
        received=date(2024, 10, 1),
    )
    return services


def _count(sv: Services, **kw: object) -> int:
    return sv.queries.count(CommentFilter(**kw))  # type: ignore[arg-type]


def test_each_filter_narrows_the_list(sample: Services) -> None:
    sv = sample
    cat = sv.catalog
    prog = cat.programme()
    assert _count(sv) == 4
    assert _count(sv, policy_ids=(cat.policy_by_code("1-02").id,)) == 1  # secondary counts
    assert _count(sv, policy_ids=(cat.policy_by_code("1-02").id,), primary_only=True) == 0
    assert _count(sv, pillar_ids=(prog.pillars[0].id,)) == 2
    assert _count(sv, programme_id=prog.id) == 4
    assert _count(sv, district_ids=(cat.district_by_name("南大井").id,)) == 1
    assert _count(sv, ward_ids=(cat.ward_by_name("与良").id,)) == 1
    assert _count(sv, city_wide_only=True) == 1
    assert _count(sv, meeting_ids=(sv.meetings.list()[0].id,)) == 1
    assert _count(sv, kinds=(CommentKind.THANKS,)) == 1
    assert _count(sv, statuses=(Status.RECEIVED,)) == 4
    assert _count(sv, open_only=True) == 4
    assert _count(sv, date_from=date(2025, 1, 1), date_to=date(2025, 12, 31)) == 2
    assert _count(sv, text="給食") == 1
    dep = cat.department_by_name("建設課")
    assert _count(sv, department_ids=(dep.id,)) == 0


def test_key_set_pages_cover_every_row_once_in_order(services: Services) -> None:
    for i in range(23):
        record(services, f"意見その{i}", received=date(2025, 1, 1 + i % 5))
    for sort in (SortKey.RECEIVED, SortKey.RECORDED, SortKey.WARD, SortKey.STATUS):
        for descending in (True, False):
            seen: list[str] = []
            query = CommentQuery(sort=sort, descending=descending, limit=5)
            while True:
                page = services.queries.page(query)
                seen += [c.id for c in page.items]
                if page.next_cursor is None:
                    break
                query = CommentQuery(
                    sort=sort, descending=descending, limit=5, after=page.next_cursor
                )
            assert len(seen) == len(set(seen)) == 23, (sort, descending)
    newest_first = services.queries.page(CommentQuery(limit=23)).items
    dates = [c.received_on for c in newest_first]
    assert dates == sorted(dates, reverse=True)


def test_sorting_by_status_lists_each_status_newest_first_across_pages(
    services: Services,
) -> None:
    made = [record(services, f"意見{i}", received=date(2025, 3, 1 + i)) for i in range(12)]
    services.comments.bulk_status([c.id for c in made[::3]], Status.ANSWERED)
    services.comments.bulk_status([c.id for c in made[1::3]], Status.IN_PROGRESS)
    query = CommentQuery(sort=SortKey.STATUS, descending=True, limit=5)
    shown: list[Comment] = []
    while True:
        page = services.queries.page(query)
        shown += page.items
        if page.next_cursor is None:
            break
        query = replace(query, after=page.next_cursor)
    assert len({c.id for c in shown}) == 12
    keys = [(c.status.value, c.received_on) for c in shown]
    assert keys == sorted(keys, reverse=True)  # status groups, newest first in each


def test_counts_add_up_to_the_total_and_split_by_district(sample: Services) -> None:
    rows = sample.queries.counts(CommentFilter())
    assert sum(r.count for r in rows) == 4
    by_district = {r.district_id for r in rows}
    assert None in by_district  # the city-wide comment
    period = sample.queries.counts(
        CommentFilter(date_from=date(2025, 1, 1), date_to=date(2025, 12, 31))
    )
    assert sum(r.count for r in period) == 2
