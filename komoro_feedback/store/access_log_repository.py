"""The personal-data access log table: append one entry, list a period."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from komoro_feedback.domain.access_log import AccessEntry, AccessKind, AccessPurpose, AccessReason
from komoro_feedback.store.models import PersonalDataAccessRow as A


class AccessLogRepository:
    def add(
        self,
        s: Session,
        *,
        kind: AccessKind,
        purpose: AccessPurpose,
        comment_ids: Sequence[str],
        user: str,
        at: datetime,
    ) -> None:
        s.add(
            A(
                accessed_at=at,
                accessed_by=user,
                kind=kind.value,
                reason=purpose.reason.value,
                note=purpose.note,
                comment_count=len(comment_ids),
                comment_ids=" ".join(comment_ids),
            )
        )

    def entries(
        self, s: Session, start: datetime | None = None, end: datetime | None = None
    ) -> list[AccessEntry]:
        q = select(A).order_by(A.accessed_at, A.id)
        if start is not None:
            q = q.where(A.accessed_at >= start)
        if end is not None:
            q = q.where(A.accessed_at < end)
        return [
            AccessEntry(
                id=r.id,
                at=r.accessed_at,
                by=r.accessed_by,
                os_user=r.os_user,
                kind=AccessKind(r.kind),
                reason=AccessReason(r.reason),
                note=r.note,
                comment_count=r.comment_count,
                comment_ids=tuple(r.comment_ids.split()),
            )
            for r in s.scalars(q)
        ]
