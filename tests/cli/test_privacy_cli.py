"""CLI: the retention period for personal data, and removing expired names and contacts."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from komoro_feedback.domain.comment import SpeakerContact
from komoro_feedback.services.actor import Actor
from komoro_feedback.services.container import Services
from komoro_feedback.store.database import Database
from tests.cli.cli_helpers import run, run_json
from tests.helpers import record


@pytest.fixture
def dbfile(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    path = str(tmp_path / "c.sqlite3")
    assert run(capsys, "init", "--db", path)[0] == 0
    sv = Services.build(Database(f"sqlite:///{path}"), Actor("記録係"))
    for day in (date(2020, 4, 1), date(2021, 4, 1), date.today()):
        record(sv, f"{day} の意見", received=day, speaker=SpeakerContact("市民", "0267"))
    sv.close()
    return path


def test_retention_is_shown_set_and_applied(
    capsys: pytest.CaptureFixture[str], dbfile: str
) -> None:
    shown = run_json(capsys, "retention", "--db", dbfile)
    assert shown == {"months": 0, "cutoff": None, "with_speaker": 3, "expired": 0}
    code, _out, err = run(capsys, "purge-speakers", "--db", dbfile)
    assert code != 0 and "保存期間が設定されていません" in err and len(err.splitlines()) == 1

    set_ = run_json(capsys, "retention", "--db", dbfile, "--months", "24")
    assert isinstance(set_, dict) and set_["months"] == 24 and set_["expired"] == 2
    dry = run_json(capsys, "purge-speakers", "--db", dbfile, "--dry-run")
    assert isinstance(dry, dict) and dry["purged"] == 2 and dry["dry_run"]
    assert run_json(capsys, "retention", "--db", dbfile)["expired"] == 2  # type: ignore[index]

    done = run_json(capsys, "purge-speakers", "--db", dbfile)
    assert isinstance(done, dict) and done["purged"] == 2
    after = run_json(capsys, "retention", "--db", dbfile)
    assert after["with_speaker"] == 1 and after["expired"] == 0  # type: ignore[index]
    listed = run_json(capsys, "list", "--db", dbfile)
    assert len(listed["comments"]) == 3  # type: ignore[index]


def test_an_explicit_date_and_a_bad_period(capsys: pytest.CaptureFixture[str], dbfile: str) -> None:
    done = run_json(capsys, "purge-speakers", "--db", dbfile, "--before", "2021-01-01")
    assert isinstance(done, dict) and done["purged"] == 1 and done["cutoff"] == "2021-01-01"
    code, _out, err = run(capsys, "retention", "--db", dbfile, "--months", "999")
    assert code != 0 and "保存期間" in err


def test_a_purge_held_back_by_a_reader_exits_non_zero(
    capsys: pytest.CaptureFixture[str], dbfile: str
) -> None:
    import sqlite3

    reader = sqlite3.connect(dbfile, isolation_level=None)
    reader.execute("BEGIN")
    reader.execute("SELECT count(*) FROM comment").fetchone()
    code, out, err = run(capsys, "purge-speakers", "--db", dbfile, "--before", "2021-01-01")
    assert code == 1 and "1 件" in out
    assert "もう一度" in err and len(err.splitlines()) == 1
    reader.execute("COMMIT")
    reader.close()
    code, _out, err = run(capsys, "purge-speakers", "--db", dbfile, "--before", "2021-01-01")
    assert code == 0 and err == ""
