"""Check a copy of a backup completely before it may replace the live database: checksum and
row counts against the manifest, SQLite's integrity check, the search index's own check, the
foreign keys, and a schema revision this version knows."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from komoro_feedback.domain.errors import ValidationError
from komoro_feedback.i18n.translation import _
from komoro_feedback.services.backup_manifest import BackupManifest, sha256_of, table_counts
from komoro_feedback.store import sqlcipher

REQUIRED_TABLES: Final = {"comment", "policy", "ward", "district", "alembic_version"}


@dataclass(frozen=True, slots=True)
class BackupVerdict:
    """A backup that passed every check: its comments, and a note when it had no manifest."""

    comments: int
    has_manifest: bool
    note: str = ""


def verify_copy(
    copy: Path, manifest: BackupManifest | None, known: set[str], passphrase: str | None = None
) -> BackupVerdict:
    """Raise ValidationError naming the first problem; `copy` is a private, writable copy
    (the search index check is a write statement, and what is checked is what is restored)."""
    if manifest is not None and (
        copy.stat().st_size != manifest.size or sha256_of(copy) != manifest.sha256
    ):
        raise ValidationError(
            _(
                "バックアップファイルが作成時から変わっています"
                "（SHA-256 が記録と一致しません）。壊れている可能性があるため復元しません。"
            )
        )
    try:
        conn = sqlcipher.connect(copy, passphrase)
        try:
            if passphrase is not None:
                _check_key(conn)
            comments = _check_database(conn, manifest, known)
        finally:
            conn.close()
    except (sqlite3.DatabaseError, sqlcipher.cipher_error(), UnicodeDecodeError) as exc:
        raise ValidationError(
            _("バックアップファイルが壊れているため復元しません: {err}").format(err=exc)
        ) from exc
    note = ""
    if manifest is None:
        note = _(
            "このバックアップには確認用の記録（.manifest.json）がないため、"
            "SQLite と検索索引の整合性チェックだけで確認しました。"
        )
    return BackupVerdict(comments, manifest is not None, note)


def _check_key(conn: Any) -> None:
    """A backup under another passphrase than the one given: say what to do."""
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except Exception as exc:
        raise ValidationError(
            _(
                "このバックアップは別のパスフレーズで暗号化されています"
                "（パスフレーズを変更する前のバックアップなど）。"
                "そのパスフレーズを --backup-passphrase-file で指定してください。"
            )
        ) from exc


def _check_database(conn: Any, manifest: BackupManifest | None, known: set[str]) -> int:
    result = [r[0] for r in conn.execute("PRAGMA integrity_check")]
    if result != ["ok"]:
        raise ValidationError(
            _("バックアップファイルが壊れています（整合性チェック: {err}）。").format(err=result[0])
        )
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if not tables >= REQUIRED_TABLES:
        raise ValidationError(_("このファイルはKomoro Feedbackのデータベースではありません。"))
    rev = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    if rev is None or rev[0] not in known:
        raise ValidationError(_("このバックアップは新しいバージョンのアプリで作成されています。"))
    if "comment_fts" in tables:
        try:  # compares the index with the comment table's text, row by row
            conn.execute("INSERT INTO comment_fts(comment_fts, rank) VALUES ('integrity-check', 1)")
        except (sqlite3.DatabaseError, sqlcipher.cipher_error()) as exc:
            raise ValidationError(
                _("バックアップの検索索引が本文と一致しません（壊れています）: {err}").format(
                    err=exc
                )
            ) from exc
        finally:
            conn.rollback()
    if conn.execute("PRAGMA foreign_key_check").fetchone() is not None:
        raise ValidationError(_("バックアップの中で参照先のない行があります（壊れています）。"))
    if manifest is not None:
        counts = table_counts(conn)
        for name, n in manifest.tables.items():
            if counts.get(name) != n:
                raise ValidationError(
                    _("バックアップの「{table}」の行数が記録（{n}行）と違います。").format(
                        table=name, n=n
                    )
                )
    return int(conn.execute("SELECT count(*) FROM comment").fetchone()[0])
