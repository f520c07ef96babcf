"""Has anyone (this or another app instance) changed the data? A cheap token for polling.

The UI calls `change_token()` every few seconds and refreshes its lists when the value differs
from the last one it saw. Both ways are exact and cost no table scan:

- SQLite: `PRAGMA data_version` on one connection of our own that never writes. Its value
  changes whenever any *other* connection (another process on the shared folder, or this
  app's own pool) commits. It is per connection, so the service keeps that one connection.
- PostgreSQL: every write transaction does `NOTIFY komoro_change` (store/database.py); the
  service LISTENs on one connection and counts the notifications that have arrived.
"""

from __future__ import annotations

import sqlite3
import threading
from typing import Any

from komoro_feedback.store.database import CHANGE_CHANNEL, Database


class ChangeService:
    """`change_token()`: an opaque value that changes after any committed write."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self._lock = threading.Lock()
        self._sqlite: sqlite3.Connection | None = None
        self._pg: Any = None  # a psycopg connection with LISTEN
        self._counter = 0

    def change_token(self) -> int:
        """Cheap (no table access); call it from a timer. Never raises for a lost server."""
        with self._lock:
            try:
                if self.db.is_sqlite:
                    return self._sqlite_token()
                if self.db.is_postgresql:
                    return self._pg_token()
            except Exception:  # the next poll reconnects; a failing save reports the error
                self._close_unlocked()
                self._counter += 1  # force a refresh once the database is back
            return self._counter

    def _sqlite_token(self) -> int:
        if self._sqlite is None:
            path = self.db.sqlite_path
            if path is None:  # an in-memory database has no other writers
                return self._counter
            # as_uri(): percent-encodes spaces, '#', '?' and Japanese folder names, and gives
            # file:///C:/... on Windows, which SQLite's URI parser expects.
            uri = f"{path.resolve().as_uri()}?mode=ro"
            self._sqlite = self.db.raw_connect(
                uri, uri=True, check_same_thread=False, isolation_level=None
            )
        row = self._sqlite.execute("PRAGMA data_version").fetchone()
        # The counter part changes when the connection was reopened (values restart then).
        return (self._counter << 32) + int(row[0])

    def _pg_token(self) -> int:
        if self._pg is None:
            raw = self.db.engine.raw_connection()
            # Detach the driver connection from the pool: it stays in LISTEN for good.
            conn: Any = raw.driver_connection
            raw.detach()
            conn.rollback()  # the pool's ping may have opened a transaction
            conn.autocommit = True
            conn.execute(f"LISTEN {CHANGE_CHANNEL}")
            self._pg = conn
            self._counter += 1  # the first token after (re)connecting is always new
        for _note in self._pg.notifies(timeout=0, stop_after=None):
            self._counter += 1
        return self._counter

    def close(self) -> None:
        with self._lock:
            self._close_unlocked()

    def _close_unlocked(self) -> None:
        if self._sqlite is not None:
            self._sqlite.close()
            self._sqlite = None
        if self._pg is not None:
            try:
                self._pg.close()
            finally:
                self._pg = None
