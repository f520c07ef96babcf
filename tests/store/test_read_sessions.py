"""A read session stores nothing (on PostgreSQL it runs without a transaction to roll back)."""

from __future__ import annotations

import contextlib

from komoro_feedback.services.container import Services
from komoro_feedback.store.models import CommentRow
from tests.helpers import record


def test_what_a_read_session_changes_is_never_stored(services: Services) -> None:
    c = record(services, "元の文")
    with contextlib.suppress(RuntimeError), services.db.read() as s:
        row = s.get(CommentRow, c.id)
        assert row is not None
        row.text = "書き換えた文"
        s.flush()  # SQLite: rolled back when the session closes; PostgreSQL: refused
    assert services.queries.get_many([c.id])[0].text == "元の文"
    with services.db.read() as s:  # reading goes on as before
        assert s.get(CommentRow, c.id) is not None
