"""The UI's change watcher: a page learns that another instance saved, on every backend."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

from komoro_feedback.services.actor import Actor
from komoro_feedback.services.container import Services
from komoro_feedback.store.database import Database
from tests.helpers import record

from komoro_feedback.ui.widgets.change_watcher import ChangeWatcher


@pytest.fixture
def other(db_url: str, services: Services) -> Iterator[Services]:
    sv = Services.build(Database(db_url), Actor("別の職員"))
    yield sv
    sv.close()


def test_watcher_signals_a_save_made_elsewhere_once(
    qtbot: QtBot, services: Services, other: Services
) -> None:
    watcher = ChangeWatcher(services, interval_ms=20)
    seen: list[int] = []
    watcher.changed.connect(lambda: seen.append(1))
    watcher.start()
    assert not watcher.poll()  # nothing happened yet
    with qtbot.waitSignal(watcher.changed, timeout=5000):
        record(other, "別の端末で記録した意見")
    assert not watcher.poll()  # one save, one signal
    assert seen == [1]
    before = services.changes.change_token()
    record(services, "この端末で記録した意見")
    # PostgreSQL delivers the notification of our own save a moment after the commit.
    qtbot.waitUntil(lambda: services.changes.change_token() != before, timeout=5000)
    watcher.acknowledge()  # the page refreshed itself after its own save
    assert not watcher.poll()
    watcher.stop()
