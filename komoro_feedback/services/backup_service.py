"""Online backups, checked restores, rotating automatic copies and an integrity check."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import text

from komoro_feedback.domain.errors import KomoroError, StorageError, ValidationError
from komoro_feedback.i18n.translation import _
from komoro_feedback.store.database import Database
from komoro_feedback.store.migrations import alembic_config
from komoro_feedback.store.tally_repository import TallyRepository

DAILY_KEEP = 7
WEEKLY_KEEP = 4
REQUIRED_TABLES = {"comment", "policy", "ward", "district", "alembic_version"}


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
    """Backups use SQLite's online backup API, so they are safe while the app is running."""

    def __init__(self, db: Database) -> None:
        self.db = db

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
        src_path = self._path()
        out = out.expanduser()
        out.parent.mkdir(parents=True, exist_ok=True)
        tmp = out.with_name(out.name + ".partial")
        try:
            src = sqlite3.connect(src_path)
            try:
                dst = sqlite3.connect(tmp)
                try:
                    src.backup(dst)
                finally:
                    dst.close()
            finally:
                src.close()
            tmp.replace(out)  # never leave a half-written file under the final name
        except (sqlite3.Error, OSError) as exc:
            tmp.unlink(missing_ok=True)
            raise StorageError(
                _("バックアップを書き込めませんでした: {err}").format(err=exc)
            ) from exc
        return out

    def validate_backup(self, file: Path) -> int:
        """Check a file before restoring it; return its number of comments."""
        if not file.is_file():
            raise ValidationError(_("ファイルが見つかりません: {f}").format(f=file))
        with file.open("rb") as fh:
            if fh.read(16) != b"SQLite format 3\x00":
                raise ValidationError(
                    _(
                        "このファイルはKomoro Feedbackのバックアップではありません"
                        "（SQLiteデータベースではありません）。"
                    )
                )
        try:
            conn = sqlite3.connect(f"file:{file}?mode=ro", uri=True)
            try:
                if conn.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
                    raise ValidationError(
                        _("バックアップファイルが壊れています（整合性チェック失敗）。")
                    )
                tables = {
                    r[0]
                    for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
                }
                if not tables >= REQUIRED_TABLES:
                    raise ValidationError(
                        _("このファイルはKomoro Feedbackのデータベースではありません。")
                    )
                rev = conn.execute("SELECT version_num FROM alembic_version").fetchone()
                n = int(conn.execute("SELECT count(*) FROM comment").fetchone()[0])
            finally:
                conn.close()
        except sqlite3.DatabaseError as exc:
            raise ValidationError(
                _("バックアップファイルを読めません: {err}").format(err=exc)
            ) from exc
        from alembic.script import ScriptDirectory

        known = {r.revision for r in ScriptDirectory.from_config(alembic_config()).walk_revisions()}
        if rev is None or rev[0] not in known:
            raise ValidationError(
                _("このバックアップは新しいバージョンのアプリで作成されています。")
            )
        return n

    def restore(self, file: Path, safety_dir: Path) -> Path:
        """Replace the database with a checked backup; the current one is kept aside first."""
        file = file.expanduser()
        self.validate_backup(file)
        target = self._path()
        safety = safety_dir / f"before-restore-{datetime.now():%Y%m%d-%H%M%S}.sqlite3"
        if target.exists():
            self.backup(safety)
        self.db.dispose()
        src = sqlite3.connect(f"file:{file}?mode=ro", uri=True)
        try:
            dst = sqlite3.connect(target)
            try:
                src.backup(dst)  # page by page into the live file: WAL readers stay consistent
            finally:
                dst.close()
        finally:
            src.close()
        return safety

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
