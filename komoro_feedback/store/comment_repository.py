"""Comments: insert, load, list by key-set pages, and their histories (counts:
store/comment_counts.py)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from komoro_feedback.domain.comment import (
    AuditEntry,
    Comment,
    CommentDraft,
    CommentHistory,
    SpeakerContact,
    StatusChange,
)
from komoro_feedback.domain.enums import Status
from komoro_feedback.domain.ids import new_comment_id
from komoro_feedback.domain.query import CommentFilter, SortKey
from komoro_feedback.domain.text import normalize_for_search
from komoro_feedback.store import pg_page
from komoro_feedback.store.comment_query import (
    filter_conditions,
)
from komoro_feedback.store.comment_rows import (
    rows_by_seq,
    to_comments,
)
from komoro_feedback.store.models import (
    AuditLogRow,
    CommentPolicyRow,
    CommentRow,
    SpeakerContactRow,
    StatusHistoryRow,
)

C = CommentRow


class CommentRepository:
    """One comment's rows: insert, load, policies, status, speaker, history (the list's pages:
    comment_pages.py; counts: comment_counts.py). Callers pass their unit of work's session."""

    def next_seq(self, s: Session) -> int | None:
        """SQLite has no identity columns: the next seq, safe under BEGIN IMMEDIATE."""
        if s.get_bind().dialect.name != "sqlite":
            return None
        return (s.scalar(select(func.max(C.seq))) or 0) + 1

    def insert(
        self,
        s: Session,
        draft: CommentDraft,
        *,
        user: str,
        now: datetime,
        origin: str,
        comment_id: str | None = None,
    ) -> CommentRow:
        row = CommentRow(
            id=comment_id or new_comment_id(),
            meeting_id=draft.meeting_id,
            channel=draft.channel.value,
            received_on=draft.received_on or now.date(),
            ward_id=draft.ward_id,
            kind=draft.kind.value,
            text=draft.text,
            search_text=normalize_for_search(draft.text),
            primary_policy_id=draft.policy_ids[0] if draft.policy_ids else None,
            needs_answer=draft.needs_answer,
            status=Status.RECEIVED.value,
            spot_answer=draft.spot_answer,
            age_band=draft.age_band,
            gender=draft.gender,
            suggestion_accepted=draft.suggestion_accepted,
            origin=origin,
            created_at=now,
            created_by=user,
            updated_at=now,
            updated_by=user,
            answer="",
        )
        seq = self.next_seq(s)
        if seq is not None:
            row.seq = seq
        s.add(row)
        s.flush()
        self._add_policies(s, row.id, draft.policy_ids)
        if draft.speaker is not None and not draft.speaker.empty:
            s.add(
                SpeakerContactRow(
                    comment_id=row.id,
                    name=draft.speaker.name.strip(),
                    contact=draft.speaker.contact.strip(),
                    recorded_at=now,
                )
            )
        self.add_status(s, row.id, Status.RECEIVED, user=user, at=now)
        s.flush()  # written whole before anything reads it back (a page statement does not flush)
        return row

    def set_policies(self, s: Session, comment_id: str, policy_ids: Sequence[int]) -> None:
        s.execute(delete(CommentPolicyRow).where(CommentPolicyRow.comment_id == comment_id))
        self._add_policies(s, comment_id, policy_ids)

    def _add_policies(self, s: Session, comment_id: str, policy_ids: Sequence[int]) -> None:
        s.add_all(
            CommentPolicyRow(comment_id=comment_id, policy_id=pid, is_primary=i == 0, position=i)
            for i, pid in enumerate(policy_ids)
        )

    def policy_ids(self, s: Session, comment_id: str) -> tuple[int, ...]:
        q = (
            select(CommentPolicyRow.policy_id)
            .where(CommentPolicyRow.comment_id == comment_id)
            .order_by(CommentPolicyRow.position)
        )
        return tuple(s.scalars(q))

    def add_status(
        self,
        s: Session,
        comment_id: str,
        status: Status,
        *,
        user: str,
        at: datetime,
        note: str = "",
    ) -> None:
        s.add(
            StatusHistoryRow(
                comment_id=comment_id,
                status=status.value,
                changed_at=at,
                changed_by=user,
                note=note,
            )
        )

    def row(self, s: Session, comment_id: str) -> CommentRow | None:
        return s.get(CommentRow, comment_id)

    def speaker(self, s: Session, comment_id: str) -> SpeakerContact | None:
        r = s.get(SpeakerContactRow, comment_id)
        return SpeakerContact(r.name, r.contact) if r else None

    def set_speaker(
        self, s: Session, comment_id: str, speaker: SpeakerContact | None, now: datetime
    ) -> None:
        s.execute(delete(SpeakerContactRow).where(SpeakerContactRow.comment_id == comment_id))
        if speaker is not None and not speaker.empty:
            s.add(
                SpeakerContactRow(
                    comment_id=comment_id,
                    name=speaker.name,
                    contact=speaker.contact,
                    recorded_at=now,
                )
            )

    # --- reading ----------------------------------------------------------------------------
    def get(self, s: Session, comment_id: str) -> Comment | None:
        items = self.get_many(s, [comment_id])
        return items[0] if items else None

    def get_many(self, s: Session, ids: Sequence[str]) -> list[Comment]:
        if s.get_bind().dialect.name == "postgresql":  # one statement instead of three
            keys = select(C.seq).where(C.id.in_(list(ids)))
            rows, read = pg_page.rows(s, keys, SortKey.RECORDED, False)
            found = to_comments(s, rows, policies=read)
        else:
            seqs = list(s.scalars(select(C.seq).where(C.id.in_(list(ids)))))
            found = to_comments(s, rows_by_seq(s, seqs, None))
        by_id = {c.id: c for c in found}
        return [by_id[i] for i in ids if i in by_id]

    def ids(self, s: Session, f: CommentFilter, limit: int | None = None) -> list[str]:
        conds = filter_conditions(f, s.get_bind().dialect.name)
        q = select(C.id).where(*conds).order_by(C.received_on, C.seq)
        if limit:
            q = q.limit(limit)
        return list(s.scalars(q))

    def history(self, s: Session, comment_id: str) -> CommentHistory:
        st = s.scalars(
            select(StatusHistoryRow)
            .where(StatusHistoryRow.comment_id == comment_id)
            .order_by(StatusHistoryRow.changed_at, StatusHistoryRow.id)
        )
        au = s.scalars(
            select(AuditLogRow)
            .where(AuditLogRow.entity == "comment", AuditLogRow.entity_id == comment_id)
            .order_by(AuditLogRow.changed_at, AuditLogRow.id)
        )
        return CommentHistory(
            tuple(StatusChange(Status(r.status), r.changed_at, r.changed_by, r.note) for r in st),
            tuple(
                AuditEntry(
                    r.entity,
                    r.entity_id,
                    r.action,
                    r.field,
                    r.before,
                    r.after,
                    r.changed_at,
                    r.changed_by,
                )
                for r in au
            ),
        )


def received_range(s: Session) -> tuple[date | None, date | None]:
    q = select(func.min(C.received_on), func.max(C.received_on)).where(C.deleted_at.is_(None))
    lo, hi = s.execute(q).one()
    return lo, hi
