"""Similar comments in the same period, linking them, answering a linked group at once."""

from __future__ import annotations

from datetime import date

import pytest

from komoro_feedback.domain.comment import Comment, CommentDraft
from komoro_feedback.domain.enums import Channel, Status
from komoro_feedback.domain.errors import ConflictError, ValidationError
from komoro_feedback.services.container import Services

STREETLIGHT = "集会所の前の街灯が切れていて夜は真っ暗なので、早く直してほしい"


def _add(services: Services, text: str, ward: str, day: date) -> Comment:
    return services.comments.record(
        CommentDraft(
            text=text,
            ward_id=services.catalog.ward_by_name(ward).id,
            channel=Channel.PHONE,
            received_on=day,
        )
    )


def test_finds_the_same_request_from_other_wards_in_the_same_period(services: Services) -> None:
    a = _add(services, STREETLIGHT, "御影", date(2025, 5, 1))
    b = _add(
        services,
        "集会所の前の街灯が切れていて、夜は真っ暗。早く直してほしい",
        "乙女",
        date(2025, 5, 9),
    )
    _add(services, "集会所の前の街灯が切れていて夜は真っ暗なので直して", "与良", date(2025, 9, 1))
    _add(services, "保育園の送迎で朝の道が混んでいる", "御影", date(2025, 5, 2))
    found = services.similar.similar_to(a.id)
    assert [s.comment.id for s in found] == [b.id]  # not the one months later, nor another topic
    assert found[0].similarity > 0.6
    assert found[0].comment.ward_name == "乙女"


def test_link_unlink_and_count_once(services: Services) -> None:
    day = date(2025, 5, 1)
    a = _add(services, STREETLIGHT, "御影", day)
    b = _add(services, STREETLIGHT + "。", "乙女", day)
    c = _add(services, "街灯が切れて夜は真っ暗、集会所の前です", "与良", day)
    other = _add(services, "保育園の送迎で朝の道が混んでいる", "御影", day)
    group = services.similar.link([a.id, b.id])
    assert set(group.comment_ids) == {a.id, b.id}
    # Linking one more into the group (from the new comment's side) keeps one group.
    bigger = services.similar.link([c.id, b.id])
    assert bigger.group_id == group.group_id
    assert set(bigger.comment_ids) == {a.id, b.id, c.id}
    ids = [a.id, b.id, c.id, other.id]
    assert services.similar.count_distinct(ids) == 2
    assert set(services.similar.group_ids().values()) == {group.group_id}
    history = services.comments.history(c.id).audit
    assert any(e.action == "link" and e.after == group.group_id for e in history)
    services.similar.unlink(a.id)
    services.similar.unlink(b.id)  # c is left alone: the group dissolves
    assert services.similar.group(c.id) is None
    assert services.similar.count_distinct(ids) == 4
    assert any(e.action == "unlink" for e in services.comments.history(c.id).audit)


def test_linking_needs_two_comments(services: Services) -> None:
    a = _add(services, STREETLIGHT, "御影", date(2025, 5, 1))
    with pytest.raises(ValidationError):
        services.similar.link([a.id, a.id])


def test_one_answer_serves_the_whole_group(services: Services) -> None:
    day = date(2025, 5, 1)
    a = _add(services, STREETLIGHT, "御影", day)
    b = _add(services, STREETLIGHT, "乙女", day)
    c = _add(services, STREETLIGHT, "与良", day)
    services.similar.link([a.id, b.id, c.id])
    c_now = services.comments.answer(c.id, c.version, "与良区には個別に回答済み")
    answered = services.similar.answer_group(a.id, a.version, "6月中に街灯を交換します。")
    assert {x.id for x in answered} == {a.id, b.id}  # c keeps its own answer
    for x in answered:
        assert x.answer == "6月中に街灯を交換します。"
        assert x.status is Status.ANSWERED
    assert services.comments.get(c.id).answer == c_now.answer
    with pytest.raises(ConflictError):
        services.similar.answer_group(a.id, a.version, "古い版からの回答")
