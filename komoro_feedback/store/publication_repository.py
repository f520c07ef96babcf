"""Reads and writes the public wording of comments; reads the answered comments of a period."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from komoro_feedback.domain.enums import Status
from komoro_feedback.store.models import (
    CommentPublicationRow,
    CommentRow,
    DepartmentRow,
    SpeakerContactRow,
    WardRow,
)

#: Statuses whose comments carry the city's answer.
ANSWERED = (Status.ANSWERED.value, Status.DONE.value, Status.NOT_FEASIBLE.value)


@dataclass(frozen=True, slots=True)
class AnsweredRow:
    """An answered comment with what masking needs (the speaker's name and contact)."""

    comment_id: str
    text: str
    answer: str
    answered_on: date
    policy_id: int | None
    department: str
    ward: str
    speaker_name: str
    speaker_contact: str
    public_text: str
    excluded: bool


class PublicationRepository:
    def get(self, s: Session, comment_id: str) -> CommentPublicationRow | None:
        return s.get(CommentPublicationRow, comment_id)

    def speaker(self, s: Session, comment_id: str) -> tuple[str, str]:
        row = s.get(SpeakerContactRow, comment_id)
        return (row.name, row.contact) if row is not None else ("", "")

    def put(
        self, s: Session, comment_id: str, public_text: str, excluded: bool, user: str, at: datetime
    ) -> None:
        row = s.get(CommentPublicationRow, comment_id)
        if row is None:
            row = CommentPublicationRow(comment_id=comment_id)
            s.add(row)
        row.public_text = public_text
        row.excluded = excluded
        row.updated_at = at
        row.updated_by = user

    def answered(self, s: Session, start: date | None, end: date | None) -> Iterator[AnsweredRow]:
        """Answered, not deleted comments whose answer date (else received date) is in range."""
        day = CommentRow.answered_on
        q = (
            select(
                CommentRow.id,
                CommentRow.text,
                CommentRow.answer,
                CommentRow.answered_on,
                CommentRow.received_on,
                CommentRow.primary_policy_id,
                DepartmentRow.name,
                WardRow.name,
                SpeakerContactRow.name,
                SpeakerContactRow.contact,
                CommentPublicationRow.public_text,
                CommentPublicationRow.excluded,
            )
            .outerjoin(DepartmentRow, DepartmentRow.id == CommentRow.department_id)
            .outerjoin(WardRow, WardRow.id == CommentRow.ward_id)
            .outerjoin(SpeakerContactRow, SpeakerContactRow.comment_id == CommentRow.id)
            .outerjoin(CommentPublicationRow, CommentPublicationRow.comment_id == CommentRow.id)
            .where(
                CommentRow.deleted_at.is_(None),
                CommentRow.status.in_(ANSWERED),
                CommentRow.answer != "",
            )
            .order_by(CommentRow.answered_on, CommentRow.received_on, CommentRow.seq)
        )
        if start is not None:
            q = q.where(or_(day >= start, and_(day.is_(None), CommentRow.received_on >= start)))
        if end is not None:
            q = q.where(or_(day <= end, and_(day.is_(None), CommentRow.received_on <= end)))
        for r in s.execute(q):
            yield AnsweredRow(
                comment_id=r[0],
                text=r[1],
                answer=r[2],
                answered_on=r[3] or r[4],
                policy_id=r[5],
                department=r[6] or "",
                ward=r[7] or "",
                speaker_name=r[8] or "",
                speaker_contact=r[9] or "",
                public_text=r[10] or "",
                excluded=bool(r[11]),
            )
