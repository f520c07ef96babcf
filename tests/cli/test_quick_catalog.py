"""`catalog` and `wards` answer from a ready SQLite file without SQLAlchemy (the quick path),
print exactly what the ORM path prints, and leave every other case to the ORM path."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import text

from komoro_feedback.cli import build_parser
from komoro_feedback.cli.common import CommandError, run_command
from komoro_feedback.services.actor import Actor
from komoro_feedback.services.container import Services
from komoro_feedback.store.database import Database
from tests.cli.cli_helpers import run

ROOT = Path(__file__).resolve().parents[2]
COMMANDS = [
    ("catalog",),
    ("catalog", "--json"),
    ("wards",),
    ("wards", "--json"),
    ("wards", "--include-merged", "--json"),
]


@pytest.fixture
def dbfile(tmp_path: Path, capfd: pytest.CaptureFixture[str]) -> str:
    """A set-up file with a merged ward (so --include-merged differs)."""
    path = str(tmp_path / "c.sqlite3")
    assert run(capfd, "init", "--db", path)[0] == 0
    sv = Services.build(Database(f"sqlite:///{path}"), Actor("管理者"))
    first, second = sv.catalog.districts()[0].wards[:2]
    sv.catalog.merge_wards([first.id], second.id)
    sv.close()
    return path


def orm_path(capfd: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """The same command with its quick handler taken away: services over the ORM."""
    parsed = build_parser().parse_args(list(args))
    parsed.quick = None
    try:
        code = run_command(parsed)
    except CommandError as exc:  # what main() prints for it
        print(f"komoro-feedback: {exc}", file=sys.stderr)
        code = 2
    out, err = capfd.readouterr()
    return code, out, err


def fresh_process(*args: str) -> tuple[list[str], str]:
    """Run the command in a new interpreter; returns the modules it loaded and its output."""
    script = (
        "import json, sys\n"
        "from komoro_feedback.cli import main\n"
        "code = main(sys.argv[1:])\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in"
        " ('sqlalchemy', 'alembic'))), file=sys.stderr)\n"
        "sys.exit(code)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, *args],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=True,
    )
    return json.loads(done.stderr.strip().splitlines()[-1]), done.stdout


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_quick_path_prints_what_the_orm_path_prints(
    capfd: pytest.CaptureFixture[str], dbfile: str, command: tuple[str, ...]
) -> None:
    quick = run(capfd, *command, "--db", dbfile)
    assert quick == orm_path(capfd, *command, "--db", dbfile)
    assert quick[0] == 0 and quick[1]


def test_a_ready_file_is_read_without_sqlalchemy(dbfile: str) -> None:
    loaded, out = fresh_process("catalog", "--json", "--db", dbfile)
    assert loaded == []
    assert json.loads(out)["code"] == "komoro-mirai-2024"
    loaded, out = fresh_process("wards", "--db", dbfile)
    assert loaded == [] and "乙女" in out


def test_an_encrypted_file_is_read_quickly_with_its_passphrase(
    capfd: pytest.CaptureFixture[str], dbfile: str, tmp_path: Path
) -> None:
    key = tmp_path / "key.txt"
    key.write_text("小諸の合言葉\n", encoding="utf-8")
    wrong = tmp_path / "wrong.txt"
    wrong.write_text("上田の合言葉\n", encoding="utf-8")
    plain = orm_path(capfd, "catalog", "--json", "--db", dbfile)
    encrypt = ("encrypt", "--db", dbfile, "--new-passphrase-file", str(key))
    assert run(capfd, *encrypt, "--backup-dir", str(tmp_path / "b"))[0] == 0

    loaded, out = fresh_process("catalog", "--json", "--db", dbfile, "--passphrase-file", str(key))
    assert loaded == [] and out == plain[1]
    code, out, err = run(capfd, "catalog", "--db", dbfile, "--passphrase-file", str(wrong))
    assert code == 2 and not out and "パスフレーズが違います" in err and "hmac" not in err.lower()
    code, out, err = run(capfd, "catalog", "--db", dbfile)
    assert code == 2 and not out and "暗号化されています" in err


def test_who_may_sign_in_is_checked_as_before(
    capfd: pytest.CaptureFixture[str], dbfile: str
) -> None:
    assert run(capfd, "staff-add", "--db", dbfile, "管理 一郎", "--role", "管理者")[0] == 0
    for args in [(), ("--user", "市長"), ("--user", "管理 一郎")]:
        quick = run(capfd, "catalog", "--db", dbfile, *args)
        assert quick == orm_path(capfd, "catalog", "--db", dbfile, *args)
    assert run(capfd, "catalog", "--db", dbfile)[2].startswith(
        "komoro-feedback: 職員名簿から名前を選んでください"
    )
    assert (
        "「市長」は職員名簿にいません" in run(capfd, "wards", "--db", dbfile, "--user", "市長")[2]
    )
    assert run(capfd, "wards", "--db", dbfile, "--user", "管理 一郎")[0] == 0


def test_the_encryption_rule_still_refuses_a_plain_file(
    capfd: pytest.CaptureFixture[str], dbfile: str
) -> None:
    assert run(capfd, "encryption", "--db", dbfile, "--require", "on")[0] == 0
    code, out, err = run(capfd, "catalog", "--db", dbfile)
    assert code == 2 and not out and "暗号化されていないデータベースでは起動できません" in err


def _execute(dbfile: str, sql: str) -> None:
    db = Database(f"sqlite:///{dbfile}")
    with db.engine.begin() as conn:
        conn.execute(text(sql))
    db.dispose()


def test_a_file_needing_set_up_takes_the_orm_path(
    capfd: pytest.CaptureFixture[str], dbfile: str
) -> None:
    expected = run(capfd, "catalog", "--json", "--db", dbfile)
    _execute(dbfile, "DELETE FROM app_setting WHERE key = 'installation_id'")
    assert run(capfd, "catalog", "--json", "--db", dbfile) == expected
    sv = Services.build(Database(f"sqlite:///{dbfile}"), Actor("管理者"))
    with sv.db.read() as s:
        again = s.execute(text("SELECT value FROM app_setting WHERE key = 'installation_id'"))
        assert again.scalar()  # set up again, as the ORM path always did
    sv.close()


def test_a_file_from_a_newer_app_is_refused_as_before(
    capfd: pytest.CaptureFixture[str], dbfile: str
) -> None:
    _execute(dbfile, "UPDATE alembic_version SET version_num = '9999'")
    code, out, err = run(capfd, "wards", "--db", dbfile)
    assert code == 2 and not out and "新しいバージョンのアプリで作成されています" in err


def test_a_missing_file_is_reported_as_before(
    capfd: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, out, err = run(capfd, "catalog", "--db", str(tmp_path / "none.sqlite3"))
    assert code == 2 and not out and "データベースファイルがありません" in err
    assert not (tmp_path / "none.sqlite3").exists()


def test_catalog_json_on_postgresql_equals_the_sqlite_file(
    capfd: pytest.CaptureFixture[str], pg_url: str, dbfile: str
) -> None:
    """PostgreSQL keeps the ORM path; both print the same programme."""
    from_pg = run(capfd, "catalog", "--json", "--database-url", pg_url)
    assert from_pg == run(capfd, "catalog", "--json", "--db", dbfile)
