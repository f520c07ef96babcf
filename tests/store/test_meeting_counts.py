"""The meetings list counts each meeting's comments, leaving out deleted ones."""

from __future__ import annotations

from komoro_feedback.services.container import Services
from tests.helpers import meeting, record


def test_meeting_counts_leave_out_deleted_comments(services: Services) -> None:
    first = meeting(services, "乙女区の会")
    second = meeting(services, "御影新田区の会")
    kept = [record(services, f"意見その{i}", meeting_id=first) for i in range(3)]
    record(services, "別の会の意見", meeting_id=second)
    services.comments.delete(kept[0].id, kept[0].version)
    record(services, "会議に属さない意見")

    counts = {m.id: m.comment_count for m in services.meetings.list(limit=10)}
    assert counts == {first: 2, second: 1}
    assert {m.id: m.comment_count for m in services.meetings.list(limit=1)} == {second: 1}
