"""Policy suggestions and place names from a comment's text, and learning from the city's tags.

The texts below are written for these tests (not taken from the evaluation files).
"""

from __future__ import annotations

import pytest

from komoro_feedback.domain.comment import CommentDraft
from komoro_feedback.domain.enums import Channel
from komoro_feedback.domain.suggestion import LabelledText
from komoro_feedback.services.actor import Actor
from komoro_feedback.services.container import Services
from komoro_feedback.services.suggestion_service import SuggestionService


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("隣の畑に黒いパネルがずらっと並んで、夏は照り返しがまぶしい", "2-03"),
        ("下の子の保育料が高くて、二人目も無料にしてもらえないか", "1-03"),
        ("ゴミ出しのルールが分かりにくいし、集積所がカラスに荒らされる", "2-01"),
        ("通学路の舗装に穴があいていて、雨の日は水たまりだらけ", "5-04"),
        ("空き家になった隣の家の瓦が落ちてきそうで怖い", "4-09"),
    ],
)
def test_clear_comments_get_their_policy_first(
    services: Services, text: str, expected: str
) -> None:
    result = services.suggestions.suggest(text)
    assert result.codes[0] == expected
    assert result.policies[0].score == 1.0
    assert result.policies[0].reasons  # the recorder can see why


def test_plain_speech_about_shared_taxi_booking_proposes_community_transport(
    services: Services,
) -> None:
    result = services.suggestions.suggest(
        "愛のりくんに電話してもずっと話し中で、なかなか予約が取れない"
    )
    assert result.codes[0] == "5-03"
    assert "5-02" in result.codes  # the other community-transport policy comes along
    assert "予約が取れな" in result.policies[0].reasons


def test_reasons_name_the_matched_everyday_words(services: Services) -> None:
    top = services.suggestions.suggest("黒いパネルの発電所が山の斜面にできた").policies[0]
    assert top.code == "2-03"
    assert {"黒いパネル", "発電所"} <= set(top.reasons)


def test_top_k_and_empty_text(services: Services) -> None:
    assert len(services.suggestions.suggest("保育園の先生が足りない", top=5).policies) == 5
    assert services.suggestions.suggest("   ").policies == ()


@pytest.mark.parametrize(
    ("text", "places"),
    [
        ("御影の集会所の前の道が暗い", ["御影"]),
        ("御牧ケ原の畑の話です", ["御牧ヶ原"]),  # ケ/ヶ written either way
        ("大久保区の坂道が凍る", ["大久保"]),  # not 久保 inside it
        ("乙女駅の近くと与良のあたり", ["乙女", "与良"]),
        ("川辺地区の農道", ["川辺"]),  # the district
        ("小諸の良いところを市町村に発信", []),  # 諸 in 小諸, 市町 in 市町村
        ("中村さんが言っていたように川辺の草刈りが大変", []),  # a surname; riverside
        ("大手企業の工場を誘致して", []),
        ("氷区と諸区の合同の防災訓練", ["氷", "諸"]),  # one-character wards with 区
    ],
)
def test_places_named_in_the_text(services: Services, text: str, places: list[str]) -> None:
    found = services.suggestions.suggest(text).places
    assert [p.name for p in found] == places


def test_a_ward_comes_with_its_district(services: Services) -> None:
    (ward,) = services.suggestions.suggest("ｵﾄﾒじゃなくて御影の話").wards
    assert (ward.name, ward.district_name) == ("御影", "南大井")
    assert ward.ward_id == services.catalog.ward_by_name("御影").id


def _record(services: Services, text: str, code: str) -> None:
    policy = services.catalog.policy_by_code(code)
    services.comments.record(
        CommentDraft(text=text, policy_ids=(policy.id,), channel=Channel.PHONE)
    )


def test_learns_from_comments_a_person_tagged(services: Services) -> None:
    text = "おたまじゃくし広場のベンチが壊れたままになっている"
    before = services.suggestions.suggest(text).codes
    assert before[0] != "6-02"
    _record(services, "おたまじゃくし広場のベンチが壊れたまま、直してほしい", "6-02")
    _record(services, "おたまじゃくし広場のベンチが壊れて座れない", "6-02")
    services.suggestions.refresh()
    after = services.suggestions.suggest(text)
    assert after.codes[0] == "6-02"
    assert after.policies[0].reasons[0] == "記録済みの類似意見"


def test_does_not_learn_from_demo_data(services: Services) -> None:
    text = "おたまじゃくし広場のベンチが壊れたままになっている"
    before = services.suggestions.suggest(text).codes
    demo = Services.build(services.db, Actor("demo"))
    _record(demo, "おたまじゃくし広場のベンチが壊れたまま、直してほしい", "6-02")
    _record(demo, "おたまじゃくし広場のベンチが壊れて座れない", "6-02")
    services.suggestions.refresh()
    assert services.suggestions.suggest(text).codes == before


def test_examples_in_memory_and_evaluation(services: Services) -> None:
    fresh = SuggestionService(services.db, services.actor)
    examples = [
        LabelledText("おたまじゃくし広場のベンチが壊れたまま", ("6-02",)),
        LabelledText("おたまじゃくし広場のベンチがぐらぐら", ("6-02",)),
    ]
    assert fresh.add_examples(examples) == 2
    result = fresh.evaluate([LabelledText("おたまじゃくし広場のベンチが壊れて危ない", ("6-02",))])
    assert result.top1 == 1.0
    # Nothing was written: the shared service has not learnt it.
    assert (
        services.suggestions.suggest("おたまじゃくし広場のベンチが壊れて危ない").codes[0] != "6-02"
    )


def test_acceptance_rate_counts_people_only(services: Services) -> None:
    policy = services.catalog.policy_by_code("2-01")
    for accepted in (True, True, False, None):
        services.comments.record(
            CommentDraft(
                text="ごみの分別",
                policy_ids=(policy.id,),
                channel=Channel.PHONE,
                suggestion_accepted=accepted,
            )
        )
    stats = services.suggestions.acceptance()
    assert (stats.comments, stats.with_suggestions, stats.accepted) == (4, 3, 2)
    assert stats.rate == pytest.approx(2 / 3)
