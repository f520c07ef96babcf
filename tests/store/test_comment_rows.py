"""Comments read for a list are ordinary Comment values: equal, hashable and frozen like one
made with Comment(...), though store/comment_rows.py sets their slots directly."""

from __future__ import annotations

from dataclasses import FrozenInstanceError, fields

import pytest

from komoro_feedback.domain.comment import Comment
from komoro_feedback.domain.query import CommentQuery
from komoro_feedback.services.container import Services
from tests.helpers import record


def test_a_listed_comment_is_the_value_comment_makes(services: Services) -> None:
    sv = services
    saved = record(sv, "図書館の開館時間を延ばしてほしい", policies=("5-03", "1-04"))
    listed = sv.queries.browse(CommentQuery(limit=5)).items[0]
    direct = Comment(*(getattr(listed, f.name) for f in fields(Comment)))
    assert listed == direct == saved
    assert hash(listed) == hash(direct)
    assert {listed: 1}[saved] == 1
    assert listed.policy_codes == ("5-03", "1-04") and listed.primary_policy_code == "5-03"
    with pytest.raises(FrozenInstanceError):
        listed.text = "書き換え"  # type: ignore[misc]
