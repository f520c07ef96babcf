"""Recording, editing, routing and answering comments: audited, versioned, validated."""

from __future__ import annotations

import pytest

from komoro_feedback.domain.comment import (
    MAX_COMMENT_CHARS,
    CommentDraft,
    CommentEdit,
    SpeakerContact,
)
from komoro_feedback.domain.enums import Channel, CommentKind, Status
from komoro_feedback.domain.errors import ConflictError, ValidationError
from komoro_feedback.domain.query import CommentFilter, CommentQuery
from komoro_feedback.services.actor import Actor
from komoro_feedback.services.container import Services
from komoro_feedback.store.database import Database
from tests.helpers import PURPOSE, TEST_USER, audit_user, meeting, record


def test_record_at_a_meeting_takes_the_meeting_date_and_is_listed(services: Services) -> None:
    mid = meeting(services)
    c = record(services, "公民館の駐車場を広げてほしい", meeting_id=mid, policies=("5-01", "4-08"))
    assert c.received_on.isoformat() == "2026-11-20"
    assert c.policy_codes == ("5-01", "4-08")
    assert c.primary_policy_code == "5-01"
    assert (c.ward_name, c.district_name) == ("乙女", "中央(東南部)")
    assert c.status is Status.RECEIVED
    assert c.created_by == TEST_USER
    listed = services.queries.page(CommentQuery(CommentFilter(meeting_ids=(mid,)))).items
    assert [x.id for x in listed] == [c.id]


def test_history_and_audit_tell_who_changed_what(services: Services) -> None:
    c = record(services, "ごみ集積所が遠い", policies=("2-01",))
    dep = services.catalog.department_by_name("生活環境課")
    c = services.comments.assign(c.id, c.version, dep.id)
    assert c.status is Status.ROUTED and c.department_name == "生活環境課"
    c = services.comments.edit(CommentEdit(c.id, c.version, text="ごみ集積所が遠くて不便"))
    c = services.comments.answer(c.id, c.version, "集積所の増設を区と相談します。")
    assert c.status is Status.ANSWERED and c.answer.startswith("集積所")
    history = services.comments.history(c.id)
    assert [s.status for s in history.statuses] == [Status.RECEIVED, Status.ROUTED, Status.ANSWERED]
    fields = [(a.action, a.field) for a in history.audit]
    assert ("create", "text") in fields
    assert ("update", "department_id") in fields
    text_change = next(a for a in history.audit if a.action == "update" and a.field == "text")
    assert (text_change.before, text_change.after) == ("ごみ集積所が遠い", "ごみ集積所が遠くて不便")
    assert {a.changed_by for a in history.audit} == {audit_user(services, TEST_USER)}


def test_a_stale_edit_is_refused_not_overwritten(services: Services, db_url: str) -> None:
    c = record(services, "通学路に歩道がない", policies=("5-04",))
    other = Services.build(Database(db_url), Actor("別の職員"))
    try:
        other.comments.edit(CommentEdit(c.id, c.version, text="通学路に歩道がなくて危険"))
        with pytest.raises(ConflictError) as err:
            services.comments.edit(CommentEdit(c.id, c.version, text="私の変更"))
        assert "別の職員" in str(err.value)
    finally:
        other.close()
    assert services.comments.get(c.id).text == "通学路に歩道がなくて危険"


def test_soft_delete_hides_and_restore_brings_back(services: Services) -> None:
    c = record(services, "消す意見")
    services.comments.delete(c.id, c.version)
    assert services.queries.count(CommentFilter()) == 0
    assert services.queries.count(CommentFilter(deleted_only=True)) == 1
    services.comments.restore(c.id)
    assert services.queries.count(CommentFilter()) == 1


@pytest.mark.parametrize(
    ("text", "message"),
    [("", "空"), ("   \n ", "空"), ("あ" * (MAX_COMMENT_CHARS + 1), str(MAX_COMMENT_CHARS))],
)
def test_bad_text_is_refused_with_a_clear_message(
    services: Services, text: str, message: str
) -> None:
    with pytest.raises(ValidationError, match=message):
        record(services, text)
    assert services.queries.count(CommentFilter()) == 0


def test_text_up_to_the_limit_is_accepted(services: Services) -> None:
    c = record(services, "い" * MAX_COMMENT_CHARS)
    assert len(c.text) == MAX_COMMENT_CHARS


def test_a_closed_meeting_takes_no_new_comments(services: Services) -> None:
    mid = meeting(services)
    services.meetings.set_closed(mid, True)
    with pytest.raises(ValidationError, match="終了"):
        record(services, "遅れて来た意見", meeting_id=mid)


def test_merged_ward_is_not_offered_but_old_comments_keep_it(services: Services) -> None:
    old = record(services, "区の統合前の意見", ward="東山")
    target = services.catalog.ward_by_name("東小諸")
    source = services.catalog.ward_by_name("東山")
    services.catalog.merge_wards([source.id], target.id)
    assert "東山" not in {w.name for w in services.catalog.wards()}
    assert services.comments.get(old.id).ward_name == "東山"
    with pytest.raises(ValidationError, match="統合"):
        services.comments.record(
            CommentDraft(text="新しい意見", ward_id=source.id, channel=Channel.LETTER)
        )


def test_speaker_contact_is_kept_apart_and_only_given_on_request(services: Services) -> None:
    c = record(services, "連絡がほしい", speaker=SpeakerContact("小諸太郎", "0267-00-0000"))
    assert c.has_speaker
    assert "小諸太郎" not in repr(c)
    assert services.comments.speaker(c.id, PURPOSE) == SpeakerContact("小諸太郎", "0267-00-0000")


def test_bulk_status_and_department(services: Services) -> None:
    ids = [record(services, f"意見{i}番", kind=CommentKind.QUESTION).id for i in range(3)]
    dep = services.catalog.department_by_name("建設課")
    assert services.comments.bulk_assign(ids, dep.id) == 3
    assert services.comments.bulk_status(ids, Status.IN_PROGRESS) == 3
    f = CommentFilter(department_ids=(dep.id,), statuses=(Status.IN_PROGRESS,))
    assert services.queries.count(f) == 3
