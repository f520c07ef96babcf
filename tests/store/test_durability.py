"""A process killed in the middle of a write leaves the database consistent (SQLite).

SQLite only: PostgreSQL's crash safety is the server's, and killing a client there just
rolls back its transaction; the SQLite file is ours to keep sound.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from komoro_feedback.domain.query import CommentFilter
from komoro_feedback.services.container import Services
from tests.helpers import record

WRITER = """
import sys
from komoro_feedback.domain.comment import CommentDraft
from komoro_feedback.domain.enums import Channel
from komoro_feedback.services.actor import Actor
from komoro_feedback.services.container import Services
from komoro_feedback.store.database import Database
from komoro_feedback.store.models import CommentRow
sv = Services.build(Database(sys.argv[1]), Actor("killed"))
# One long transaction: the bulk writer holds the write lock while inserting many rows.
from komoro_feedback.store.bulk_writer import bulk_comments
with bulk_comments(sv.db) as w:
    print("started", flush=True)
    seq = w.next_seq()
    import datetime, uuid
    now = datetime.datetime.now()
    i = 0
    while True:
        w.write("comment", [dict(id=str(uuid.uuid4()), seq=seq + i, channel="letter",
            received_on=now.date(), kind="request", text="途中の意見", search_text="途中の意見",
            needs_answer=True, status="received", answer="", spot_answer="", age_band="",
            gender="", origin="", created_at=now, created_by="k", updated_at=now,
            updated_by="k", deleted_by="", version=1)])
        i += 1
"""


def test_kill_during_a_write_keeps_committed_rows_and_a_sound_file(
    sqlite_services: Services, sqlite_url: str, tmp_path: Path
) -> None:
    kept = record(sqlite_services, "確定した意見")
    proc = subprocess.Popen(
        [sys.executable, "-c", WRITER, sqlite_url],
        stdout=subprocess.PIPE,
        text=True,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == "started"
    time.sleep(0.5)  # let it write a good number of uncommitted rows
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=10)
    sqlite_services.db.dispose()
    result = sqlite_services.backups.check()
    assert result.ok, result.problems
    assert sqlite_services.queries.count(CommentFilter()) == 1
    assert [c.id for c in sqlite_services.queries.search("確定").items] == [kept.id]
    assert sqlite_services.queries.count(CommentFilter(text="途中")) == 0
    # and the file takes new writes, with its search index intact
    record(sqlite_services, "再開後の意見")
    assert sqlite_services.queries.count(CommentFilter(text="再開後")) == 1
