"""`komoro-feedback package ...`: a laptop's SQLite file exported, imported into every backend."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.cli.cli_helpers import run, run_json


@pytest.fixture(autouse=True)
def city_key(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> Path:
    """The administrator makes the city's key file; every machine here is told to use it."""
    path = tmp_path / "city.key"
    code, out, _err = run(capsys, "package", "key", "--new", str(path))
    assert code == 0 and "鍵ファイルを作成しました" in out
    monkeypatch.setenv("KOMORO_PACKAGE_KEY_FILE", str(path))
    return path


@pytest.fixture
def laptop(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    """A laptop database made with `init` (its own installation id)."""
    path = str(tmp_path / "laptop.sqlite3")
    assert run(capsys, "init", "--db", path)[0] == 0
    return path


def _target(db_url: str, tmp_path: Path) -> list[str]:
    if db_url.startswith("sqlite:///"):
        # The template copy shares nothing with the laptop but its seed data.
        path = tmp_path / "cityhall.sqlite3"
        shutil.copy(db_url.removeprefix("sqlite:///"), path)
        return ["--db", str(path)]
    return ["--database-url", db_url]


def test_export_import_twice_conflicts_resolve(
    capsys: pytest.CaptureFixture[str], laptop: str, db_url: str, tmp_path: Path
) -> None:
    target = _target(db_url, tmp_path)
    m = run_json(
        capsys,
        "meeting-add",
        "--db",
        laptop,
        "--title",
        "御影区タウンミーティング",
        "--at",
        "2026-11-20T19:00",
    )
    assert isinstance(m, dict)
    c = run_json(
        capsys,
        "add",
        "--db",
        laptop,
        "--text",
        "ゴミ出しの日を増やして",
        "--ward",
        "御影",
        "--policy",
        "1-04",
        "--kind",
        "要望",
        "--meeting",
        str(m["id"]),
    )
    assert isinstance(c, dict)
    pkg = tmp_path / "mikage.komoro"
    out = run_json(
        capsys, "package", "export", "--db", laptop, "--meeting", str(m["id"]), "--out", str(pkg)
    )
    assert isinstance(out, dict) and out["comments"] == 1 and pkg.exists()

    dry = run_json(capsys, "package", "import", *target, str(pkg), "--dry-run")
    assert isinstance(dry, dict) and dry["added"] == 1 and dry["imported"] is False
    assert run_json(capsys, "list", *target) == {"total": 0, "comments": []}

    first = run_json(capsys, "package", "import", *target, str(pkg))
    second = run_json(capsys, "package", "import", *target, str(pkg))
    assert isinstance(first, dict) and first["added"] == 1 and first["imported"] is True
    assert isinstance(second, dict) and second["already_imported"] is True
    listed = run_json(capsys, "list", *target)
    assert isinstance(listed, dict) and listed["total"] == 1

    # Edited on both sides: the import keeps the local text and lists a conflict.
    code, _out, err = run(capsys, "package", "conflicts", *target)
    assert code == 0 and not err
    _edit_text(target, c["id"], "ゴミ出しの日を週三回に")
    _edit_text(["--db", laptop], c["id"], "ゴミ出しの日と場所を増やして")
    pkg2 = tmp_path / "mikage2.komoro"
    run_json(
        capsys, "package", "export", "--db", laptop, "--meeting", str(m["id"]), "--out", str(pkg2)
    )
    result = run_json(capsys, "package", "import", *target, str(pkg2))
    assert isinstance(result, dict) and result["conflicts"] == 1
    conflicts = run_json(capsys, "package", "conflicts", *target)
    assert isinstance(conflicts, list) and len(conflicts) == 1
    assert conflicts[0]["text"] == "ゴミ出しの日と場所を増やして"
    code, out_text, _ = run(
        capsys, "package", "resolve", *target, str(conflicts[0]["id"]), "--keep", "incoming"
    )
    assert code == 0 and "incoming" in out_text
    shown = run_json(capsys, "search", *target, "場所を増やして")
    assert isinstance(shown, dict) and shown["total"] == 1
    assert run_json(capsys, "package", "conflicts", *target) == []


def _edit_text(target: list[str], comment_id: str, text: str) -> None:
    """Edit through the services (the CLI has no edit command)."""
    from komoro_feedback.config import resolve_database_url
    from komoro_feedback.domain.comment import CommentEdit
    from komoro_feedback.services.actor import Actor
    from komoro_feedback.services.container import Services
    from komoro_feedback.store.database import Database

    url = resolve_database_url(
        target[1] if target[0] == "--db" else None, target[1] if target[0] != "--db" else None
    )
    sv = Services.build(Database(url), Actor("市役所職員"))
    try:
        c = sv.comments.get(comment_id)
        sv.comments.edit(CommentEdit(c.id, c.version, text=text))
    finally:
        sv.close()


def test_broken_file_is_one_line_error(
    capsys: pytest.CaptureFixture[str], laptop: str, tmp_path: Path
) -> None:
    bad = tmp_path / "bad.komoro"
    bad.write_bytes(b"KOMORO-PKG\n\x00\x00 truncated")
    code, out, err = run(capsys, "package", "import", "--db", laptop, str(bad))
    assert code == 2 and not out
    assert "壊れているか、途中で切れています" in err and len(err.strip().splitlines()) == 1
    bad.write_bytes(b"PK\x03\x04 an old zip package")
    code, out, err = run(capsys, "package", "import", "--db", laptop, str(bad))
    assert code == 2 and "古い形式" in err and len(err.strip().splitlines()) == 1
    code, _out, err = run(capsys, "package", "export", "--db", laptop, "--out", str(bad))
    assert code == 2 and "--meeting" in err


def _one_meeting_package(
    capsys: pytest.CaptureFixture[str], laptop: str, out: Path, *key: str
) -> None:
    m = run_json(
        capsys, "meeting-add", "--db", laptop, "--title", "乙女区の会", "--at", "2026-11-20T19:00"
    )
    assert isinstance(m, dict)
    run_json(
        capsys,
        "add",
        "--db",
        laptop,
        "--text",
        "街灯を",
        "--ward",
        "乙女",
        "--meeting",
        str(m["id"]),
    )
    args = ["package", "export", "--db", laptop, "--meeting", str(m["id"]), "--out", str(out)]
    run_json(capsys, *args, *key)


def test_passphrase_from_a_file_or_the_environment_and_a_wrong_one(
    capsys: pytest.CaptureFixture[str],
    laptop: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    sqlite_url: str,
) -> None:
    monkeypatch.delenv("KOMORO_PACKAGE_KEY_FILE")
    secret = tmp_path / "pass.txt"
    secret.write_text("浅間山の見える町\n", encoding="utf-8")
    pkg = tmp_path / "p.komoro"
    _one_meeting_package(capsys, laptop, pkg, "--package-passphrase-file", str(secret))
    target = _target(sqlite_url, tmp_path)

    code, out, err = run(capsys, "package", "import", *target, str(pkg))
    assert code == 2 and "鍵が設定されていません" in err  # no key, no tty to ask on

    monkeypatch.setenv("KOMORO_PACKAGE_PASSPHRASE", "浅間山の見えない町")
    code, out, err = run(capsys, "package", "import", *target, str(pkg))
    assert code == 2 and not out and len(err.strip().splitlines()) == 1
    assert "別の鍵またはパスフレーズ" in err and "hmac" not in err.lower()
    assert run_json(capsys, "list", *target) == {"total": 0, "comments": []}

    monkeypatch.setenv("KOMORO_PACKAGE_PASSPHRASE", "浅間山の見える町")
    done = run_json(capsys, "package", "import", *target, str(pkg))
    assert isinstance(done, dict) and done["added"] == 1


def test_key_file_is_never_overwritten_and_can_be_set_up(
    capsys: pytest.CaptureFixture[str],
    city_key: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("KOMORO_DATA_DIR", str(tmp_path / "home"))  # this test's own settings
    code, _out, err = run(capsys, "package", "key", "--new", str(city_key))
    assert code == 2 and "上書きしません" in err
    assert city_key.stat().st_mode & 0o077 == 0  # readable by its owner only
    code, out, _err = run(capsys, "package", "key", "--use", str(city_key))
    assert code == 0 and "設定しました" in out
    from komoro_feedback.config import UserSettings

    assert UserSettings.load().package_key_file == str(city_key.resolve())
    junk = tmp_path / "junk.key"
    junk.write_text("not a key", encoding="utf-8")
    code, _out, err = run(capsys, "package", "key", "--use", str(junk))
    assert code == 2 and "鍵ファイルではありません" in err
