"""The manifest written beside every backup (`<backup>.manifest.json`): the file's size and
SHA-256, and the row count of each table, so a restore can tell a damaged copy from a sound one.

A sidecar rather than a table inside the backup: a checksum cannot cover the file that holds it,
a table added to the copy would then have to be dropped again after a restore (the schema must
stay what Alembic knows), and the JSON can be read by IT without the app.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, Final

from komoro_feedback.domain.errors import ValidationError
from komoro_feedback.i18n.translation import _
from komoro_feedback.store import sqlcipher

MANIFEST_SUFFIX: Final = ".manifest.json"
FORMAT: Final = "komoro-backup-manifest/1"


@dataclass(frozen=True)
class BackupManifest:
    """What a backup held when it was written."""

    size: int
    sha256: str
    tables: dict[str, int]
    schema_revision: str
    created_at: str

    def to_json(self) -> str:
        data = {
            "format": FORMAT,
            "size": self.size,
            "sha256": self.sha256,
            "tables": self.tables,
            "schema_revision": self.schema_revision,
            "created_at": self.created_at,
        }
        return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True)

    @classmethod
    def of(cls, path: Path, passphrase: str | None = None) -> BackupManifest:
        """Describe the finished backup file at `path` (opened read-only; keyed when the
        database is encrypted, and so its backups are)."""
        conn = sqlcipher.connect(f"file:{path}?mode=ro", passphrase, uri=True)
        try:
            tables = table_counts(conn)
            rev = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        finally:
            conn.close()
        return cls(
            size=path.stat().st_size,
            sha256=sha256_of(path),
            tables=tables,
            schema_revision=rev[0] if rev else "",
            created_at=datetime.now().astimezone().isoformat(timespec="seconds"),
        )


def manifest_path(backup: Path) -> Path:
    return backup.with_name(backup.name + MANIFEST_SUFFIX)


def sha256_of(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(1 << 20):
            h.update(chunk)
    return h.hexdigest()


def table_counts(conn: sqlite3.Connection) -> dict[str, int]:
    """Rows per ordinary table; the search index's shadow tables are checked by FTS itself."""
    names = [
        r[0]
        for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND sql NOT LIKE 'CREATE VIRTUAL%'"
            " AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'comment_fts%' ORDER BY name"
        )
    ]
    return {n: int(conn.execute(f'SELECT count(*) FROM "{n}"').fetchone()[0]) for n in names}


def write_manifest(path: Path, manifest: BackupManifest) -> None:
    with path.open("w", encoding="utf-8") as fh:
        fh.write(manifest.to_json())
        fh.flush()
        os.fsync(fh.fileno())


def read_manifest(backup: Path) -> BackupManifest | None:
    """The manifest beside `backup`, None when there is none (older backups have none)."""
    path = manifest_path(backup)
    if not path.exists():
        return None
    try:
        data: Any = json.loads(path.read_text(encoding="utf-8"))
        if data.get("format") != FORMAT:
            raise ValueError(data.get("format"))
        return BackupManifest(
            size=int(data["size"]),
            sha256=str(data["sha256"]),
            tables={str(k): int(v) for k, v in dict(data["tables"]).items()},
            schema_revision=str(data["schema_revision"]),
            created_at=str(data["created_at"]),
        )
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise ValidationError(
            _("バックアップの確認用の記録（{name}）が読めません。復元しません。").format(
                name=path.name
            )
        ) from exc
