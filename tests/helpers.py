"""Small builders shared by tests (not fixtures: plain functions over real services)."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date, datetime

from komoro_feedback.domain.access_log import AccessPurpose, AccessReason
from komoro_feedback.domain.comment import Comment, CommentDraft, MeetingDraft, SpeakerContact
from komoro_feedback.domain.enums import Channel, CommentKind, MeetingKind
from komoro_feedback.services.container import Services
from komoro_feedback.services.package_crypto import KeyFileKeys

TEST_USER = "テスト職員"
#: The city's package key in tests (a fixed key file's content; never a real one).
TEST_PACKAGE_KEYS = KeyFileKeys(bytes(range(32)))


def meeting(sv: Services, title: str = "乙女区タウンミーティング", day: date | None = None) -> int:
    held = datetime.combine(day or date(2026, 11, 20), datetime.min.time()).replace(hour=19)
    return sv.meetings.create(MeetingDraft(MeetingKind.TOWN_MEETING, title, held, "乙女公民館")).id


def record(
    sv: Services,
    text: str,
    *,
    ward: str | None = "乙女",
    policies: tuple[str, ...] = ("1-04",),
    kind: CommentKind = CommentKind.REQUEST,
    meeting_id: int | None = None,
    received: date | None = None,
    speaker: SpeakerContact | None = None,
) -> Comment:
    ward_id = sv.catalog.ward_by_name(ward).id if ward else None
    policy_ids = tuple(sv.catalog.policy_by_code(c).id for c in policies)
    return sv.comments.record(
        CommentDraft(
            text=text,
            kind=kind,
            ward_id=ward_id,
            policy_ids=policy_ids,
            meeting_id=meeting_id,
            channel=Channel.MEETING if meeting_id else Channel.LETTER,
            received_on=received,
            speaker=speaker,
        )
    )


def run_qt_script(script: str, timeout: int = 120) -> subprocess.CompletedProcess[str]:
    """Run a Python script in a fresh offscreen Qt process (for what could crash or hang)."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        env=env,
        timeout=timeout,
        check=False,
    )


#: The reason tests give when they read or export personal data (it is logged like any other).
PURPOSE = AccessPurpose(AccessReason.ANSWER_CONTACT)


def audit_user(sv: Services, claimed: str | None = None) -> str:
    """Who the audit log names: on PostgreSQL the server's login (a trigger stamps it,
    whatever the program claims); on a file the name the program signed in with."""
    if sv.db.is_postgresql:
        from sqlalchemy import text

        with sv.db.read() as s:
            return str(s.execute(text("SELECT session_user")).scalar_one())
    return claimed if claimed is not None else sv.actor.name


def assert_tally_exact(sv: Services) -> None:
    """The maintained counts tally equals a recount of the comments, cell by cell."""
    from sqlalchemy import text

    from komoro_feedback.store import tally_sql

    with sv.db.read() as s:
        dialect = s.get_bind().dialect.name
        fresh = {
            tuple(r[:-1]): int(r[-1]) for r in s.execute(text(tally_sql.grouped_cells(dialect)))
        }
        stored = {
            tuple(r[:-1]): int(r[-1])
            for r in s.execute(
                text(f"SELECT {tally_sql.KEY}, n FROM {tally_sql.TABLE} WHERE n <> 0")
            )
        }
    assert stored == {k: n for k, n in fresh.items() if n}


def assert_policy_copies_exact(sv: Services) -> None:
    """Every comment_policy row carries its comment's seq, date, ward, status and deletion."""
    from sqlalchemy import text

    cols = ("seq", "received_on", "ward_id", "status", "deleted_at")
    op = "IS NOT" if sv.db.is_sqlite else "IS DISTINCT FROM"
    differs = " OR ".join(f"cp.{c} {op} c.{c}" for c in cols)
    with sv.db.read() as s:
        wrong = s.scalar(
            text(
                "SELECT count(*) FROM comment_policy cp JOIN comment c ON c.id = cp.comment_id "
                f"WHERE {differs}"
            )
        )
    assert wrong == 0


def schema_objects(sv: Services) -> set[tuple[str, str]]:
    """(table, name) of every index, constraint and trigger (with whether it is enabled)."""
    from sqlalchemy import text

    with sv.db.read() as s:
        if sv.db.is_sqlite:
            sql = "SELECT tbl_name, name FROM sqlite_master WHERE type IN ('index', 'trigger')"
        else:
            sql = (
                "SELECT tablename::text, indexname::text FROM pg_indexes WHERE schemaname = current_schema() "
                "UNION ALL SELECT conrelid::regclass::text, conname::text FROM pg_constraint "
                "UNION ALL SELECT tgrelid::regclass::text, tgname::text || tgenabled::text FROM pg_trigger "
                "WHERE NOT tgisinternal"
            )
        return {(t, n) for t, n in s.execute(text(sql))}
