"""Restore refuses every damaged backup and leaves the live data alone; a failed backup leaves
no partial file behind (issue 12)."""

from __future__ import annotations

import hashlib
import json
import os
import random
import resource
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from komoro_feedback.domain.errors import StorageError, ValidationError
from komoro_feedback.domain.query import CommentFilter, CommentQuery
from komoro_feedback.services.backup_manifest import manifest_path
from komoro_feedback.services.container import Services
from tests.helpers import record

ROOT = Path(__file__).resolve().parents[2]


def live_state(sv: Services) -> tuple[int, list[tuple[str, str]]]:
    page = sv.queries.page(CommentQuery(limit=500))
    return sv.queries.count(CommentFilter()), [(c.id, c.text) for c in page.items]


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_backup_writes_a_manifest_of_the_file(sqlite_services: Services, tmp_path: Path) -> None:
    sqlite_services.demo.generate(30, seed=2)
    out = sqlite_services.backups.backup(tmp_path / "bk" / "b.sqlite3")
    data = json.loads(manifest_path(out).read_text(encoding="utf-8"))
    assert data["sha256"] == hashlib.sha256(out.read_bytes()).hexdigest()
    assert data["size"] == out.stat().st_size
    assert data["tables"]["comment"] == 30 and data["tables"]["policy"] == 67
    assert leftovers(tmp_path / "bk") == ["b.sqlite3", "b.sqlite3.manifest.json"]


def test_twenty_randomly_damaged_backups_are_all_refused(
    sqlite_services: Services, tmp_path: Path
) -> None:
    sv = sqlite_services
    sv.demo.generate(200, seed=3)
    good = sv.backups.backup(tmp_path / "good.sqlite3")
    record(sv, "バックアップの後に書いた意見")  # the live DB now differs from the backup
    before = live_state(sv)
    original = good.read_bytes()
    rng = random.Random(20261129)
    for i in range(20):
        damaged = tmp_path / f"damaged-{i:02d}.sqlite3"
        offset = rng.randrange(0, len(original) - 16)
        noise = rng.randbytes(16)
        assert noise != original[offset : offset + 16]
        damaged.write_bytes(original[:offset] + noise + original[offset + 16 :])
        shutil.copyfile(manifest_path(good), manifest_path(damaged))
        with pytest.raises(ValidationError):
            sv.backups.restore(damaged, tmp_path / "safety")
        assert live_state(sv) == before, f"damage at {offset} changed the live data"
    assert not (tmp_path / "safety").exists()
    live_dir = sv.db.sqlite_path.parent  # type: ignore[union-attr]
    assert not [p for p in live_dir.iterdir() if p.name.startswith(".komoro-restore-")]
    result = sv.backups.restore(good, tmp_path / "safety")  # the intact one still restores
    assert result.verdict.comments == 200 and result.verdict.has_manifest
    assert sv.queries.count(CommentFilter()) == 200
    assert sv.backups.check().ok


def test_search_index_damage_is_found_without_a_manifest(
    sqlite_services: Services, tmp_path: Path
) -> None:
    sv = sqlite_services
    sv.demo.generate(20, seed=4)
    out = sv.backups.backup(tmp_path / "old.sqlite3")
    manifest_path(out).unlink()  # as from a version that wrote none
    with sqlite3.connect(out) as conn:  # the index forgets one comment; the table keeps it
        seq, text = conn.execute("SELECT seq, search_text FROM comment LIMIT 1").fetchone()
        conn.execute(
            "INSERT INTO comment_fts(comment_fts, rowid, search_text) VALUES ('delete', ?, ?)",
            (seq, text),
        )
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()
    with pytest.raises(ValidationError, match="検索索引"):
        sv.backups.restore(out, tmp_path / "safety")


def test_an_old_backup_without_manifest_restores_with_a_note(
    sqlite_services: Services, tmp_path: Path
) -> None:
    sv = sqlite_services
    kept = record(sv, "古い形式のバックアップ")
    out = sv.backups.backup(tmp_path / "old.sqlite3")
    manifest_path(out).unlink()
    record(sv, "後から書いた意見")
    result = sv.backups.restore(out, tmp_path / "safety")
    assert not result.verdict.has_manifest and "manifest" in result.verdict.note
    assert [c.id for c in sv.queries.page(CommentQuery()).items] == [kept.id]


def test_a_manifest_that_does_not_match_the_counts_is_refused(
    sqlite_services: Services, tmp_path: Path
) -> None:
    sv = sqlite_services
    record(sv, "件数の確認")
    out = sv.backups.backup(tmp_path / "b.sqlite3")
    path = manifest_path(out)
    data = json.loads(path.read_text(encoding="utf-8"))
    data["tables"]["comment"] = 2
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(ValidationError, match="comment"):
        sv.backups.restore(out, tmp_path / "safety")
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(ValidationError, match="manifest"):
        sv.backups.restore(out, tmp_path / "safety")


FULL_DISK = """
import resource, signal, sys
from pathlib import Path
from komoro_feedback.domain.errors import StorageError
from komoro_feedback.services.backup_service import BackupService
from komoro_feedback.store.database import Database

db = Database("sqlite:///" + sys.argv[1])
from komoro_feedback.services.actor import Actor
service = BackupService(db, Actor("テスト職員"))
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails with EFBIG
limit = int(sys.argv[3])
resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
try:
    service.backup(Path(sys.argv[2]))
except StorageError as exc:
    print(exc)
    sys.exit(3)
"""


@pytest.mark.skipif(not hasattr(resource, "RLIMIT_FSIZE"), reason="needs RLIMIT_FSIZE")
@pytest.mark.parametrize("limit", [4096, 64 * 1024, 200 * 1024])
def test_a_backup_onto_a_full_disk_leaves_nothing_behind(
    sqlite_services: Services, tmp_path: Path, limit: int
) -> None:
    sqlite_services.demo.generate(300, seed=5)
    live = sqlite_services.db.sqlite_path
    assert live is not None
    assert sqlite_services.backups.backup(tmp_path / "full.sqlite3").stat().st_size > limit
    folder = tmp_path / "usb"
    folder.mkdir()
    out = folder / "komoro.sqlite3"
    proc = subprocess.run(
        [sys.executable, "-c", FULL_DISK, str(live), str(out), str(limit)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        cwd=ROOT,
    )
    assert proc.returncode == 3, proc.stderr
    assert "バックアップを書き込めませんでした" in proc.stdout
    assert leftovers(folder) == []  # no .partial, no .partial-journal, no manifest


def mount_tmpfs(where: Path, kib: int) -> bool:
    where.mkdir(exist_ok=True)
    cmd = ["mount", "-t", "tmpfs", "-o", f"size={kib}k", "tmpfs", str(where)]
    return subprocess.run(cmd, capture_output=True, check=False).returncode == 0


def can_mount() -> bool:
    return sys.platform.startswith("linux") and os.geteuid() == 0 and bool(shutil.which("mount"))


@pytest.mark.skipif(not can_mount(), reason="mounts a small tmpfs: Linux, as root")
def test_a_backup_onto_a_really_full_filesystem_leaves_nothing_behind(
    sqlite_services: Services, tmp_path: Path
) -> None:
    """ENOSPC as on a full USB stick: a tmpfs a little smaller or larger than the backup, so
    the disk fills while pages are copied, while the journal is dropped, or not at all."""
    sqlite_services.demo.generate(300, seed=5)
    size = sqlite_services.backups.backup(tmp_path / "probe.sqlite3").stat().st_size // 1024
    outcomes = set()
    for kib in range(size - 48, size + 96, 8):
        usb = tmp_path / f"usb{kib}"
        if not mount_tmpfs(usb, kib):
            pytest.skip("this machine does not allow mounting a tmpfs")
        try:
            try:
                out = sqlite_services.backups.backup(usb / "b.sqlite3")
                assert leftovers(usb) == ["b.sqlite3", "b.sqlite3.manifest.json"]
                verdict = sqlite_services.backups.validate_backup(out)  # raises if damaged
                assert verdict.comments == 300 and verdict.has_manifest
                outcomes.add("written")
            except StorageError as exc:
                assert leftovers(usb) == [], (kib, str(exc))  # no .partial-journal either
                outcomes.add(str(exc).split(": ", 1)[-1])
        finally:
            subprocess.run(["umount", str(usb)], check=False)
    # the sweep crossed the sizes where the copy fails and where it succeeds
    assert "written" in outcomes and len(outcomes) >= 2, outcomes


def test_a_failed_backup_keeps_an_earlier_one(sqlite_services: Services, tmp_path: Path) -> None:
    sv = sqlite_services
    record(sv, "前のバックアップ")
    out = sv.backups.backup(tmp_path / "b.sqlite3")
    earlier = out.read_bytes()
    (tmp_path / "b.sqlite3.partial").mkdir()  # the temporary name cannot be written
    with pytest.raises(StorageError):
        sv.backups.backup(out)
    assert out.read_bytes() == earlier and manifest_path(out).exists()


def test_leftovers_of_an_interrupted_backup_are_cleared(
    sqlite_services: Services, tmp_path: Path
) -> None:
    folder = tmp_path / "usb"
    folder.mkdir()
    for name in (
        "b.sqlite3.partial",
        "b.sqlite3.partial-journal",
        "b.sqlite3.partial.manifest.json",
    ):
        (folder / name).write_bytes(b"half written when the power went")
    sqlite_services.backups.backup(folder / "b.sqlite3")
    assert leftovers(folder) == ["b.sqlite3", "b.sqlite3.manifest.json"]
