"""Themes worked out in a second process (large selections, e.g. a report's) are the themes
worked out here; a process that dies or a cancelled wait costs nothing but time."""

from __future__ import annotations

import logging

import pytest

from komoro_feedback.domain.comment import SpeakerContact
from komoro_feedback.domain.query import CommentFilter
from komoro_feedback.services.container import Services
from komoro_feedback.services.themes import worker
from tests.helpers import record
from tests.services.test_themes import fill

SECRETS = ("浅間太郎", "0267-22-1234")


class Cancelled(Exception):
    pass


@pytest.fixture
def sv(sqlite_services: Services, monkeypatch: pytest.MonkeyPatch) -> Services:
    """Three concerns and a comment naming its speaker; a process for 10 comments or more."""
    fill(sqlite_services, "獣害", "図書館の開館時間", "除雪")
    record(
        sqlite_services,
        "浅間太郎です。図書館の開館時間を夜まで延ばしてほしい。0267-22-1234 まで。",
        ward="乙女",
        policies=("2-01",),
        speaker=SpeakerContact(SECRETS[0], "090-1111-2222"),
    )
    monkeypatch.setattr(worker, "PARALLEL_MIN", 10)
    return sqlite_services


def test_the_second_process_finds_the_themes_found_here(
    sv: Services, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger=worker.__name__)
    expected = sv.themes.themes(CommentFilter(), limit=8)
    with sv.themes.later(CommentFilter(), limit=8) as pending:
        assert pending.in_second_process
        got = pending.result()
    assert got == expected and len(got.themes) >= 3
    assert "worked out in a second process" in caplog.text
    shown = " ".join(r.text for t in got.themes for r in t.representatives)
    assert "図書館" in shown and not any(s in shown for s in SECRETS)


def test_a_process_that_dies_leaves_the_themes_to_this_one(
    sv: Services, caplog: pytest.LogCaptureFixture
) -> None:
    expected = sv.themes.themes(CommentFilter())
    with sv.themes.later(CommentFilter()) as pending:
        assert pending._job is not None
        pending._job.process.kill()
        assert pending.result() == expected
    assert "without a result" in caplog.text or "was lost" in caplog.text


def test_a_cancelled_wait_ends_the_process(sv: Services) -> None:
    def cancel() -> None:
        raise Cancelled

    pending = sv.themes.later(CommentFilter())
    assert pending._job is not None
    process = pending._job.process
    with pytest.raises(Cancelled), pending:
        pending.result(cancel)
    assert not process.is_alive()


def test_small_selections_stay_in_this_process(
    sv: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(worker, "PARALLEL_MIN", 2000)
    with sv.themes.later(CommentFilter()) as pending:
        assert not pending.in_second_process
        assert pending.result() == sv.themes.themes(CommentFilter())
