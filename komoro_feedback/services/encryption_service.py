"""Encrypted laptops: convert an SQLite file to SQLCipher and back, change its passphrase, and
the administrator's rule that a laptop must not run on a plain file.

A conversion is all or nothing: a backup copy first (in the file's current form), then
`sqlcipher_export` into a new file next to it, a check of that file (integrity, every table's
row count, the search index), and only then an atomic rename over the original. The app must
be closed meanwhile (the CLI runs it on a closed file).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from komoro_feedback.domain.errors import (
    EncryptionRequiredError,
    PassphraseError,
    StorageError,
    ValidationError,
)
from komoro_feedback.i18n.translation import _
from komoro_feedback.services.actor import Actor
from komoro_feedback.store import sqlcipher
from komoro_feedback.store.audit import write_audit
from komoro_feedback.store.database import Database
from komoro_feedback.store.setting_keys import REQUIRE_ENCRYPTION
from komoro_feedback.store.settings_repository import SettingsRepository


@dataclass(frozen=True)
class ConversionResult:
    """What encrypt / decrypt / rekey did."""

    path: Path
    backup: Path | None  # the copy made first (removed after encrypting: it is plain text)
    encrypted: bool
    comments: int
    plain_backups: tuple[Path, ...] = ()  # older plain copies still in the backup folder


class EncryptionService:
    """The administrator's rule (kept in the database, so every copy of it follows it)."""

    def __init__(self, db: Database, actor: Actor) -> None:
        self.db = db
        self.actor = actor
        self.settings = SettingsRepository()

    def required(self) -> bool:
        try:
            with self.db.read() as s:
                return self.settings.get(s, REQUIRE_ENCRYPTION) == "1"
        except StorageError:  # a file not set up yet (no settings table): no rule in it
            return False

    def set_required(self, on: bool) -> None:
        with self.db.write() as s:
            before = self.settings.get(s, REQUIRE_ENCRYPTION) == "1"
            self.settings.put(s, REQUIRE_ENCRYPTION, "1" if on else "0")
            write_audit(
                s,
                entity="settings",
                entity_id=REQUIRE_ENCRYPTION,
                action="update",
                changes=[("required", before, on)],
                user=self.actor.name,
                at=self.actor.now(),
            )

    def check_policy(self) -> None:
        """Refuse to run on a plain SQLite file when the administrator requires encryption."""
        if self.db.sqlite_path is None or self.db.encrypted or not self.required():
            return
        raise EncryptionRequiredError(
            _(
                "管理者の設定により、暗号化されていないデータベースでは起動できません。"
                "アプリを閉じて「komoro-feedback encrypt --db {p}」で暗号化してください。"
            ).format(p=self.db.sqlite_path)
        )


def convert(
    path: Path, old: str | None, new: str | None, backup_dir: Path, *, action: str
) -> ConversionResult:
    """Re-write `path` under passphrase `new` (None: plain) from `old` (None: plain)."""
    if not path.is_file():
        raise ValidationError(_("データベースファイルがありません: {p}").format(p=path))
    if sqlcipher.is_encrypted(path) != (old is not None):
        raise ValidationError(
            _("このデータベースは既に暗号化されています。")
            if old is None
            else _("このデータベースは暗号化されていません。")
        )
    if new is not None and not new:
        raise PassphraseError(_("新しいパスフレーズが空です。"))
    src = _open(path, old)
    try:
        src.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        counts = _row_counts(src)
        backup = _backup(src, path, old, backup_dir, action)
        tmp = path.with_name(path.name + ".converting")
        for leftover in _family(tmp):
            leftover.unlink(missing_ok=True)
        sqlcipher.export_copy(src, tmp, new)
    finally:
        src.close()
    try:
        _verify(tmp, new, counts)
        for stale in _family(path)[1:]:  # an empty log of the old file must not meet the new
            stale.unlink(missing_ok=True)
        os.replace(tmp, path)
    except BaseException:
        for leftover in _family(tmp):
            leftover.unlink(missing_ok=True)
        raise
    plain: tuple[Path, ...] = ()
    if new is not None and old is None:
        backup.unlink(missing_ok=True)  # a plain copy would undo the point of encrypting
        plain = tuple(p for p in sorted(backup_dir.rglob("*.sqlite3")) if _is_plain(p))
    return ConversionResult(
        path, None if old is None and new else backup, new is not None, counts["comment"], plain
    )


def _open(path: Path, passphrase: str | None) -> Any:
    conn = sqlcipher.with_search_function(
        sqlcipher.cipher_module().connect(str(path), isolation_level=None)
    )
    if passphrase is not None:
        sqlcipher.apply_key(conn, passphrase)
    sqlcipher.verify_key(conn)
    return conn


def _row_counts(conn: Any) -> dict[str, int]:
    names = [
        r[0]
        for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            # A contentless index (comment_fts_short) cannot be scanned; its shadow tables are.
            " AND NOT (sql LIKE 'CREATE VIRTUAL%' AND sql LIKE '%content=%')"
        )
    ]
    return {n: int(conn.execute(f'SELECT count(*) FROM "{n}"').fetchone()[0]) for n in names}


def _backup(src: Any, path: Path, old: str | None, folder: Path, action: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    out = folder / f"{path.stem}.before-{action}-{datetime.now():%Y%m%d-%H%M%S}.sqlite3"
    dst = sqlcipher.with_search_function(sqlcipher.cipher_module().connect(str(out)))
    try:
        if old is not None:
            sqlcipher.apply_key(dst, old)
        src.backup(dst)
    finally:
        dst.close()
    return out


def _verify(tmp: Path, passphrase: str | None, counts: dict[str, int]) -> None:
    conn = _open(tmp, passphrase)
    try:
        if conn.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
            raise StorageError(_("変換後のファイルの整合性チェックに失敗しました。"))
        if _row_counts(conn) != counts:
            raise StorageError(_("変換後のファイルの件数が元と一致しません。"))
        if "comment_fts" in counts:
            conn.execute("INSERT INTO comment_fts(comment_fts, rank) VALUES ('integrity-check', 1)")
    finally:
        conn.close()


def _family(path: Path) -> list[Path]:
    return [path, *(path.with_name(path.name + s) for s in ("-wal", "-shm", "-journal"))]


def _is_plain(path: Path) -> bool:
    try:
        with path.open("rb") as fh:
            return fh.read(16) == sqlcipher.SQLITE_MAGIC
    except OSError:
        return False
