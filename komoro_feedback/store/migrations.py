"""Bring a database to the schema head with Alembic, after a backup copy of an SQLite file."""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from komoro_feedback.domain.errors import SchemaTooNewError
from komoro_feedback.i18n.translation import _
from komoro_feedback.paths import db_dir
from komoro_feedback.store.database import Database, translate_errors
from komoro_feedback.store.schema_version import is_at_head

if TYPE_CHECKING:
    from alembic.config import Config

# Alembic is imported inside the functions: a database already at the head (almost every
# start) is recognised with one query (schema_version.is_at_head), without loading Alembic.


def alembic_config(db: Database | None = None) -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(db_dir()))
    if db is not None:
        # Alembic's config is a ConfigParser: '%' (percent-encoded Japanese folder names such as
        # a user folder named 小諸太郎, or a password) must be doubled or the first start fails.
        url = db.url.render_as_string(hide_password=False)
        cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def current_revision(db: Database) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with translate_errors(), db.engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def check_not_newer(db: Database) -> str | None:
    """Return the current revision; refuse a database written by a newer application."""
    from alembic.script import ScriptDirectory

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
    if target == "head" and is_at_head(db, db_dir() / "versions"):
        return None
    from alembic import command

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

    from alembic import command

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
