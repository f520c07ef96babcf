"""The log records actions and errors for IT, never a speaker's name, contact or words."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NAME = "小諸花子"
CONTACT = "090-1234-5678"
TEXT = "用水路の柵が壊れていて子どもが落ちそうで危ない"

SCRIPT = f"""
import logging
from sqlalchemy import text
from komoro_feedback.domain.comment import CommentDraft, SpeakerContact
from komoro_feedback.domain.enums import Channel
from komoro_feedback.logs import configure_logging, log
from komoro_feedback.services.actor import Actor
from komoro_feedback.services.container import Services
from komoro_feedback.store.database import Database

configure_logging("test")
# A developer turning on SQL echo would print every bound parameter: the filter refuses them.
logging.getLogger("sqlalchemy.engine").setLevel(logging.INFO)
services = Services.build(Database("sqlite:///" + {{db!r}}), Actor("記録係"))
services.setup.initialise()
comment = services.comments.record(
    CommentDraft(text={TEXT!r}, channel=Channel.PHONE, speaker=SpeakerContact(name={NAME!r}, contact={CONTACT!r}))
)
log.info("comment recorded id=%s", comment.id)
log.info("speaker given", extra={{"speaker_name": {NAME!r}}})
try:
    with services.db.engine.connect() as conn:
        conn.execute(text("INSERT INTO no_such_table VALUES (:a, :b)"), {{"a": {NAME!r}, "b": {TEXT!r}}})
except Exception:
    log.exception("insert failed")
services.close()
"""


def test_log_has_actions_and_errors_but_no_name_contact_or_text(tmp_path: Path) -> None:
    env = {**os.environ, "KOMORO_DATA_DIR": str(tmp_path / "data")}
    script = SCRIPT.replace("{db!r}", repr(str(tmp_path / "k.sqlite3")))
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    log = (tmp_path / "data" / "logs" / "komoro-feedback.log").read_text(encoding="utf-8")
    assert "comment recorded id=" in log
    assert "insert failed" in log and "no_such_table" in log  # the error, for IT
    assert "[parameters hidden]" in log
    for secret in (NAME, CONTACT, TEXT, TEXT[:8]):
        assert secret not in log


def test_an_uncaught_exception_is_logged_with_one_line_to_the_user(tmp_path: Path) -> None:
    env = {**os.environ, "KOMORO_DATA_DIR": str(tmp_path / "data")}
    code = (
        "from komoro_feedback.logs import configure_logging, install_crash_handlers\n"
        "configure_logging('test'); install_crash_handlers()\n"
        "raise RuntimeError('boom in a handler')\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert "RuntimeError" in done.stderr and "logs" in done.stderr
    log = (tmp_path / "data" / "logs" / "komoro-feedback.log").read_text(encoding="utf-8")
    assert "uncaught exception" in log and "boom in a handler" in log
    assert (tmp_path / "data" / "logs" / "crash-native.log").exists()
