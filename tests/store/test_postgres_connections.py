"""PostgreSQL only (needs KOMORO_TEST_PG_URL): the pool's connections after the server dropped
them. A connection that rested in the pool is pinged and replaced before use, so a restart
overnight goes unnoticed; one used moments ago is not pinged (a round trip before every
statement cost as much as a search count), and if the server dropped it in between, that one
read is refused with a message and the next one works."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import psycopg
import pytest
from sqlalchemy.engine import make_url

from komoro_feedback.domain.errors import StorageError
from komoro_feedback.domain.query import CommentFilter
from komoro_feedback.services.actor import Actor
from komoro_feedback.services.container import Services
from komoro_feedback.store import database
from komoro_feedback.store.database import Database


@pytest.fixture
def pg_services(pg_url: str) -> Iterator[Services]:
    sv = Services.build(Database(pg_url), Actor("テスト職員"))
    sv.demo.generate(30, seed=3, end=date(2026, 11, 1))
    yield sv
    sv.close()


def _server_drops_every_connection(url: str) -> int:
    u = make_url(url)
    with psycopg.connect(
        host=u.host, port=u.port, user=u.username, dbname=u.database, autocommit=True
    ) as admin:
        row = admin.execute(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        ).fetchone()
        assert row is not None
        return int(row[0])


def test_a_rested_connection_the_server_dropped_is_replaced_unnoticed(
    pg_services: Services, pg_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    sv = pg_services
    search = CommentFilter(text="の")
    found = sv.queries.count(search)
    everything = sv.queries.count(CommentFilter())
    assert everything == 30 and found > 0
    assert _server_drops_every_connection(pg_url) >= 1
    monkeypatch.setattr(database, "PING_IDLE_SECONDS", 0.0)  # as after a night's rest
    assert sv.queries.count(search) == found  # the driver's path
    assert sv.queries.count(CommentFilter()) == everything  # a Session's


def test_a_busy_connection_is_not_pinged_and_a_drop_costs_one_refused_read(
    pg_services: Services, pg_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    sv = pg_services
    search = CommentFilter(text="の")
    found = sv.queries.count(search)
    monkeypatch.setattr(database, "PING_IDLE_SECONDS", 3600.0)
    assert _server_drops_every_connection(pg_url) >= 1
    with pytest.raises(StorageError):
        sv.queries.count(search)
    assert sv.queries.count(search) == found  # the broken connection was not pooled again
