"""Offline meeting packages: export a meeting or a period, preview and import it elsewhere."""

from __future__ import annotations

import json
import uuid
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from komoro_feedback import __version__
from komoro_feedback.domain.access_log import AccessKind, AccessPurpose, AccessReason
from komoro_feedback.domain.errors import NotFoundError, StorageError, ValidationError
from komoro_feedback.domain.provenance import via_mark
from komoro_feedback.domain.roles import Action
from komoro_feedback.i18n.translation import _
from komoro_feedback.services.access_log_service import AccessLogService
from komoro_feedback.services.actor import Actor
from komoro_feedback.services.collector_pause import collector_paused
from komoro_feedback.services.package_conflicts import (
    CommentConflict,
    ConflictResolver,
    field_changes,
)
from komoro_feedback.services.package_crypto import PackageKeys
from komoro_feedback.services.package_format import (
    FORMAT_NAME,
    FORMAT_VERSION,
    ExportResult,
    PackageError,
    PackageFile,
    fingerprint,
    read_package,
    write_package,
)
from komoro_feedback.services.package_history import PackageHistory, group
from komoro_feedback.services.package_plan import (
    ADD,
    CONFLICT,
    SAME,
    UPDATE,
    ImportPlan,
    plan_import,
)
from komoro_feedback.services.package_preview import PackagePreview
from komoro_feedback.store.audit import write_audit
from komoro_feedback.store.comment_repository import CommentRepository
from komoro_feedback.store.database import Database
from komoro_feedback.store.models import (
    CommentConflictRow,
    CommentRow,
    MeetingRow,
    PackageImportRow,
)
from komoro_feedback.store.package_import_repository import (
    PackageImportRepository,
)
from komoro_feedback.store.package_repository import References
from komoro_feedback.store.package_rows import NewCommentRows
from komoro_feedback.store.package_values import policy_ids
from komoro_feedback.store.privacy_repository import PrivacyRepository
from komoro_feedback.store.settings_repository import SettingsRepository


class PackageService:
    """Export and import .komoro packages; keep conflicting edits for a person to resolve."""

    def __init__(self, db: Database, actor: Actor, keys: PackageKeys | None = None) -> None:
        self.db = db
        self.actor = actor
        #: The city's package key (key file or passphrase); a call may pass its own.
        self.keys = keys
        self.repo = PackageImportRepository()
        self.comments = CommentRepository()
        self.settings = SettingsRepository()
        self.resolver = ConflictResolver(db, actor)
        self._carried: list[str] = []

    # --- export -----------------------------------------------------------------------------
    def export_meeting(
        self,
        meeting_id: int,
        out: Path,
        *,
        with_speakers: bool = False,
        keys: PackageKeys | None = None,
    ) -> ExportResult:
        self.actor.require(Action.PACKAGES)
        keys = self._keys(keys)
        with self.db.read() as s:
            if s.get(MeetingRow, meeting_id) is None:
                raise NotFoundError(_("会議が見つかりません。"))
            ids = self.repo.comment_ids(s, meeting_id=meeting_id)
            result, sent = self._export(
                s, [meeting_id], ids, out, {"meeting": meeting_id}, with_speakers, keys
            )
        self._log_carried()
        self._remember_sent(sent)
        return result

    def export_range(
        self,
        lo: date | None,
        hi: date | None,
        out: Path,
        *,
        with_speakers: bool = False,
        keys: PackageKeys | None = None,
    ) -> ExportResult:
        self.actor.require(Action.PACKAGES)
        if lo is not None and hi is not None and lo > hi:
            raise ValidationError(_("期間の開始日が終了日より後です。"))
        keys = self._keys(keys)
        with self.db.read() as s:
            ids = self.repo.comment_ids(s, lo=lo, hi=hi)
            meetings = self.repo.meeting_ids_in_range(s, lo, hi)
            scope = {"from": lo.isoformat() if lo else None, "to": hi.isoformat() if hi else None}
            result, sent = self._export(s, meetings, ids, out, scope, with_speakers, keys)
        self._log_carried()
        self._remember_sent(sent)
        return result

    def _keys(self, keys: PackageKeys | None) -> PackageKeys:
        found = keys or self.keys
        if found is None:
            raise PackageError(
                _(
                    "パッケージの鍵が設定されていません。管理者から受け取った鍵ファイルを指定するか、"
                    "パスフレーズを入力してください（package key --new で鍵を作成）。"
                )
            )
        return found

    def _log_carried(self) -> None:
        """Names left this database, sealed, for city hall's: logged like any export."""
        carried, self._carried = self._carried, []
        if not carried:
            return
        with self.db.write() as s:
            AccessLogService(self.db, self.actor).note(
                s,
                AccessKind.EXPORT,
                AccessPurpose(AccessReason.OTHER, _("会議パッケージ（暗号化）で市役所へ運ぶため")),
                carried,
            )

    def _remember_sent(self, sent: list[tuple[str, str, int]]) -> None:
        """Note what this installation sent of comments never exchanged before: when they come
        back edited, our own record (not the package's word) shows what the other side saw."""
        if not sent:
            return
        try:
            with self.db.write() as s:
                installation = self._installation(s)
                self.repo.preload(s, [cid for cid, _fp, _v in sent])  # one query per 500
                for cid, fp, version in sent:
                    if self.repo.sync_row(s, cid) is None:
                        self.repo.put_sync(s, cid, fp, version, installation, self.actor.now())
        except StorageError:
            pass  # a read-only file: the package is written; a return trip becomes a conflict

    @collector_paused()
    def _export(
        self,
        s: Session,
        meeting_ids: list[int],
        ids: list[str],
        out: Path,
        scope: dict[str, Any],
        with_speakers: bool,
        sealing: PackageKeys,
    ) -> tuple[ExportResult, list[tuple[str, str, int]]]:
        installation = self._installation(s)
        comments = self.repo.export_comments(s, ids, installation, with_speakers=with_speakers)
        for rec in comments:
            rec["fingerprint"] = fingerprint(rec)
        self._carried = [str(rec["id"]) for rec in comments if rec.get("speaker")]
        keys = {m: self.repo.meeting_key(s, m, installation) for m in meeting_ids}
        content = {
            "meetings": self.repo.export_meetings(s, meeting_ids, installation),
            "comments": comments,
            "status_history": self.repo.export_status(s, ids),
            "audit": self.repo.export_audit(s, ids, keys),
        }
        package_id = str(uuid.uuid4())
        manifest = {
            "format": FORMAT_NAME,
            "format_version": FORMAT_VERSION,
            "package_id": package_id,
            "installation_id": installation,
            "created_at": self.actor.now().isoformat(),
            "created_by": self.actor.name,
            "app_version": __version__,
            "scope": scope,
            "includes_speakers": with_speakers,
            "counts": {"meetings": len(meeting_ids), "comments": len(comments)},
        }
        digest = write_package(out, manifest, content, sealing)
        sent = [
            (r["id"], r["fingerprint"], r["version"]) for r in comments if not r["base_fingerprint"]
        ]
        result = ExportResult(
            out, package_id, len(meeting_ids), len(comments), with_speakers, digest, scope
        )
        return result, sent

    def _installation(self, s: Session) -> str:
        value = self.settings.get(s, "installation_id")
        if value is None:  # an uninitialised database; initialise() always sets it
            raise ValidationError(_("このデータベースは初期化されていません。"))
        return value

    # --- import -----------------------------------------------------------------------------
    @collector_paused()
    def preview(self, path: Path, *, keys: PackageKeys | None = None) -> PackagePreview:
        """Read and check a package, and say what importing it would do. Writes nothing."""
        self.actor.require(Action.PACKAGES)
        pkg = read_package(path, self._keys(keys))
        with self.db.read() as s:
            return plan_import(s, pkg, self.repo, self._installation).preview

    @collector_paused()
    def import_package(self, path: Path, *, keys: PackageKeys | None = None) -> PackagePreview:
        """All or nothing: one transaction. Importing the same package again adds nothing."""
        self.actor.require(Action.PACKAGES)
        pkg = read_package(path, self._keys(keys))
        via = via_mark(pkg.package_id, pkg.origin)
        now = self.actor.now()
        with self.db.write() as s:
            plan = plan_import(s, pkg, self.repo, self._installation)
            p = plan.preview
            if p.already_imported:
                return p
            if p.blocked:
                raise PackageError(
                    "\n".join([_("取り込めません。何も変更していません。"), *p.problems()])
                )
            meeting_ids, new_keys = self._import_meetings(s, pkg, plan)
            history = PackageHistory(pkg.content)
            seq = self.comments.next_seq(s)  # SQLite; PostgreSQL's identity fills it
            added = NewCommentRows(plan.refs, via, pkg.origin, now, fingerprint, history.of)
            for action, rec in plan.actions:
                mid = meeting_ids.get(rec["meeting_key"]) if rec.get("meeting_key") else None
                if action == ADD:
                    added.add(rec, mid, seq)
                    seq = seq + 1 if seq is not None else None
                    continue  # written together below: one COPY per table, no ORM objects
                elif action == UPDATE:
                    row = self._update(s, rec, plan.refs, mid, plan.locals_[rec["id"]])
                elif action == SAME:
                    row = self.comments.row(s, rec["id"])  # type: ignore[assignment]
                    if self._in_sync(s, row, rec):
                        continue  # seen before, unchanged on both sides: nothing to write
                else:
                    if action == CONFLICT:
                        self._add_conflict(s, pkg, rec)
                    continue
                status, audit = history.of(row.id)
                self.repo.add_missing_status(s, row.id, status, via)
                self.repo.add_missing_audit(s, "comment", row.id, audit, via)
                s.flush()
                self.repo.put_sync(s, row.id, rec["fingerprint"], row.version, pkg.origin, now)
            added.write(s)
            self._import_meeting_audit(s, pkg, meeting_ids, new_keys, via)
            s.add(
                PackageImportRow(
                    package_id=pkg.package_id,
                    origin=pkg.origin,
                    file_name=path.name[:400],
                    imported_at=now,
                    imported_by=self.actor.name,
                    comments_added=len(p.added),
                    comments_updated=len(p.updated),
                    conflicts=len(p.conflicts),
                )
            )
            write_audit(
                s,
                entity="package",
                entity_id=pkg.package_id,
                action="import",
                changes=[
                    ("origin", "", pkg.origin),
                    ("added", "", len(p.added)),
                    ("updated", "", len(p.updated)),
                    ("conflicts", "", len(p.conflicts)),
                    ("neutralised", "", p.neutralised),
                ],
                user=self.actor.name,
                at=now,
            )
            # A laptop's package must not bring back names the retention rule removed here.
            PrivacyRepository().purge_expired(s, now.date(), self.actor.name, now)
        return p

    def _in_sync(self, s: Session, row: CommentRow, rec: dict[str, Any]) -> bool:
        sync = self.repo.sync_row(s, row.id)
        return sync is not None and (sync.fingerprint, sync.local_version) == (
            rec["fingerprint"],
            row.version,
        )

    def _import_meetings(
        self, s: Session, pkg: PackageFile, plan: ImportPlan
    ) -> tuple[dict[str, int], set[str]]:
        """The local id of every meeting key of the package (new meetings inserted in one
        flush), and the keys of the new ones."""
        ids = dict(plan.meetings)
        new: dict[str, tuple[dict[str, Any], list[int]]] = {}
        for mt in pkg.content["meetings"]:
            if mt["key"] not in ids and mt["key"] not in new:
                new[mt["key"]] = (mt, [plan.refs.districts[d] for d in mt.get("districts", [])])
        ids.update(zip(new, self.repo.insert_meetings(s, list(new.values())), strict=True))
        return ids, set(new)

    def _import_meeting_audit(
        self, s: Session, pkg: PackageFile, ids: dict[str, int], new: set[str], via: str
    ) -> None:
        items = group([a for a in pkg.content["audit"] if a["entity"] == "meeting"], "entity_id")
        for key, entries in items.items():
            if key in ids:
                mid = str(ids[key])
                self.repo.add_missing_audit(s, "meeting", mid, entries, via, new=key in new)

    def _update(
        self,
        s: Session,
        rec: dict[str, Any],
        refs: References,
        mid: int | None,
        local: dict[str, Any],
    ) -> CommentRow:
        row = self.comments.row(s, rec["id"])
        assert row is not None
        self.repo.apply(row, rec, refs, mid)
        self.repo.set_policies(s, row.id, policy_ids(rec, refs))
        if rec.get("speaker"):
            self.repo.set_speaker(s, row.id, rec["speaker"])
        write_audit(
            s,
            entity="comment",
            entity_id=row.id,
            action="import",
            changes=field_changes(local, rec),
            user=self.actor.name,
            at=self.actor.now(),
        )
        return row

    def _add_conflict(self, s: Session, pkg: PackageFile, rec: dict[str, Any]) -> None:
        s.add(
            CommentConflictRow(
                comment_id=rec["id"],
                package_id=pkg.package_id,
                origin=pkg.origin,
                incoming=json.dumps(rec, ensure_ascii=False),
                detected_at=self.actor.now(),
                resolved_by="",
                resolution="",
            )
        )
        write_audit(
            s,
            entity="comment",
            entity_id=rec["id"],
            action="conflict",
            changes=[("package", "", pkg.package_id)],
            user=self.actor.name,
            at=self.actor.now(),
        )

    # --- conflicts (package_conflicts.py) ----------------------------------------------------
    def conflicts(self, *, open_only: bool = True) -> list[CommentConflict]:
        return self.resolver.conflicts(open_only=open_only)

    def conflict(self, conflict_id: int) -> CommentConflict:
        """One conflict with both versions field by field."""
        return self.resolver.conflict(conflict_id)

    def resolve(self, conflict_id: int, keep: str) -> CommentConflict:
        """keep "local" (nothing changes but the record) or "incoming" (applied, audited)."""
        self.actor.require(Action.PACKAGES)
        return self.resolver.resolve(conflict_id, keep)
