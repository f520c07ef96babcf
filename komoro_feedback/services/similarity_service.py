"""Possible duplicates (nearly the same comment in the same period) and linking them.

A liaison links comments that ask for the same thing (the same request from several wards) so
that one answer serves all; reports count a linked group once where that matters
(group_ids / count_distinct).
"""

from __future__ import annotations

import math
import uuid
from collections.abc import Sequence
from datetime import date, timedelta

from komoro_feedback.domain.comment import MAX_ANSWER_CHARS, Comment
from komoro_feedback.domain.enums import Status
from komoro_feedback.domain.errors import ConflictError, NotFoundError, ValidationError
from komoro_feedback.domain.roles import Action
from komoro_feedback.domain.suggestion import CommentGroup, SimilarComment
from komoro_feedback.i18n.translation import _
from komoro_feedback.services.actor import Actor
from komoro_feedback.services.suggestion_engine import Variants, features
from komoro_feedback.store.audit import write_audit
from komoro_feedback.store.comment_repository import CommentRepository
from komoro_feedback.store.database import Database
from komoro_feedback.store.link_repository import LinkRepository

WINDOW_DAYS = 31
THRESHOLD = 0.5
MAX_CANDIDATES = 5000


class SimilarityService:
    """Finds, links and unlinks similar comments; answers a linked group at once."""

    def __init__(self, db: Database, actor: Actor) -> None:
        self.db = db
        self.actor = actor
        self.links = LinkRepository()
        self.comments = CommentRepository()
        self._variants = Variants()

    # --- finding ----------------------------------------------------------------------------
    def similar_to(
        self, comment_id: str, *, window_days: int = WINDOW_DAYS, threshold: float = THRESHOLD
    ) -> list[SimilarComment]:
        """Comments received within `window_days` of this one with nearly the same text."""
        with self.db.read() as s:
            c = self.comments.get(s, comment_id)
        if c is None:
            raise NotFoundError(_("意見が見つかりません。"))
        return self.similar_text(
            c.text, c.received_on, exclude=c.id, window_days=window_days, threshold=threshold
        )

    def similar_text(
        self,
        text: str,
        received_on: date,
        *,
        exclude: str | None = None,
        window_days: int = WINDOW_DAYS,
        threshold: float = THRESHOLD,
        limit: int = 10,
    ) -> list[SimilarComment]:
        mine = set(features(self._variants.keys(text)))
        if not mine:
            return []
        lo = received_on - timedelta(days=window_days)
        hi = received_on + timedelta(days=window_days)
        with self.db.read() as s:
            candidates = self.links.texts_between(s, lo, hi, MAX_CANDIDATES)
            scored: list[tuple[float, str]] = []
            for cid, other in candidates:
                if cid == exclude:
                    continue
                theirs = set(features(self._variants.keys(other)))
                if not theirs:
                    continue
                sim = len(mine & theirs) / math.sqrt(len(mine) * len(theirs))
                if sim >= threshold:
                    scored.append((sim, cid))
            scored.sort(key=lambda x: -x[0])
            scored = scored[:limit]
            found = {c.id: c for c in self.comments.get_many(s, [cid for _, cid in scored])}
            groups = self.links.groups_of(s, [cid for _, cid in scored])
        return [
            SimilarComment(found[cid], round(sim, 3), groups.get(cid))
            for sim, cid in scored
            if cid in found
        ]

    # --- linking ----------------------------------------------------------------------------
    def link(self, comment_ids: Sequence[str]) -> CommentGroup:
        """Put the comments (and the groups they are already in) into one group."""
        self.actor.require(Action.ROUTE)
        ids = list(dict.fromkeys(comment_ids))
        if len(ids) < 2:
            raise ValidationError(_("関連付けるには2件以上の意見を選んでください。"))
        now = self.actor.now()
        with self.db.write() as s:
            existing = self.links.groups_of(s, ids)
            group_id = sorted(existing.values())[0] if existing else str(uuid.uuid4())
            members = set(ids)
            for gid in set(existing.values()):
                members.update(self.links.members(s, gid))
            for cid in sorted(members):
                if self.comments.row(s, cid) is None:
                    raise NotFoundError(_("意見が見つかりません。"))
                before = existing.get(cid) or self.links.group_of(s, cid) or ""
                if before == group_id:
                    continue
                self.links.set_group(s, cid, group_id, self.actor.name, now)
                write_audit(
                    s,
                    entity="comment",
                    entity_id=cid,
                    action="link",
                    changes=[("link_group", before, group_id)],
                    user=self.actor.name,
                    at=now,
                )
            result = tuple(self.links.members(s, group_id))
        return CommentGroup(group_id, result)

    def unlink(self, comment_id: str) -> None:
        """Take one comment out of its group; a group left with one comment is dissolved."""
        self.actor.require(Action.ROUTE)
        now = self.actor.now()
        with self.db.write() as s:
            gid = self.links.group_of(s, comment_id)
            if gid is None:
                return
            self.links.remove(s, comment_id)
            left = self.links.members(s, gid)
            alone = left if len(left) == 1 else []
            for cid in [comment_id, *alone]:
                if cid != comment_id:
                    self.links.remove(s, cid)
                write_audit(
                    s,
                    entity="comment",
                    entity_id=cid,
                    action="unlink",
                    changes=[("link_group", gid, "")],
                    user=self.actor.name,
                    at=now,
                )

    def group(self, comment_id: str) -> CommentGroup | None:
        with self.db.read() as s:
            gid = self.links.group_of(s, comment_id)
            return CommentGroup(gid, tuple(self.links.members(s, gid))) if gid else None

    def group_ids(self, comment_ids: Sequence[str] | None = None) -> dict[str, str]:
        """comment id → link group id (all linked comments when no ids are given).

        Reports that must count linked comments once count distinct
        `group_ids.get(id, id)` values.
        """
        with self.db.read() as s:
            if comment_ids is None:
                return self.links.all_groups(s)
            return self.links.groups_of(s, comment_ids)

    def count_distinct(self, comment_ids: Sequence[str]) -> int:
        """How many comments, counting each linked group once."""
        groups = self.group_ids(comment_ids)
        return len({groups.get(cid, cid) for cid in comment_ids})

    # --- answering --------------------------------------------------------------------------
    def answer_group(
        self,
        comment_id: str,
        version: int,
        text: str,
        *,
        answered_on: date | None = None,
        status: Status = Status.ANSWERED,
        overwrite: bool = False,
    ) -> list[Comment]:
        """Answer a comment and every comment linked to it, in one transaction.

        Linked comments that already have their own answer keep it unless `overwrite`.
        Returns the comments that received the answer.
        """
        self.actor.require(Action.ROUTE)
        text = text.strip()
        if not text:
            raise ValidationError(_("回答を入力してください。"))
        if len(text) > MAX_ANSWER_CHARS:
            raise ValidationError(_("回答が長すぎます（{n}文字まで）。").format(n=MAX_ANSWER_CHARS))
        now = self.actor.now()
        day = answered_on or now.date()
        user = self.actor.name
        with self.db.write() as s:
            row = self.comments.row(s, comment_id)
            if row is None or row.deleted_at is not None:
                raise NotFoundError(_("意見が見つかりません。"))
            if row.version != version:
                raise ConflictError(
                    _("この意見は他の利用者が変更しました。最新の内容を読み込んでください。")
                )
            gid = self.links.group_of(s, comment_id)
            ids = self.links.members(s, gid) if gid else [comment_id]
            done: list[str] = []
            for cid in ids:
                r = self.comments.row(s, cid)
                if r is None or r.deleted_at is not None:
                    continue
                if cid != comment_id and r.answer and not overwrite:
                    continue
                changes: list[tuple[str, object, object]] = [
                    ("answer", r.answer, text),
                    ("answered_on", r.answered_on, day),
                ]
                r.answer, r.answered_on = text, day
                if r.status != status.value:
                    changes.append(("status", r.status, status.value))
                    r.status = status.value
                    note = "" if cid == comment_id else _("関連付けた意見と同じ回答")
                    self.comments.add_status(s, cid, status, user=user, at=now, note=note)
                r.updated_at, r.updated_by = now, user
                write_audit(
                    s,
                    entity="comment",
                    entity_id=cid,
                    action="update",
                    changes=changes,
                    user=user,
                    at=now,
                )
                done.append(cid)
            s.flush()
            return self.comments.get_many(s, done)
