"""CLI identity: --user must be a person on the staff list; what they may do is their role's;
the OS account is recorded beside the name; the personal-data access log is listed and printed.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from sqlalchemy import select

from komoro_feedback.domain.comment import SpeakerContact
from komoro_feedback.services.actor import Actor
from komoro_feedback.services.container import Services
from komoro_feedback.store.database import Database
from komoro_feedback.store.models import AuditLogRow
from komoro_feedback.store.os_account import os_account
from tests.cli.cli_helpers import run, run_json
from tests.helpers import PURPOSE, record

MEETING = ("--title", "乙女区の会", "--at", "2026-11-20T19:00")


@pytest.fixture
def dbfile(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    path = str(tmp_path / "c.sqlite3")
    assert run(capsys, "init", "--db", path)[0] == 0
    assert run(capsys, "staff-add", "--db", path, "管理 一郎", "--role", "管理者")[0] == 0
    add = ("staff-add", "--db", path, "--user", "管理 一郎", "記録 花子", "--role", "recorder")
    assert run(capsys, *add)[0] == 0
    return path


def test_an_arbitrary_name_cannot_be_written_into_the_audit_trail(
    capsys: pytest.CaptureFixture[str], dbfile: str
) -> None:
    code, _out, err = run(capsys, "meeting-add", "--db", dbfile, "--user", "市長", *MEETING)
    assert code == 2 and "「市長」は職員名簿にいません" in err and len(err.splitlines()) == 1
    # Once an administrator is on the list, nobody acts without saying who they are.
    code, _out, err = run(capsys, "meeting-add", "--db", dbfile, *MEETING)
    assert code == 2 and "職員名簿から名前を選んでください" in err


def test_the_person_and_the_os_account_are_recorded(
    capsys: pytest.CaptureFixture[str], dbfile: str
) -> None:
    assert run(capsys, "meeting-add", "--db", dbfile, "--user", "記録 花子", *MEETING)[0] == 0
    db = Database(f"sqlite:///{dbfile}")
    with db.read() as s:
        rows = s.scalars(select(AuditLogRow).where(AuditLogRow.entity == "meeting")).all()
    db.dispose()
    assert rows and {(r.changed_by, r.os_user) for r in rows} == {("記録 花子", os_account())}


def test_a_recorder_is_refused_what_the_matrix_forbids(
    capsys: pytest.CaptureFixture[str], dbfile: str, tmp_path: Path
) -> None:
    for args in (
        ("retention", "--months", "12"),
        ("backup", "--out", str(tmp_path / "b.sqlite3")),
        ("staff-add", "新人"),
        ("access-log",),
    ):
        code, _out, err = run(capsys, args[0], "--db", dbfile, "--user", "記録 花子", *args[1:])
        assert code == 2 and "記録係の権限では" in err, args
    assert not (tmp_path / "b.sqlite3").exists()


def test_the_access_log_lists_and_prints_each_reveal(
    capsys: pytest.CaptureFixture[str], dbfile: str, tmp_path: Path
) -> None:
    sv = Services.build(Database(f"sqlite:///{dbfile}"), Actor("管理 一郎"))
    c = record(sv, "連絡がほしい", speaker=SpeakerContact("小諸太郎", "0267-00-0000"))
    sv.comments.speaker(c.id, PURPOSE)
    sv.close()
    entries = run_json(capsys, "access-log", "--db", dbfile, "--user", "管理 一郎")
    assert isinstance(entries, list) and len(entries) == 1
    assert entries[0]["by"] == "管理 一郎" and entries[0]["comments"] == [c.id]
    assert entries[0]["reason"] == "answer_contact" and entries[0]["kind"] == "reveal"
    none = run_json(
        capsys, "access-log", "--db", dbfile, "--user", "管理 一郎", "--to", "2020-01-01"
    )
    assert none == []
    pdf = tmp_path / "log.pdf"
    code, _out, err = run(
        capsys, "access-log", "--db", dbfile, "--user", "管理 一郎", "--pdf", str(pdf)
    )
    assert code == 0, err
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    assert "個人情報の閲覧記録" in text and "回答のための連絡" in text and "管理 一郎" in text
    assert "小諸太郎" not in text  # the log says who looked, never what they saw


def test_db_roles_prints_the_grants_of_the_matrix(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _err = run(capsys, "db", "roles", "--print-sql")
    assert code == 0
    assert "CREATE ROLE komoro_recorder NOLOGIN" in out
    assert "GRANT SELECT ON speaker_contact TO komoro_liaison;" in out
    assert "GRANT SELECT ON speaker_contact TO komoro_recorder;" not in out
    assert not any(
        "audit_log" in line and ("UPDATE" in line or "DELETE" in line) for line in out.splitlines()
    )


def test_staff_lists_roles(capsys: pytest.CaptureFixture[str], dbfile: str) -> None:
    code, out, _err = run(capsys, "staff", "--db", dbfile, "--user", "記録 花子", "--json")
    assert code == 0
    assert {(p["name"], p["role"]) for p in json.loads(out)} == {
        ("管理 一郎", "administrator"),
        ("記録 花子", "recorder"),
    }
