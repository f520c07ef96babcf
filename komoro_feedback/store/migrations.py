"""Bring a database to the schema head with Alembic, after a backup copy of an SQLite file."""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from komoro_feedback.domain.errors import SchemaTooNewError
from komoro_feedback.i18n.translation import _
from komoro_feedback.paths import db_dir
from komoro_feedback.store.database import Database, translate_errors


def alembic_config(db: Database | None = None) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(db_dir()))
    if db is not None:
        # Alembic's config is a ConfigParser: '%' (percent-encoded Japanese folder names such as
        # a user folder named 小諸太郎, or a password) must be doubled or the first start fails.
        url = db.url.render_as_string(hide_password=False)
        cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def current_revision(db: Database) -> str | None:
    with translate_errors(), db.engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def check_not_newer(db: Database) -> str | None:
    """Return the current revision; refuse a database written by a newer application."""
    current = current_revision(db)
    if current is None:
        return None
    script = ScriptDirectory.from_config(alembic_config())
    known = {rev.revision for rev in script.walk_revisions()}
    if current not in known:
        raise SchemaTooNewError(
            _(
                "このデータベースは新しいバージョンのアプリで作成されています（スキーマ {rev}）。"
                "アプリを更新してから開いてください。"
            ).format(rev=current)
        )
    return current


def upgrade(db: Database, target: str = "head", *, backup_dir: Path | None = None) -> Path | None:
    """Migrate to target. Returns the backup copy made before migrating, if any."""
    current = check_not_newer(db)
    wanted = head_revision() if target == "head" else target
    if current == wanted:
        return None
    backup = None
    path = db.sqlite_path
    if current is not None and path is not None and path.exists():
        backup = _backup_before_migration(db, path, current, backup_dir or path.parent)
    with translate_errors(), db.engine.begin() as conn:
        cfg = alembic_config(db)
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, target)
    return backup


def _backup_before_migration(db: Database, path: Path, revision: str, folder: Path) -> Path:
    """A copy of the file as it is (an encrypted file stays encrypted, with its key)."""
    folder.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    out = folder / f"{path.stem}.before-{revision}-{stamp}{path.suffix}"
    src = db.raw_connect(path)
    try:
        dst = db.raw_connect(out)
        try:
            src.backup(dst)
        finally:
            dst.close()
    finally:
        src.close()
    return out


def _revision_cli(message: str) -> None:  # pragma: no cover - developer tool
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        db = Database(f"sqlite:///{Path(tmp) / 'scratch.sqlite3'}")
        upgrade(db)
        with db.engine.begin() as conn:
            cfg = alembic_config(db)
            cfg.attributes["connection"] = conn
            command.revision(cfg, message=message, autogenerate=True)


if __name__ == "__main__":  # pragma: no cover
    if len(sys.argv) == 3 and sys.argv[1] == "revision":
        _revision_cli(sys.argv[2])
    else:
        raise SystemExit("usage: python -m komoro_feedback.store.migrations revision MESSAGE")
