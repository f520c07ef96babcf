"""The comments list on the driver (SQLite: key statements compiled once per filter shape;
PostgreSQL: the page's one statement compiled once per shape and run prepared; no Session)
shows exactly what the ORM path shows: the same comments with every field, in the same order,
with the same cursors, page after page, whatever the filter, sort and direction."""

from __future__ import annotations

import shutil
from collections import Counter
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from komoro_feedback.domain.comment import Comment
from komoro_feedback.domain.enums import CommentKind, Status
from komoro_feedback.domain.query import CommentFilter, CommentQuery, Cursor, Page, SortKey
from komoro_feedback.domain.text import normalize_for_search
from komoro_feedback.services.actor import Actor
from komoro_feedback.services.container import Services
from komoro_feedback.services.encryption_service import convert
from komoro_feedback.store import pg_stored
from komoro_feedback.store.database import Database
from tests.helpers import record

Fetch = Callable[[CommentQuery], Page[Comment]]


@pytest.fixture
def filled(services: Services) -> Services:
    sv = services
    sv.demo.generate(240, seed=11, end=date(2026, 3, 31))
    everything = sv.queries.page(CommentQuery(limit=1000)).items
    for c in everything[5:40:7]:  # a few deleted comments: out of lists unless asked for
        sv.comments.delete(c.id, c.version)
    department = sv.catalog.departments()[2].id
    sv.comments.bulk_assign([c.id for c in everything[50:90]], department)
    return sv


def _filters(sv: Services) -> list[CommentFilter]:
    """Filters of many shapes, and several of the same shape with other values (a statement
    compiled for one must not keep its values)."""
    districts = sv.catalog.districts()
    wards = [w.id for d in districts for w in d.wards]
    programme = sv.catalog.programme()
    pillars = [p.id for p in programme.pillars]
    per_policy: Counter[int | None] = Counter()
    for row in sv.queries.counts(CommentFilter()):
        per_policy[row.policy_id] += row.count
    policies = [p for p, _n in per_policy.most_common() if p is not None]  # busiest first
    department = sv.catalog.departments()[2].id
    year = CommentFilter(date_from=date(2025, 4, 1), date_to=date(2026, 3, 31))
    return [
        CommentFilter(),
        CommentFilter(ward_ids=(wards[0],)),
        CommentFilter(ward_ids=(wards[5],)),
        CommentFilter(ward_ids=(wards[5], wards[9], wards[20])),
        CommentFilter(ward_ids=(wards[3],), open_only=True),
        CommentFilter(ward_ids=(wards[7],), open_only=True),
        CommentFilter(district_ids=(districts[6].id,), open_only=True),
        CommentFilter(district_ids=(districts[2].id, districts[4].id), ward_ids=(wards[0],)),
        CommentFilter(city_wide_only=True),
        CommentFilter(statuses=(Status.ANSWERED,), date_from=date(2025, 1, 1)),
        replace(year, statuses=(Status.ANSWERED,)),
        replace(year, statuses=(Status.RECEIVED, Status.ROUTED)),
        CommentFilter(statuses=(Status.ANSWERED,), open_only=True),  # nothing is both
        CommentFilter(date_to=date(2025, 6, 30)),
        CommentFilter(kinds=(CommentKind.REQUEST, CommentKind.QUESTION)),
        CommentFilter(kinds=(CommentKind.OPINION,)),
        CommentFilter(department_ids=(department,)),
        CommentFilter(pillar_ids=(pillars[1],)),
        CommentFilter(pillar_ids=(pillars[3],), open_only=True),
        CommentFilter(programme_id=programme.id),
        CommentFilter(policy_ids=(policies[4],), primary_only=True),
        CommentFilter(policy_ids=(policies[4], policies[9]), primary_only=True),
        CommentFilter(policy_ids=(policies[2],), kinds=(CommentKind.REQUEST,)),
        # secondary policies included: paged from comment_policy (the policy walk)
        CommentFilter(policy_ids=(policies[0],)),
        CommentFilter(policy_ids=(policies[0], policies[1], policies[2])),
        CommentFilter(policy_ids=(policies[3],), district_ids=(districts[3].id,)),
        CommentFilter(policy_ids=(policies[1],), ward_ids=(wards[2],), open_only=True),
        replace(year, policy_ids=(policies[1], policies[4])),
        CommentFilter(include_deleted=True),
        CommentFilter(deleted_only=True),
    ]


def _scroll(fetch: Fetch, query: CommentQuery) -> list[tuple[Comment, Cursor | None]]:
    out: list[tuple[Comment, Cursor | None]] = []
    q = query
    while True:
        page = fetch(q)
        out.extend((c, page.next_cursor) for c in page.items)
        if page.next_cursor is None:
            return out
        q = replace(q, after=page.next_cursor)


def _stored(sv: Services) -> Fetch:
    """The driver path itself (the service falls back to a Session when it returns None)."""

    def fetch(q: CommentQuery) -> Page[Comment]:
        with sv.db.read_driver() as conn:
            page = sv.queries.pages.browse_stored(conn, q)
        assert page is not None, q
        return page

    return fetch


def _limit(size: int) -> int:
    """Pages of a size that scrolls any list over about five pages: every list crosses page
    boundaries (the cursors are what is compared), and a long one costs no more than a short
    one (six pages of a few comments each took most of this file's time)."""
    return max(2, -(-size // 5))


def _pg_stored(sv: Services) -> Fetch:
    """PostgreSQL's driver path itself where it applies (browse() otherwise)."""

    def fetch(q: CommentQuery) -> Page[Comment]:
        if not pg_stored.handles(q):
            return sv.queries.browse(q)
        with sv.db.read_driver() as conn:
            page = sv.queries.pages.browse_pg_stored(conn, q)
        assert page is not None, q
        return page

    return fetch


@pytest.mark.parametrize("sort", list(SortKey))
def test_every_page_equals_the_orm_page_for_every_filter(filled: Services, sort: SortKey) -> None:
    sv = filled
    fetches: list[Fetch] = [sv.queries.browse]
    if sv.db.is_sqlite:
        fetches.append(_stored(sv))
    else:
        fetches.append(_pg_stored(sv))
        handled = [f for f in _filters(sv) if pg_stored.handles(CommentQuery(filter=f, sort=sort))]
        assert len(handled) == len(_filters(sv))
    for f in _filters(sv):
        size = sv.queries.count(f)
        for descending in (True, False):
            q = CommentQuery(filter=f, sort=sort, descending=descending, limit=_limit(size))
            expected = _scroll(sv.queries.page, q)
            assert len(expected) == size
            for fetch in fetches:
                assert _scroll(fetch, q) == expected, (f, descending, fetch)


def test_the_filters_find_what_they_say(filled: Services) -> None:
    """The comparison above is not between two empty lists."""
    sv = filled
    filters = _filters(sv)
    sizes = [sv.queries.count(f) for f in filters]
    assert sizes[0] == 240 - 5
    one, other = (
        {c.id for c in sv.queries.browse(CommentQuery(filter=f)).items} for f in filters[1:3]
    )
    assert one and other and one != other  # same shape, other ward
    assert sum(1 for n in sizes if n > _limit(n) * 3) >= 18  # scrolled over 4 pages or more
    assert sizes[24] > sizes[23] > 6  # comments of several policies, over several pages
    assert sizes[-1] == 5
    assert sizes[12] == 0


def test_a_new_comment_and_its_policies_show_on_the_first_page(filled: Services) -> None:
    sv = filled
    new = record(sv, "駅前の駐輪場を広げてほしい", ward="乙女", policies=("5-03", "1-04"))
    ward = sv.catalog.ward_by_name("乙女").id
    for sort in (SortKey.RECORDED, SortKey.RECEIVED):
        first = sv.queries.browse(
            CommentQuery(filter=CommentFilter(ward_ids=(ward,)), sort=sort, limit=10)
        ).items[0]
        assert first == new
        assert first.policy_codes == ("5-03", "1-04")
        assert first.ward_name == "乙女"
        assert first.received_on == new.received_on and isinstance(first.received_on, date)


def _terms(comments: list[Comment]) -> list[str]:
    """Search entries found in a handful of texts to most: 3 characters, 2, 1, two terms."""
    texts = [normalize_for_search(c.text) for c in comments]

    def found_in(t: str) -> int:
        return sum(t in x for x in texts)

    def term(size: int, lo: int, hi: int) -> str:
        grams = Counter(x[i : i + size] for x in texts for i in range(len(x) - size + 1))
        return next(g for g, _n in grams.most_common() if " " not in g and lo <= found_in(g) <= hi)

    three, two, one = term(3, 8, 60), term(2, 8, 60), term(1, 8, 200)
    return [three, two, one, f"{three} {term(1, 30, 200)}", f"{two} {one}"]


def test_the_search_box_lists_every_hit_newest_first_page_after_page(filled: Services) -> None:
    """The search box (free text alone, newest recorded first) on the driver: exactly the
    comments whose text holds every term, as the full list shows them, deleted ones only
    when asked for, and their number."""
    sv = filled
    everything = sv.queries.page(
        CommentQuery(filter=CommentFilter(include_deleted=True), sort=SortKey.RECORDED, limit=999)
    ).items
    live = [c for c in everything if not c.deleted]
    sizes = []
    for entry in _terms(live):
        terms = entry.split()
        for f in (
            CommentFilter(text=entry),
            CommentFilter(text=entry, include_deleted=True),
            CommentFilter(text=entry, deleted_only=True),
        ):
            expected = [
                c
                for c in everything
                if all(t in normalize_for_search(c.text) for t in terms)
                and (f.include_deleted or c.deleted == f.deleted_only)
            ]
            sizes.append(len(expected))
            assert sv.queries.count(f) == len(expected), (entry, f)
            q = CommentQuery(filter=f, sort=SortKey.RECORDED, limit=4)
            fetches: list[Fetch] = [sv.queries.page, sv.queries.browse]
            if sv.db.is_sqlite:
                fetches.append(_stored(sv))
            for fetch in fetches:
                assert [c for c, _ in _scroll(fetch, q)] == expected, (entry, f, fetch)
            if f == CommentFilter(text=entry):
                assert sv.queries.search(entry, limit=4).items == tuple(expected[:4])
    assert max(sizes) > 8 and min(sizes) == 0  # several pages; none at all


def test_the_search_box_pages_the_same_in_every_order_on_the_postgresql_driver(
    filled: Services,
) -> None:
    """PostgreSQL runs the search box's page as one prepared statement (the walk in list
    order, the terms as parameters; the sorted hits when the walk does not fill the page):
    every page, in every order and direction, equals the Session's two-step path."""
    sv = filled
    if sv.db.is_sqlite:
        pytest.skip("the PostgreSQL driver path")
    live = sv.queries.page(CommentQuery(sort=SortKey.RECORDED, limit=999)).items
    walked = Counter[str]()

    def session(q: CommentQuery) -> Page[Comment]:
        with sv.db.read() as s:
            return sv.queries.pages.browse(s, q)

    for entry in [*_terms(list(live)), "該当なしの語"]:
        f = CommentFilter(text=entry)
        size = sv.queries.count(f)
        walked[entry] = size
        for sort in SortKey:
            for descending in (True, False):
                q = CommentQuery(filter=f, sort=sort, descending=descending, limit=_limit(size))
                assert pg_stored.handles(q)
                expected = _scroll(session, q)
                assert len(expected) == size
                assert _scroll(_pg_stored(sv), q) == expected, (entry, sort, descending)
    assert walked["該当なしの語"] == 0 and sum(n > 8 for n in walked.values()) >= 4


def test_an_encrypted_laptop_lists_and_searches_its_comments(
    sqlite_template: Path, tmp_path: Path
) -> None:
    """SQLCipher (SQLite only): the driver path runs on its connection, with its key."""
    path = tmp_path / "laptop.sqlite3"
    shutil.copy(sqlite_template, path)
    convert(path, None, "浅間山 2026", tmp_path / "backups", action="encrypt")
    sv = Services.build(Database(f"sqlite:///{path}", passphrase="浅間山 2026"), Actor("記録係"))
    try:
        saved = record(sv, "懐古園の桜の時期に駐車場が足りない")
        assert sv.queries.browse(CommentQuery(limit=5)).items == (saved,)
        assert sv.queries.search("駐車場").items == (saved,)
        ward = CommentFilter(ward_ids=(saved.ward_id or 0,), open_only=True)
        assert sv.queries.browse(CommentQuery(filter=ward)).items == (saved,)
    finally:
        sv.close()
