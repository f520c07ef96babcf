"""Online backups, checked restores, rotating automatic copies and an integrity check."""

from __future__ import annotations

import contextlib
import os
import shutil
import sqlite3
import tempfile
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import text

from komoro_feedback.domain.errors import KomoroError, StorageError, ValidationError
from komoro_feedback.domain.roles import Action
from komoro_feedback.i18n.translation import _
from komoro_feedback.services.actor import Actor
from komoro_feedback.services.backup_manifest import (
    BackupManifest,
    manifest_path,
    read_manifest,
    write_manifest,
)
from komoro_feedback.services.backup_verify import BackupVerdict, verify_copy
from komoro_feedback.store import sqlcipher
from komoro_feedback.store.database import Database
from komoro_feedback.store.migrations import alembic_config
from komoro_feedback.store.sqlcipher import SQLITE_MAGIC, is_encrypted
from komoro_feedback.store.tally_repository import TallyRepository

DAILY_KEEP = 7
WEEKLY_KEEP = 4


@dataclass(frozen=True, slots=True)
class RestoreResult:
    """Where the data before the restore was kept, and what the checks found."""

    safety: Path
    verdict: BackupVerdict


@dataclass(frozen=True, slots=True)
class CheckResult:
    """What `check` found: an empty problem list means the database is sound."""

    problems: tuple[str, ...]
    comments: int
    repaired: tuple[str, ...] = ()  # what check corrected (counts tally drift)

    @property
    def ok(self) -> bool:
        return not self.problems


class BackupService:
    """Backups use SQLite's online backup API, so they are safe while the app is running.

    A backup of an encrypted database is encrypted with the same passphrase (SQLCipher copies
    the encrypted pages), and a restore reads it with that passphrase.
    """

    def __init__(self, db: Database, actor: Actor) -> None:
        self.db = db
        self.actor = actor

    def _path(self) -> Path:
        path = self.db.sqlite_path
        if path is None:
            raise KomoroError(
                _(
                    "バックアップと復元はSQLiteのデータベースだけが対象です。"
                    "PostgreSQLはサーバー側（pg_dump）でバックアップしてください。"
                )
            )
        return path

    def backup(self, out: Path) -> Path:
        """Copy the database to `out` with its manifest beside it (`out.manifest.json`).

        Written under temporary names and renamed at the end: a failure (a full disk) leaves
        neither a half-written file nor its journal behind."""
        self.actor.require(Action.BACKUP)
        src_path = self._path()
        out = out.expanduser()
        out.parent.mkdir(parents=True, exist_ok=True)
        tmp = out.with_name(out.name + ".partial")
        tmp_manifest = manifest_path(tmp)
        try:
            _remove_partial(tmp, tmp_manifest)  # left by a run that was killed (power cut)
            self._copy_to(src_path, tmp)
            write_manifest(tmp_manifest, BackupManifest.of(tmp, self.db.passphrase))
            manifest_path(out).unlink(missing_ok=True)  # never an old manifest beside new data
            tmp.replace(out)  # never leave a half-written file under the final name
            tmp_manifest.replace(manifest_path(out))
        except (sqlite3.Error, OSError, sqlcipher.cipher_error()) as exc:
            _remove_partial(tmp, tmp_manifest)
            raise StorageError(
                _("バックアップを書き込めませんでした: {err}").format(err=exc)
            ) from exc
        return out

    def _copy_to(self, src_path: Path, tmp: Path) -> None:
        # Keyed like the live file: a backup of an encrypted database stays encrypted.
        src = self.db.raw_connect(src_path)
        try:
            dst = self.db.raw_connect(tmp)
            try:
                src.backup(dst)
                # A self-contained file: no -wal beside it to lose when it is copied on.
                dst.execute("PRAGMA journal_mode=DELETE")
            finally:
                dst.close()
        finally:
            src.close()
        with tmp.open("rb+") as fh:
            os.fsync(fh.fileno())

    def validate_backup(self, file: Path, passphrase: str | None = None) -> BackupVerdict:
        """Check a file completely (on a private copy) without restoring it. `passphrase`:
        the backup's own, when it is not this database's (a copy made before a rekey)."""
        self.actor.require(Action.BACKUP)
        file = file.expanduser()
        manifest = self._readable(file)
        key = self._backup_key(file, passphrase)
        with tempfile.TemporaryDirectory(prefix=".komoro-restore-") as tmpdir:
            copy = Path(tmpdir) / "candidate.sqlite3"
            self._copy_file(file, copy)
            return verify_copy(copy, manifest, _known_revisions(), key)

    def restore(self, file: Path, safety_dir: Path, passphrase: str | None = None) -> RestoreResult:
        """Replace the database with a backup that passed every check; the current one is
        kept aside first. What was checked (a private copy) is exactly what is copied in.

        A backup under another passphrase, or plain where this file is encrypted (or the other
        way round), is first re-written in this database's form (sqlcipher_export).
        """
        self.actor.require(Action.BACKUP)
        file = file.expanduser()
        manifest = self._readable(file)
        key = self._backup_key(file, passphrase)
        target = self._path()
        with tempfile.TemporaryDirectory(prefix=".komoro-restore-", dir=target.parent) as tmpdir:
            copy = Path(tmpdir) / "candidate.sqlite3"
            self._copy_file(file, copy)
            verdict = verify_copy(copy, manifest, _known_revisions(), key)
            safety = safety_dir / f"before-restore-{datetime.now():%Y%m%d-%H%M%S}.sqlite3"
            if target.exists():
                self.backup(safety)
            self.db.dispose()
            if key != self.db.passphrase:
                converted = Path(tmpdir) / "converted.sqlite3"
                src = sqlcipher.with_search_function(sqlcipher.cipher_module().connect(str(copy)))
                try:
                    if key is not None:
                        sqlcipher.apply_key(src, key)
                    sqlcipher.export_copy(src, converted, self.db.passphrase)
                finally:
                    src.close()
                copy = converted
            src = self.db.raw_connect(copy)
            try:
                dst = self.db.raw_connect(target)
                try:
                    src.backup(dst)  # page by page into the live file: WAL readers stay consistent
                finally:
                    dst.close()
            finally:
                src.close()
        return RestoreResult(safety, verdict)

    @staticmethod
    def _readable(file: Path) -> BackupManifest | None:
        if not file.is_file():
            raise ValidationError(_("ファイルが見つかりません: {f}").format(f=file))
        encrypted = is_encrypted(file)
        with file.open("rb") as fh:
            if fh.read(16) != SQLITE_MAGIC and not encrypted:
                raise ValidationError(
                    _(
                        "このファイルはKomoro Feedbackのバックアップではありません"
                        "（SQLiteデータベースではありません）。"
                    )
                )
        return read_manifest(file)

    def _backup_key(self, file: Path, passphrase: str | None) -> str | None:
        if not is_encrypted(file):
            return None
        key = passphrase or self.db.passphrase
        if key is None:
            raise ValidationError(
                _(
                    "このバックアップは暗号化されています。"
                    "パスフレーズを --backup-passphrase-file で指定してください。"
                )
            )
        return key

    @staticmethod
    def _copy_file(file: Path, copy: Path) -> None:
        try:
            shutil.copyfile(file, copy)
        except OSError as exc:
            raise StorageError(
                _("バックアップを確認用にコピーできませんでした: {err}").format(err=exc)
            ) from exc

    def auto_backup(self, folder: Path, today: date | None = None) -> list[Path]:
        """Daily and weekly copies, pruned to the last 7 days and 4 weeks. Returns new files."""
        path = self.db.sqlite_path
        if path is None or not path.exists():
            return []
        today = today or date.today()
        made = []
        year, week, _wd = today.isocalendar()
        for kind, name, keep in (
            ("daily", f"{today:%Y%m%d}", DAILY_KEEP),
            ("weekly", f"{year}-W{week:02d}", WEEKLY_KEEP),
        ):
            sub = folder / kind
            out = sub / f"komoro-{name}.sqlite3"
            if not out.exists():
                made.append(self.backup(out))
            for old in sorted(sub.glob("komoro-*.sqlite3"))[:-keep]:
                old.unlink(missing_ok=True)
                manifest_path(old).unlink(missing_ok=True)
        return made

    def check(self) -> CheckResult:
        problems: list[str] = []
        with self.db.read() as s:
            n = int(s.execute(text("SELECT count(*) FROM comment")).scalar() or 0)
            if self.db.is_sqlite:
                res = [r[0] for r in s.execute(text("PRAGMA integrity_check"))]
                if res != ["ok"]:
                    problems += [f"integrity_check: {r}" for r in res[:20]]
                fk = s.execute(text("PRAGMA foreign_key_check")).all()
                problems += [f"foreign key: {tuple(r)}" for r in fk[:20]]
                try:
                    s.execute(
                        text(
                            "INSERT INTO comment_fts(comment_fts, rank) "
                            "VALUES ('integrity-check', 1)"
                        )
                    )
                except Exception as exc:  # an FTS mismatch is reported, not raised
                    problems.append(_("検索索引が本文と一致しません: {err}").format(err=exc))
                s.rollback()
            bad_primary = s.execute(
                text(
                    "SELECT count(*) FROM comment c WHERE c.primary_policy_id IS NOT NULL AND NOT "
                    "EXISTS (SELECT 1 FROM comment_policy cp WHERE cp.comment_id = c.id AND "
                    "cp.policy_id = c.primary_policy_id AND cp.is_primary)"
                )
            ).scalar()
            if bad_primary:
                problems.append(
                    _("主な政策が政策の紐づけと一致しない意見: {n}件").format(n=bad_primary)
                )
        with self.db.write() as s:
            fix = TallyRepository().repair(s)
        repaired = []
        if fix.cells_fixed:
            repaired.append(
                _(
                    "件数の集計表を数え直して {cells} か所を修正しました"
                    "（ずれていた意見: 延べ {n} 件）。"
                ).format(cells=fix.cells_fixed, n=fix.comments_off)
            )
        return CheckResult(tuple(problems), n, tuple(repaired))


def _known_revisions() -> set[str]:
    from alembic.script import ScriptDirectory

    return {r.revision for r in ScriptDirectory.from_config(alembic_config()).walk_revisions()}


def _remove_partial(tmp: Path, tmp_manifest: Path) -> None:
    """Delete what a failed backup wrote: the file, SQLite's journal files and the manifest."""
    names = [tmp.name + s for s in ("", "-journal", "-wal", "-shm")]
    for path in [*(tmp.with_name(n) for n in names), tmp_manifest]:
        with contextlib.suppress(OSError):  # e.g. a folder by that name: not ours to remove
            path.unlink(missing_ok=True)
