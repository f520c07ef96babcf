"""Record, edit, route and answer comments: each call one audited transaction."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from datetime import date

from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from komoro_feedback.domain.access_log import AccessKind, AccessPurpose
from komoro_feedback.domain.comment import (
    MAX_ANSWER_CHARS,
    Comment,
    CommentDraft,
    CommentEdit,
    CommentHistory,
    SpeakerContact,
)
from komoro_feedback.domain.enums import Status
from komoro_feedback.domain.errors import ConflictError, NotFoundError, ValidationError
from komoro_feedback.domain.roles import Action, PermissionDeniedError
from komoro_feedback.domain.text import clean_comment_text, normalize_for_search
from komoro_feedback.i18n.translation import _
from komoro_feedback.services.access_log_service import AccessLogService
from komoro_feedback.services.actor import Actor
from komoro_feedback.services.comment_checks import (
    check_refs,
    codes_text,
    policy_codes,
    stale_message,
)
from komoro_feedback.store.audit import created_by, write_audit
from komoro_feedback.store.catalog_repository import CatalogRepository
from komoro_feedback.store.comment_repository import CommentRepository
from komoro_feedback.store.database import Database
from komoro_feedback.store.meeting_repository import MeetingRepository
from komoro_feedback.store.models import CommentRow
from komoro_feedback.store.settings_repository import SettingsRepository

AUDITED_FIELDS = ("text", "kind", "ward_id", "needs_answer", "spot_answer", "received_on", "due_on")


class CommentService:
    """Use cases on single comments and selections of comments."""

    def __init__(self, db: Database, actor: Actor) -> None:
        self.db = db
        self.actor = actor
        self.access_log = AccessLogService(db, actor)
        self.repo = CommentRepository()
        self.catalog = CatalogRepository()
        self.meetings = MeetingRepository()
        self.settings = SettingsRepository()

    # --- recording --------------------------------------------------------------------------
    def record(self, draft: CommentDraft) -> Comment:
        """Save one comment at once (durable on return)."""
        self.actor.require(Action.RECORD)
        draft = replace(draft, text=clean_comment_text(draft.text)).validated()
        now = self.actor.now()
        author = self.actor.name
        with self.db.write() as s:
            codes = check_refs(self.catalog, s, draft.ward_id, draft.policy_ids, new=True)
            if draft.meeting_id is not None:
                meeting = self.meetings.row(s, draft.meeting_id)
                if meeting is None:
                    raise ValidationError(_("会議が見つかりません。"))
                if meeting.closed:
                    raise ValidationError(
                        _("この会議は終了しています。再開してから記録してください。")
                    )
                if draft.received_on is None:
                    draft = replace(draft, received_on=meeting.held_at.date())
                # Said at a meeting: the meeting's recorder recorded it (the audit row below
                # still names whoever is at the keyboard).
                author = meeting.recorder.strip() or author
            origin = self.settings.installation_id(s)
            row = self.repo.insert(s, draft, user=author, now=now, origin=origin)
            write_audit(
                s,
                entity="comment",
                entity_id=row.id,
                action="create",
                changes=[
                    ("text", "", row.text),
                    ("kind", "", row.kind),
                    ("ward_id", "", row.ward_id),
                    ("policies", "", codes_text(draft.policy_ids, codes)),
                ],
                user=self.actor.name,
                at=now,
            )
            comment = self.repo.get(s, row.id)
        assert comment is not None
        return comment

    def edit(self, edit: CommentEdit) -> Comment:
        """Apply a change made on the given version; refuse it if someone changed it since."""
        self.actor.require(Action.EDIT_TEXT)
        now = self.actor.now()
        with self._versioned(edit.comment_id, edit.version) as (s, row):
            before = {f: getattr(row, f) for f in AUDITED_FIELDS}
            if edit.text is not None:
                text = clean_comment_text(edit.text)
                CommentDraft(text=text, meeting_id=row.meeting_id or 0).validated()
                row.text = text
                row.search_text = normalize_for_search(text)
            if edit.kind is not None:
                row.kind = edit.kind.value
            if edit.clear_ward:
                row.ward_id = None
            elif edit.ward_id is not None:
                check_refs(self.catalog, s, edit.ward_id, (), new=False)
                row.ward_id = edit.ward_id
            if edit.needs_answer is not None:
                row.needs_answer = edit.needs_answer
            if edit.spot_answer is not None:
                row.spot_answer = edit.spot_answer.strip()
            if edit.received_on is not None:
                row.received_on = edit.received_on
            if edit.clear_due:
                row.due_on = None
            elif edit.due_on is not None:
                row.due_on = edit.due_on
            changes: list[tuple[str, object, object]] = [
                (f, before[f], getattr(row, f)) for f in AUDITED_FIELDS
            ]
            if edit.policy_ids is not None:
                old = self.repo.policy_ids(s, row.id)
                if tuple(edit.policy_ids) != old:
                    if len(set(edit.policy_ids)) != len(edit.policy_ids):
                        raise ValidationError(_("同じ政策が重複しています。"))
                    codes = policy_codes(s, (*edit.policy_ids, *old))  # one statement
                    if not set(edit.policy_ids) <= set(codes):
                        raise ValidationError(_("政策が見つかりません。"))
                    self.repo.set_policies(s, row.id, edit.policy_ids)
                    row.primary_policy_id = edit.policy_ids[0] if edit.policy_ids else None
                    changes.append(
                        ("policies", codes_text(old, codes), codes_text(edit.policy_ids, codes))
                    )
            self._touch(s, row, now, changes)
        return self.get(edit.comment_id)

    def change_status(
        self, comment_id: str, version: int, status: Status, note: str = ""
    ) -> Comment:
        self.actor.require(Action.ROUTE)
        now = self.actor.now()
        with self._versioned(comment_id, version) as (s, row):
            self._set_status(s, row, status, now, note)
        return self.get(comment_id)

    def assign(
        self, comment_id: str, version: int, department_id: int | None, due_on: date | None = None
    ) -> Comment:
        """Route to a department (担当課); a received comment becomes 確認中."""
        self.actor.require(Action.ROUTE)
        now = self.actor.now()
        with self._versioned(comment_id, version) as (s, row):
            self._assign(s, row, department_id, due_on, now)
        return self.get(comment_id)

    def answer(
        self,
        comment_id: str,
        version: int,
        text: str,
        answered_on: date | None = None,
        status: Status = Status.ANSWERED,
    ) -> Comment:
        """Record the official answer (回答) and close the comment with the given status."""
        self.actor.require(Action.ROUTE)
        text = text.strip()
        if not text:
            raise ValidationError(_("回答を入力してください。"))
        if len(text) > MAX_ANSWER_CHARS:
            raise ValidationError(_("回答が長すぎます（{n}文字まで）。").format(n=MAX_ANSWER_CHARS))
        now = self.actor.now()
        with self._versioned(comment_id, version) as (s, row):
            changes: list[tuple[str, object, object]] = [
                ("answer", row.answer, text),
                ("answered_on", row.answered_on, answered_on or now.date()),
            ]
            row.answer = text
            row.answered_on = answered_on or now.date()
            self._touch(s, row, now, changes)
            if row.status != status.value:
                self._set_status(s, row, status, now, "")
        return self.get(comment_id)

    def delete(self, comment_id: str, version: int) -> None:
        """Soft delete: hidden from lists and counts, recoverable with restore()."""
        self.actor.require(Action.DELETE)
        now = self.actor.now()
        with self._versioned(comment_id, version) as (s, row):
            row.deleted_at = now
            row.deleted_by = self.actor.name
            self._touch(s, row, now, [], action="delete")

    def undo_record(self, comment_id: str, version: int) -> SpeakerContact | None:
        """The recorder's withdrawal of the entry they have just made (capture page).

        Part of recording, not of deleting: only the person's own entry, untouched since.
        Returns the speaker's name and contact the entry carried, so that what the recorder
        typed a moment ago comes back into their form (not a reveal of anyone else's data).
        """
        self.actor.require(Action.RECORD)
        with self.db.read() as s:
            row = self.repo.row(s, comment_id)
            keyboard = created_by(s, "comment", comment_id) if row is not None else ""
            me = {self.actor.name, self.actor.login} - {""}
            own = row is not None and row.version == 1 and (row.created_by in me or keyboard in me)
        if not own and not self.actor.can(Action.DELETE):
            raise PermissionDeniedError(self.actor.role, Action.DELETE)
        now = self.actor.now()
        with self._versioned(comment_id, version) as (s, row):
            speaker = self.repo.speaker(s, comment_id)
            row.deleted_at = now
            row.deleted_by = self.actor.name
            self._touch(s, row, now, [], action="delete")
        return speaker

    def restore(self, comment_id: str) -> Comment:
        self.actor.require(Action.DELETE)
        now = self.actor.now()
        with self.db.write() as s:
            row = self.repo.row(s, comment_id)
            if row is None:
                raise NotFoundError(_("意見が見つかりません。"))
            row.deleted_at = None
            row.deleted_by = ""
            self._touch(s, row, now, [], action="restore")
        return self.get(comment_id)

    def bulk_status(self, ids: Sequence[str], status: Status) -> int:
        """Change the status of a selection in one transaction; returns how many changed."""
        self.actor.require(Action.ROUTE)
        now = self.actor.now()
        changed = 0
        with self.db.write() as s:
            for cid in ids:
                row = self._live_row(s, cid)
                if row.status != status.value:
                    self._set_status(s, row, status, now, _("一括変更"))
                    changed += 1
        return changed

    def bulk_assign(self, ids: Sequence[str], department_id: int | None) -> int:
        self.actor.require(Action.ROUTE)
        now = self.actor.now()
        changed = 0
        with self.db.write() as s:
            for cid in ids:
                row = self._live_row(s, cid)
                if row.department_id != department_id:
                    self._assign(s, row, department_id, None, now)
                    changed += 1
        return changed

    def set_speaker(self, comment_id: str, speaker: SpeakerContact | None) -> None:
        self.actor.require(Action.RECORD)
        now = self.actor.now()
        with self.db.write() as s:
            self._live_row(s, comment_id)
            self.repo.set_speaker(s, comment_id, speaker, now)
            write_audit(
                s,
                entity="comment",
                entity_id=comment_id,
                action="speaker",
                changes=[("speaker", "", _("（個人情報を更新）"))],
                user=self.actor.name,
                at=now,
            )

    # --- reading ----------------------------------------------------------------------------
    def get(self, comment_id: str) -> Comment:
        with self.db.read() as s:
            c = self.repo.get(s, comment_id)
        if c is None:
            raise NotFoundError(_("意見が見つかりません。"))
        return c

    def history(self, comment_id: str) -> CommentHistory:
        with self.db.read() as s:
            return self.repo.history(s, comment_id)

    def speaker(self, comment_id: str, purpose: AccessPurpose | None) -> SpeakerContact | None:
        """Personal data: only for an explicit request, with its reason, logged with it."""
        self.actor.require(Action.REVEAL_PERSONAL)
        with self.db.write() as s:
            if self.repo.row(s, comment_id) is None:
                raise NotFoundError(_("意見が見つかりません。"))
            self.access_log.note(s, AccessKind.REVEAL, purpose, [comment_id])
            return self.repo.speaker(s, comment_id)

    # --- internals --------------------------------------------------------------------------
    @contextmanager
    def _versioned(self, comment_id: str, version: int) -> Iterator[tuple[Session, CommentRow]]:
        try:
            with self.db.write() as s:
                row = self.repo.row(s, comment_id)
                if row is None:
                    raise NotFoundError(_("意見が見つかりません。"))
                if row.version != version:
                    raise ConflictError(stale_message(row))
                yield s, row
                s.flush()
        except StaleDataError as exc:
            raise ConflictError(
                _(
                    "この意見は保存の直前に他の利用者が変更しました。"
                    "最新の内容を読み込んでからもう一度編集してください。"
                )
            ) from exc

    def _live_row(self, s: Session, comment_id: str) -> CommentRow:
        row = self.repo.row(s, comment_id)
        if row is None or row.deleted_at is not None:
            raise NotFoundError(_("意見が見つかりません。"))
        return row

    def _touch(
        self,
        s: Session,
        row: CommentRow,
        now: object,
        changes: list[tuple[str, object, object]],
        action: str = "update",
    ) -> None:
        n = write_audit(
            s,
            entity="comment",
            entity_id=row.id,
            action=action,
            changes=changes,
            user=self.actor.name,
            at=self.actor.now(),
        )
        if n or action != "update":
            row.updated_at = self.actor.now()
            row.updated_by = self.actor.name

    def _set_status(
        self, s: Session, row: CommentRow, status: Status, now: object, note: str
    ) -> None:
        old = row.status
        if old == status.value:
            return
        row.status = status.value
        self.repo.add_status(
            s, row.id, status, user=self.actor.name, at=self.actor.now(), note=note
        )
        self._touch(s, row, now, [("status", old, status.value)])

    def _assign(
        self,
        s: Session,
        row: CommentRow,
        department_id: int | None,
        due_on: date | None,
        now: object,
    ) -> None:
        if department_id is not None:
            dep = self.catalog.department_row(s, department_id)
            if dep is None:
                raise ValidationError(_("担当課が見つかりません。"))
        changes: list[tuple[str, object, object]] = [
            ("department_id", row.department_id, department_id)
        ]
        row.department_id = department_id
        if due_on is not None:
            changes.append(("due_on", row.due_on, due_on))
            row.due_on = due_on
        self._touch(s, row, now, changes)
        if department_id is not None and row.status == Status.RECEIVED.value:
            self._set_status(s, row, Status.ROUTED, now, _("担当課へ回付"))
