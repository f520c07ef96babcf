"""Read-only aggregates the reports need beyond the comment list: counts by kind, link groups."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import func, select
from sqlalchemy.orm import Session, aliased

from komoro_feedback.domain.query import CommentFilter
from komoro_feedback.store.comment_query import filter_conditions
from komoro_feedback.store.models import CommentLinkRow, CommentRow, SpeakerContactRow
from komoro_feedback.store.tally_repository import TallyRepository, TallyView, covers

C = CommentRow
CHUNK = 500


class ReportRepository:
    """SQL for report figures; callers pass the session of their unit of work."""

    def kind_counts(self, s: Session, f: CommentFilter) -> list[tuple[int | None, str, int]]:
        """Comments per (primary policy, kind) under the filter."""
        if covers(f, TallyView.KINDS):
            cells = TallyRepository().counts(s, f, TallyView.KINDS)
            return [(p, k, n) for (p, k), n in cells.items() if n]
        conds = filter_conditions(f, s.get_bind().dialect.name)
        # "+ 0" keeps SQLite from walking the policy index in order and fetching every row
        # from the table by key: one sequential scan is 2-3x faster for this grouping.
        pid = (C.primary_policy_id + 0).label("pid")
        q = select(pid, C.kind, func.count()).where(*conds).group_by(pid, C.kind)
        return [(p, k, int(n)) for p, k, n in s.execute(q)]

    def linked_counts(self, s: Session, f: CommentFilter) -> dict[int | None, tuple[int, int]]:
        """Per primary policy: (comments linked as similar, distinct groups among them).

        Reads only linked comments (few), so it costs nothing on a database without links.
        """
        conds = filter_conditions(f, s.get_bind().dialect.name)
        q = (
            select(
                C.primary_policy_id,
                func.count(),
                func.count(func.distinct(CommentLinkRow.group_id)),
            )
            .join(CommentLinkRow, CommentLinkRow.comment_id == C.id)
            .where(*conds)
            .group_by(C.primary_policy_id)
        )
        return {p: (int(n), int(g)) for p, n, g in s.execute(q)}

    def speaker_names(self, s: Session, ids: Sequence[str]) -> dict[str, str]:
        """The recorded speaker name of each comment that has one: only to mask it in print."""
        out: dict[str, str] = {}
        for i in range(0, len(ids), CHUNK):
            chunk = list(ids[i : i + CHUNK])
            q = select(SpeakerContactRow.comment_id, SpeakerContactRow.name).where(
                SpeakerContactRow.comment_id.in_(chunk), SpeakerContactRow.name != ""
            )
            out.update({cid: name for cid, name in s.execute(q)})
        return out

    def group_sizes(self, s: Session, ids: Sequence[str]) -> dict[str, int]:
        """For comments linked as similar (comment_link), the size of each one's group."""
        out: dict[str, int] = {}
        other = aliased(CommentLinkRow)
        for i in range(0, len(ids), CHUNK):
            chunk = list(ids[i : i + CHUNK])
            q = (
                select(CommentLinkRow.comment_id, func.count(other.comment_id))
                .join(other, other.group_id == CommentLinkRow.group_id)
                .where(CommentLinkRow.comment_id.in_(chunk))
                .group_by(CommentLinkRow.comment_id)
            )
            out.update({cid: int(n) for cid, n in s.execute(q)})
        return out

    def has_links(self, s: Session) -> bool:
        return s.scalar(select(CommentLinkRow.comment_id).limit(1)) is not None
