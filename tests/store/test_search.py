"""Free-text search finds Japanese text regardless of width and kana, on every backend."""

from __future__ import annotations

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
