"""What the detail pane's fields changed, turned into comment-service calls (no widgets here)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from komoro_feedback.domain.comment import Comment, CommentEdit
from komoro_feedback.domain.enums import CommentKind, Status
from komoro_feedback.domain.errors import ValidationError
from komoro_feedback.i18n.translation import _
from komoro_feedback.services.comment_service import CommentService


@dataclass(frozen=True)
class DetailValues:
    """The pane's fields as the user left them."""

    text: str
    ward_id: int | None
    policy_ids: tuple[int, ...]
    kind: CommentKind
    due_on: date | None
    department_id: int | None
    status: Status
    answer: str
    answered_on: date | None


def save_changes(comments: CommentService, c: Comment, v: DetailValues) -> Comment:
    """Each kind of change through its own service call, based on the version shown (c)."""
    answer = v.answer.strip()
    if c.answer.strip() and not answer:
        raise ValidationError(_("回答を空にすることはできません。回答の文を直してください。"))
    current = c
    edit = edit_for(c, v)
    if edit is not None:
        current = comments.edit(edit)
    if v.department_id != c.department_id:
        current = comments.assign(c.id, current.version, v.department_id)
    status = v.status
    if answer and (answer != c.answer.strip() or v.answered_on != c.answered_on):
        if status == c.status:
            status = Status.ANSWERED if c.status.is_open else c.status
        current = comments.answer(c.id, current.version, answer, v.answered_on, status)
    elif status != c.status and status != current.status:
        current = comments.change_status(c.id, current.version, status)
    return current


def edit_for(c: Comment, v: DetailValues) -> CommentEdit | None:
    """The recorded fields that changed (text, ward, policies, kind, due date), or None."""
    edit = CommentEdit(
        comment_id=c.id,
        version=c.version,
        text=v.text if v.text.strip() != c.text.strip() else None,
        kind=v.kind if v.kind != c.kind else None,
        ward_id=v.ward_id if v.ward_id != c.ward_id and v.ward_id is not None else None,
        clear_ward=v.ward_id is None and c.ward_id is not None,
        policy_ids=v.policy_ids if v.policy_ids != c.policy_ids else None,
        due_on=v.due_on if v.due_on != c.due_on and v.due_on is not None else None,
        clear_due=v.due_on is None and c.due_on is not None,
    )
    unchanged = CommentEdit(comment_id=c.id, version=c.version)
    return None if edit == unchanged else edit
