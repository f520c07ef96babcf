"""Free-text search finds Japanese text regardless of width and kana, on every backend."""

from __future__ import annotations

import pytest

from komoro_feedback.domain.comment import CommentEdit
from komoro_feedback.domain.query import CommentFilter
from komoro_feedback.services.container import Services
from tests.helpers import record


def _texts(sv: Services, query: str) -> set[str]:
    return {c.text for c in sv.queries.search(query, limit=100).items}


def test_width_and_kana_variants_find_the_same_comments(services: Services) -> None:
    a = record(services, "ﾎｲｸ園の送迎で道が混みます")
    b = record(services, "ホイク園の先生が足りない")
    c = record(services, "ほいく園のお迎えが大変")
    record(services, "道路の穴を直してほしい", policies=("5-04",))
    expected = {a.text, b.text, c.text}
    for query in ("ﾎｲｸ", "ホイク", "ほいく", "ホイク園", "ほいくえん"[:3]):
        assert _texts(services, query) == expected, query
    assert services.queries.count(CommentFilter(text="ほいく")) == 3


def test_one_and_two_character_queries_work(services: Services) -> None:
    record(services, "熊が出ました")
    record(services, "道に穴")
    record(services, "雪かきをお願いしたい")
    assert _texts(services, "熊") == {"熊が出ました"}
    assert _texts(services, "道に") == {"道に穴"}
    assert services.queries.count(CommentFilter(text="穴")) == 1


def test_several_terms_must_all_match(services: Services) -> None:
    record(services, "駅前の駐車場が足りない")
    record(services, "駅前のベンチを増やして")
    record(services, "病院の駐車場が狭い")
    assert _texts(services, "駅前 駐車場") == {"駅前の駐車場が足りない"}
    assert _texts(services, "駅　駐車") == {"駅前の駐車場が足りない"}


def test_search_syntax_characters_are_plain_text(services: Services) -> None:
    record(services, '「100%」の"回答"_を望む')
    for query in ('"回答"', "100%", "_を望", "OR", "NEAR(", "*"):
        services.queries.search(query)  # must not raise
    assert _texts(services, "100%") == {'「100%」の"回答"_を望む'}
    assert _texts(services, '"回答"') == {'「100%」の"回答"_を望む'}


def test_edits_and_deletes_keep_the_index_right(services: Services) -> None:
    c = record(services, "街灯が暗くて危ない")
    services.comments.edit(CommentEdit(c.id, c.version, text="防犯灯を増やしてほしい"))
    assert _texts(services, "街灯") == set()
    assert _texts(services, "防犯灯") == {"防犯灯を増やしてほしい"}
    c = services.comments.get(c.id)
    services.comments.delete(c.id, c.version)
    assert _texts(services, "防犯灯") == set()
    services.comments.restore(c.id)
    assert _texts(services, "防犯灯") == {"防犯灯を増やしてほしい"}


@pytest.mark.parametrize("probe_rows", [20_000, 7])
def test_every_query_finds_exactly_the_comments_containing_it(
    services: Services, probe_rows: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The indexes answer as a plain substring test of the normalised text would, deleted or not.

    With a probe of 7 rows, list orders other than recording order sort the hits instead of
    walking the list's index (what a rare term does at 1M comments).
    """
    from komoro_feedback.store import search_keys

    monkeypatch.setattr(search_keys, "PROBE_ROWS", probe_rows)
    from datetime import date

    from komoro_feedback.domain.query import CommentQuery, SortKey
    from komoro_feedback.domain.text import normalize_for_search

    services.demo.generate(300, seed=11, end=date(2026, 6, 30))
    record(services, "道、路の「穴」100%!")
    record(services, "ﾊﾞｽ停 ABC abc")
    # Quotes, a backslash and %: literals in some statements, parameters in others.
    record(services, "it's the 'bus' stop\\road 50%_off")
    gone = services.queries.page(CommentQuery(limit=30)).items
    for c in gone[::3]:
        services.comments.delete(c.id, c.version)
    everything = services.queries.page(CommentQuery(CommentFilter(include_deleted=True), limit=999))
    texts = {c.id: (normalize_for_search(c.text), c.deleted) for c in everything.items}
    queries = [
        "'",
        "t's",
        "'bus'",
        "\\",
        "p\\r",
        "%_o",
        "道",
        "道路",
        "道、",
        "路の",
        "の",
        "熊",
        "穴",
        "%",
        "、",
        "バス",
        "ばす",
        "b",
        "ab",
        "保育",
        "住民",
        "の 道",
        "道路 補修",
        "abc",
        "停 a",
    ]
    for q in queries:
        terms = normalize_for_search(q).split()
        for f, alive in (
            (CommentFilter(text=q), {False}),
            (CommentFilter(text=q, include_deleted=True), {False, True}),
            (CommentFilter(text=q, deleted_only=True), {True}),
        ):
            want = {i for i, (t, d) in texts.items() if d in alive and all(x in t for x in terms)}
            assert services.queries.count(f) == len(want), (q, f)
            for sort in (SortKey.RECORDED, SortKey.RECEIVED):
                got: list[str] = []
                after = None
                while True:
                    page = services.queries.page(
                        CommentQuery(filter=f, sort=sort, limit=40, after=after)
                    )
                    got.extend(c.id for c in page.items)
                    if page.next_cursor is None:
                        break
                    after = page.next_cursor
                assert len(got) == len(set(got)) and set(got) == want, (q, f, sort)
