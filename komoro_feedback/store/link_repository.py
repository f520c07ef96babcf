"""Groups of linked comments (comment_link): one answer serves every comment of a group."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from komoro_feedback.store.models import CommentLinkRow, CommentRow

L = CommentLinkRow
C = CommentRow


class LinkRepository:
    """A comment is in at most one group; a group has at least two comments."""

    def group_of(self, s: Session, comment_id: str) -> str | None:
        return s.scalar(select(L.group_id).where(L.comment_id == comment_id))

    def members(self, s: Session, group_id: str) -> list[str]:
        q = (
            select(L.comment_id)
            .join(C, C.id == L.comment_id)
            .where(L.group_id == group_id)
            .order_by(C.received_on, C.seq)
        )
        return list(s.scalars(q))

    def groups_of(self, s: Session, comment_ids: Sequence[str]) -> dict[str, str]:
        """comment id → group id, for the given comments that are linked."""
        out: dict[str, str] = {}
        ids = list(comment_ids)
        for i in range(0, len(ids), 500):
            q = select(L.comment_id, L.group_id).where(L.comment_id.in_(ids[i : i + 500]))
            out.update({cid: gid for cid, gid in s.execute(q)})
        return out

    def all_groups(self, s: Session) -> dict[str, str]:
        """Every linked comment id → its group id."""
        return {cid: gid for cid, gid in s.execute(select(L.comment_id, L.group_id))}

    def set_group(
        self, s: Session, comment_id: str, group_id: str, user: str, now: datetime
    ) -> None:
        row = s.get(L, comment_id)
        if row is None:
            s.add(L(comment_id=comment_id, group_id=group_id, linked_at=now, linked_by=user))
        else:
            row.group_id = group_id
            row.linked_at = now
            row.linked_by = user
        s.flush()

    def remove(self, s: Session, comment_id: str) -> None:
        s.execute(delete(L).where(L.comment_id == comment_id))

    def texts_between(
        self, s: Session, date_from: date, date_to: date, limit: int
    ) -> list[tuple[str, str]]:
        """(id, text) of live comments received in the period, newest first."""
        conds: list[Any] = [
            C.deleted_at.is_(None),
            C.received_on >= date_from,
            C.received_on <= date_to,
        ]
        q = select(C.id, C.text).where(*conds).order_by(C.seq.desc()).limit(limit)
        return [(cid, text) for cid, text in s.execute(q)]
