"""What the suggestion service learns from: comments whose policies a person set, and uptake."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from komoro_feedback.store.models import CommentPolicyRow, CommentRow

C = CommentRow

#: created_by of synthetic comments (demo-data): never learnt from.
DEMO_USER = "demo"


@dataclass(frozen=True, slots=True)
class TaggedComment:
    """A comment text and the policy ids a person gave it, primary first."""

    id: str
    text: str
    policy_ids: tuple[int, ...]
    updated_at: datetime


def _tagged_conditions() -> list[Any]:
    return [C.deleted_at.is_(None), C.primary_policy_id.is_not(None), C.created_by != DEMO_USER]


class SuggestionRepository:
    """Reads only; the comments themselves are written by the comment service."""

    def tagged_state(self, s: Session) -> tuple[int, datetime | None]:
        """How many comments a person tagged and the latest change: cheap staleness check."""
        q = select(func.count(), func.max(C.updated_at)).where(*_tagged_conditions())
        n, last = s.execute(q).one()
        return int(n or 0), last

    def tagged(
        self, s: Session, *, changed_since: datetime | None = None, limit: int = 10000
    ) -> list[TaggedComment]:
        """The most recently changed person-tagged comments (all of them up to `limit`)."""
        conds = _tagged_conditions()
        if changed_since is not None:
            conds.append(C.updated_at >= changed_since)
        rows = s.execute(
            select(C.id, C.text, C.updated_at)
            .where(*conds)
            .order_by(C.updated_at.desc(), C.seq.desc())
            .limit(limit)
        ).all()
        ids = [r.id for r in rows]
        policies: dict[str, list[int]] = defaultdict(list)
        for chunk in range(0, len(ids), 500):
            part = ids[chunk : chunk + 500]
            q = (
                select(CommentPolicyRow.comment_id, CommentPolicyRow.policy_id)
                .where(CommentPolicyRow.comment_id.in_(part))
                .order_by(CommentPolicyRow.comment_id, CommentPolicyRow.position)
            )
            for cid, pid in s.execute(q):
                policies[cid].append(pid)
        return [
            TaggedComment(r.id, r.text, tuple(policies.get(r.id, ())), r.updated_at) for r in rows
        ]

    def acceptance(
        self, s: Session, date_from: date | None = None, date_to: date | None = None
    ) -> tuple[int, int, int]:
        """(comments, comments where suggestions were shown, comments where one was taken)."""
        conds: list[Any] = [C.deleted_at.is_(None), C.created_by != DEMO_USER]
        if date_from is not None:
            conds.append(C.received_on >= date_from)
        if date_to is not None:
            conds.append(C.received_on <= date_to)
        shown = func.sum(case((C.suggestion_accepted.is_not(None), 1), else_=0))
        taken = func.sum(case((C.suggestion_accepted.is_(True), 1), else_=0))
        n, with_s, accepted = s.execute(select(func.count(), shown, taken).where(*conds)).one()
        return int(n or 0), int(with_s or 0), int(accepted or 0)
