"""Conflicts left by a package import: both versions of a comment, and a person's decision."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session

from komoro_feedback.domain.enums import CommentKind, Status
from komoro_feedback.domain.errors import NotFoundError, ValidationError
from komoro_feedback.i18n.translation import _
from komoro_feedback.services.actor import Actor
from komoro_feedback.store.audit import write_audit
from komoro_feedback.store.comment_repository import CommentRepository
from komoro_feedback.store.database import Database
from komoro_feedback.store.models import CommentConflictRow, CommentRow
from komoro_feedback.store.package_import_repository import (
    PackageImportRepository,
    unknown_refs,
)
from komoro_feedback.store.package_values import policy_ids
from komoro_feedback.store.settings_repository import INSTALLATION_ID, SettingsRepository


@dataclass(frozen=True)
class ConflictField:
    """One row of the side-by-side view."""

    label: str
    local: str
    incoming: str

    @property
    def differs(self) -> bool:
        return self.local != self.incoming


@dataclass(frozen=True)
class CommentConflict:
    """An incoming version of a comment that was also edited here."""

    id: int
    comment_id: str
    package_id: str
    origin: str
    detected_at: Any
    resolved: bool
    resolution: str
    excerpt: str
    fields: tuple[ConflictField, ...] = field(default=())


class ConflictResolver:
    """List conflicts, show one side by side, resolve one (audited, through the services)."""

    def __init__(self, db: Database, actor: Actor) -> None:
        self.db = db
        self.actor = actor
        self.repo = PackageImportRepository()
        self.comments = CommentRepository()
        self.settings = SettingsRepository()

    def _installation(self, s: Session) -> str:
        value = self.settings.get(s, INSTALLATION_ID)
        if value is None:
            raise ValidationError(_("このデータベースは初期化されていません。"))
        return value

    # --- conflicts --------------------------------------------------------------------------
    def conflicts(self, *, open_only: bool = True) -> list[CommentConflict]:
        with self.db.read() as s:
            return [
                self._conflict(s, r, detail=False)
                for r in self.repo.conflicts(s, open_only=open_only)
            ]

    def conflict(self, conflict_id: int) -> CommentConflict:
        """One conflict with both versions field by field."""
        with self.db.read() as s:
            row = self.repo.conflict(s, conflict_id)
            if row is None:
                raise NotFoundError(_("競合が見つかりません。"))
            return self._conflict(s, row, detail=True)

    def resolve(self, conflict_id: int, keep: str) -> CommentConflict:
        """keep "local" (nothing changes but the record) or "incoming" (applied, audited)."""
        if keep not in ("local", "incoming"):
            raise ValidationError(_("local か incoming を指定してください。"))
        now = self.actor.now()
        with self.db.write() as s:
            row = self.repo.conflict(s, conflict_id)
            if row is None:
                raise NotFoundError(_("競合が見つかりません。"))
            if row.resolved_at is not None:
                raise ValidationError(_("この競合は解決済みです。"))
            rec = json.loads(row.incoming)
            comment = self.comments.row(s, row.comment_id)
            if comment is None:
                raise NotFoundError(_("意見が見つかりません。"))
            if keep == "incoming":
                self._take_incoming(s, comment, rec)
            else:
                # Remember that this version was turned down, and that any later version from
                # there is to be looked at by a person again (-1 never equals a real version).
                self.repo.put_sync(s, comment.id, rec["fingerprint"], -1, row.origin, now)
            write_audit(
                s,
                entity="comment",
                entity_id=comment.id,
                action="resolve",
                changes=[("conflict", row.package_id, keep)],
                user=self.actor.name,
                at=now,
            )
            row.resolved_at = now
            row.resolved_by = self.actor.name
            row.resolution = keep
            s.flush()
            return self._conflict(s, row, detail=False)

    def _take_incoming(self, s: Session, comment: CommentRow, rec: dict[str, Any]) -> None:
        installation = self._installation(s)
        refs = self.repo.references(s)
        unknown = unknown_refs({"comments": [rec], "meetings": []}, refs)
        if any(unknown):
            raise ValidationError(_("取り込み版の区・政策・担当課がこのデータベースにありません。"))
        local = self.repo.export_comments(s, [comment.id], installation, with_speakers=False)[0]
        mid = comment.meeting_id
        if rec.get("meeting_key"):
            mid = self.repo.resolve_meeting(s, rec["meeting_key"], installation) or mid
        old_status = comment.status
        self.repo.apply(comment, rec, refs, mid)
        comment.updated_at = self.actor.now()
        comment.updated_by = self.actor.name
        self.repo.set_policies(s, comment.id, policy_ids(rec, refs))
        if comment.status != old_status:
            self.comments.add_status(
                s,
                comment.id,
                Status(comment.status),
                user=self.actor.name,
                at=self.actor.now(),
                note=_("競合の解決: 取り込み版を採用"),
            )
        write_audit(
            s,
            entity="comment",
            entity_id=comment.id,
            action="update",
            changes=field_changes(local, rec),
            user=self.actor.name,
            at=self.actor.now(),
        )
        s.flush()
        self.repo.put_sync(s, comment.id, rec["fingerprint"], comment.version, "", self.actor.now())

    def _conflict(self, s: Session, row: CommentConflictRow, *, detail: bool) -> CommentConflict:
        rec = json.loads(row.incoming)
        fields: tuple[ConflictField, ...] = ()
        if detail:
            installation = self._installation(s)
            found = self.repo.export_comments(
                s, [row.comment_id], installation, with_speakers=False
            )
            local = found[0] if found else {}
            fields = tuple(
                ConflictField(label, _display(key, local.get(key)), _display(key, rec.get(key)))
                for key, label in _labels()
            )
        return CommentConflict(
            id=row.id,
            comment_id=row.comment_id,
            package_id=row.package_id,
            origin=row.origin,
            detected_at=row.detected_at,
            resolved=row.resolved_at is not None,
            resolution=row.resolution,
            excerpt=str(rec.get("text", ""))[:40],
            fields=fields,
        )


def _labels() -> list[tuple[str, str]]:
    return [
        ("text", _("本文")),
        ("kind", _("種別")),
        ("status", _("状態")),
        ("ward", _("区")),
        ("policies", _("政策")),
        ("department", _("担当課")),
        ("answer", _("回答")),
        ("answered_on", _("回答日")),
        ("due_on", _("期限")),
        ("spot_answer", _("その場での回答")),
        ("needs_answer", _("回答要否")),
        ("received_on", _("受付日")),
        ("deleted", _("削除済み")),
        ("updated_at", _("最終更新")),
        ("updated_by", _("更新者")),
    ]


def _show(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("はい") if value else _("いいえ")
    if isinstance(value, list):
        if value and isinstance(value[0], list):  # policies: [programme, code]
            return ", ".join(str(p[1]) for p in value)
        return " ".join(str(v) for v in value)  # ward: [district, ward]
    return str(value)


def _display(key: str, value: Any) -> str:
    """A value as a person reads it: labels for codes, minutes for times."""
    try:
        if key == "kind" and value:
            return _(CommentKind(value).label)
        if key == "status" and value:
            return _(Status(value).label)
    except ValueError:
        pass
    if key == "updated_at" and value:
        return str(value)[:16].replace("T", " ")
    return _show(value)


def field_changes(local: dict[str, Any], rec: dict[str, Any]) -> list[tuple[str, object, object]]:
    return [(k, _show(local.get(k)), _show(rec.get(k))) for k, _label in _labels()[:-2]]
