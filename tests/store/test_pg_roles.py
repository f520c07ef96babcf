"""Least privilege in PostgreSQL itself: connect AS each group's login with psycopg, bypassing
the app, and check that what the roles matrix forbids fails with a permission error while what
it allows works; audit rows carry the server's session_user whatever the client sends.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from sqlalchemy.engine import make_url

from komoro_feedback.domain.comment import SpeakerContact
from komoro_feedback.domain.roles import Action, Role, allows
from komoro_feedback.services.actor import Actor
from komoro_feedback.services.container import Services
from komoro_feedback.services.identity_service import SignInError
from komoro_feedback.store.database import Database
from komoro_feedback.store.pg_roles import login_sql, roles_sql
from tests.helpers import PURPOSE, meeting, record
from tests.services.test_roles_enforced import CASES

pytestmark = pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")


def _conninfo(url: str, user: str | None = None) -> str:
    u = make_url(url)
    return f"host={u.host} port={u.port} dbname={u.database} user={user or u.username}" + (
        f" password={u.password}" if u.password else ""
    )


@pytest.fixture
def pg(pg_url: str) -> Iterator[dict[str, object]]:
    """The roles applied on a seeded database, one login per group, a comment with a speaker."""
    sv = Services.build(Database(pg_url), Actor("owner"))
    mid = meeting(sv)
    c = record(sv, "街灯が暗い", meeting_id=mid, speaker=SpeakerContact("小諸太郎", "0267-1"))
    sv.close()
    suffix = uuid.uuid4().hex[:8]
    logins = {role: f"t_{role.value}_{suffix}" for role in Role}
    with psycopg.connect(_conninfo(pg_url), autocommit=True) as conn:
        conn.execute(roles_sql())
        for role, login in logins.items():
            conn.execute(login_sql(login, role))
    yield {"url": pg_url, "logins": logins, "comment": c, "meeting": mid}
    with psycopg.connect(_conninfo(pg_url), autocommit=True) as conn:
        for login in logins.values():
            conn.execute(f'DROP ROLE IF EXISTS "{login}"')


def _try(pg: dict[str, object], role: Role, sql: str) -> bool:
    """True when the statement ran as that role's login; False on a permission error."""
    logins = pg["logins"]
    assert isinstance(logins, dict)
    with psycopg.connect(_conninfo(str(pg["url"]), logins[role])) as conn:
        try:
            conn.execute(sql)
        except psycopg.errors.InsufficientPrivilege:
            return False
        conn.rollback()  # allowed, but leave the data as it was for the next check
        return True


@pytest.mark.parametrize("role", list(Role))
def test_speaker_names_readable_only_by_roles_allowed(pg: dict[str, object], role: Role) -> None:
    may = allows(role, Action.REVEAL_PERSONAL) or allows(role, Action.EXPORT_PERSONAL)
    assert _try(pg, role, "SELECT name, contact FROM speaker_contact") is may
    # Whether a comment has a speaker is not personal data: every role may count them.
    assert _try(pg, role, "SELECT count(comment_id) FROM speaker_contact")


@pytest.mark.parametrize("role", list(Role))
def test_audit_log_is_append_only_for_everyone(pg: dict[str, object], role: Role) -> None:
    assert not _try(pg, role, "UPDATE audit_log SET changed_by = 'x'")
    assert not _try(pg, role, "DELETE FROM audit_log")
    assert not _try(pg, role, "TRUNCATE audit_log")
    assert not _try(pg, role, "DELETE FROM personal_data_access")
    assert _try(
        pg,
        role,
        "INSERT INTO audit_log (entity, entity_id, action, field, before, after, changed_at, "
        "changed_by) VALUES ('comment', 'x', 'note', '', '', '', now(), 'x')",
    )


def test_even_the_owner_cannot_rewrite_the_audit_log(pg: dict[str, object]) -> None:
    with psycopg.connect(_conninfo(str(pg["url"])), autocommit=True) as conn:
        for sql in ("UPDATE audit_log SET changed_by = 'x'", "DELETE FROM audit_log"):
            with pytest.raises(psycopg.errors.InsufficientPrivilege, match="append-only"):
                conn.execute(sql)


@pytest.mark.parametrize("role", list(Role))
def test_audit_person_is_the_server_login_not_what_the_client_sends(
    pg: dict[str, object], role: Role
) -> None:
    logins = pg["logins"]
    assert isinstance(logins, dict)
    with psycopg.connect(_conninfo(str(pg["url"]), logins[role])) as conn:
        row = conn.execute(
            "INSERT INTO audit_log (entity, entity_id, action, field, before, after, "
            "changed_at, changed_by) VALUES ('comment', 'x', 'note', '', '', '', "
            "'2020-01-01', '市長') RETURNING changed_by"
        ).fetchone()
    assert row == (logins[role],)


@pytest.mark.parametrize("role", list(Role))
def test_comment_columns_follow_the_matrix(pg: dict[str, object], role: Role) -> None:
    c = pg["comment"]
    where = f"WHERE id = '{c.id}'"  # type: ignore[attr-defined]
    text_ok = allows(role, Action.EDIT_TEXT) or allows(role, Action.RECORD)
    assert _try(pg, role, f"UPDATE comment SET text = text || '。' {where}") is text_ok
    assert _try(pg, role, f"UPDATE comment SET status = 'done' {where}") is (
        allows(role, Action.ROUTE) or allows(role, Action.PACKAGES)
    )
    assert _try(pg, role, f"UPDATE comment SET answer = '回答' {where}") is (
        allows(role, Action.ROUTE) or allows(role, Action.PACKAGES)
    )
    assert _try(pg, role, "SELECT count(*) FROM comment")


@pytest.mark.parametrize("role", list(Role))
def test_catalog_and_retention_are_the_administrators(pg: dict[str, object], role: Role) -> None:
    admin = role is Role.ADMINISTRATOR
    assert (
        _try(pg, role, "INSERT INTO department (name, position, active) VALUES ('新課', 0, true)")
        is admin
    )
    assert _try(pg, role, "UPDATE staff SET role = 'administrator'") is admin
    assert _try(pg, role, "DELETE FROM speaker_contact") is (
        allows(role, Action.RECORD) or allows(role, Action.RETENTION)
    )
    assert _try(pg, role, "SELECT * FROM personal_data_access") is admin
    assert _try(pg, role, "UPDATE app_setting SET value = value") is admin


@pytest.mark.parametrize("role", list(Role))
def test_the_app_works_as_each_login_for_what_the_role_allows(
    pg: dict[str, object], role: Role, tmp_path: Path
) -> None:
    """The grants are enough: each allowed action succeeds through the real services."""
    logins = pg["logins"]
    assert isinstance(logins, dict)
    url = make_url(str(pg["url"])).set(username=logins[role]).render_as_string(False)
    sv = Services.build(Database(url), Actor("client says 市長"))
    try:
        sv.setup.initialise()  # what every start does: at head, it must need no DDL
        assert sv.privacy.purge_expired().purged == 0  # start-up housekeeping never fails
        sv.identity.sign_in()
        assert (sv.actor.name, sv.actor.role) == (logins[role], role)
        c = sv.comments.get(pg["comment"].id)  # type: ignore[attr-defined]
        ctx = {"meeting": pg["meeting"], "comment": c}
        for action in Action:
            if allows(role, action) and action is not Action.BACKUP:  # backups: pg_dump by IT
                CASES[action](sv, ctx, tmp_path)
                ctx["comment"] = sv.comments.get(c.id)
        history = sv.comments.history(c.id)
        assert {a.changed_by for a in history.audit} <= {"postgres", logins[role]}
        if allows(role, Action.REVEAL_PERSONAL):
            assert sv.comments.speaker(c.id, PURPOSE) == SpeakerContact("小諸太郎", "0267-1")
    finally:
        sv.close()


def test_the_staff_list_names_a_login_and_a_login_without_a_group_is_refused(
    pg: dict[str, object],
) -> None:
    logins = pg["logins"]
    assert isinstance(logins, dict)
    owner = Services.build(Database(str(pg["url"])), Actor("owner"))
    owner.catalog.add_staff("田中 花子", role=Role.RECORDER, login_name=logins[Role.LIAISON])
    owner.close()
    url = make_url(str(pg["url"])).set(username=logins[Role.LIAISON]).render_as_string(False)
    sv = Services.build(Database(url), Actor())
    try:
        sv.identity.sign_in()
        # The name from the list; the role from the server's group (what the grants enforce).
        assert (sv.actor.name, sv.actor.role) == ("田中 花子", Role.LIAISON)
        assert sv.access.who() == "田中 花子（地区担当）"
    finally:
        sv.close()
    stranger = f"t_none_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(_conninfo(str(pg["url"])), autocommit=True) as conn:
        conn.execute(f'CREATE ROLE "{stranger}" LOGIN')
        conn.execute(
            f'GRANT CONNECT ON DATABASE "{make_url(str(pg["url"])).database}" TO "{stranger}"'
        )
        conn.execute(f'GRANT USAGE ON SCHEMA public TO "{stranger}"')
    url = make_url(str(pg["url"])).set(username=stranger).render_as_string(False)
    sv = Services.build(Database(url), Actor())
    try:
        with pytest.raises(SignInError, match="Komoroの役割がありません"):
            sv.identity.sign_in()
    finally:
        sv.close()
        with psycopg.connect(_conninfo(str(pg["url"])), autocommit=True) as conn:
            conn.execute(f'REVOKE ALL ON SCHEMA public FROM "{stranger}"')
            conn.execute(
                f'REVOKE ALL ON DATABASE "{make_url(str(pg["url"])).database}" FROM "{stranger}"'
            )
            conn.execute(f'DROP ROLE "{stranger}"')


def test_db_roles_apply_from_the_command_line(
    pg_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    from tests.cli.cli_helpers import run

    code, out, err = run(capsys, "db", "roles", "--apply", "--database-url", pg_url)
    assert code == 0, err
    assert "適用しました" in out
    with psycopg.connect(_conninfo(pg_url)) as conn:
        groups = {
            r[0] for r in conn.execute("SELECT rolname FROM pg_roles WHERE rolname LIKE 'komoro_%'")
        }
        readable = conn.execute(
            "SELECT has_column_privilege('komoro_recorder', 'speaker_contact', 'name', 'SELECT'),"
            " has_column_privilege('komoro_liaison', 'speaker_contact', 'name', 'SELECT')"
        ).fetchone()
    assert {r.pg_group for r in Role} <= groups
    assert readable == (False, True)
