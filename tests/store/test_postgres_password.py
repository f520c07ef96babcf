"""PostgreSQL passwords: never in settings; from the keyring, libpq's .pgpass/PGPASSWORD or a prompt.

PostgreSQL only, and on a server of its own: the shared test server trusts every login, so
this module starts a small cluster that demands a password (scram-sha-256). It is skipped
when PostgreSQL's binaries are not installed.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text

from komoro_feedback import config
from komoro_feedback.config import (
    KEYRING_SERVICE,
    UserSettings,
    keyring_account,
    password_provider,
    pgpass_has_entry,
)
from komoro_feedback.domain.errors import StorageError
from komoro_feedback.store.database import Database

PASSWORD = "小諸-secret:42"


class MemoryKeyring:
    """Stands in for the OS credential store (Windows Credential Manager, Keychain)."""

    def __init__(self) -> None:
        self.items: dict[tuple[str, str], str] = {}

    def get_password(self, service_name: str, username: str) -> str | None:
        return self.items.get((service_name, username))

    def set_password(self, service_name: str, username: str, password: str) -> None:
        self.items[(service_name, username)] = password


def _bin(name: str) -> str | None:
    found = shutil.which(name)
    if found:
        return found
    for cand in sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}")):
        return str(cand)
    return None


@pytest.fixture(scope="module")
def secured_url() -> Iterator[str]:
    """A throwaway server that requires a password; the URL has none."""
    initdb, pg_ctl = _bin("initdb"), _bin("pg_ctl")
    if not initdb or not pg_ctl:
        pytest.skip("PostgreSQL binaries are not installed")
    d = Path(tempfile.mkdtemp(prefix="komoro-pgpw-"))
    pwfile = d / "pw"
    pwfile.write_text(PASSWORD + "\n", encoding="utf-8")
    as_owner: list[str] = []
    if os.geteuid() == 0:  # initdb refuses to run as root
        as_owner = ["runuser", "-u", "nobody", "--"]
        shutil.chown(d, "nobody")
        shutil.chown(pwfile, "nobody")
    d.chmod(0o700)
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    subprocess.run(
        [
            *as_owner,
            initdb,
            "-D",
            str(d / "data"),
            "-U",
            "postgres",
            "--auth=scram-sha-256",
            f"--pwfile={pwfile}",
            "-E",
            "UTF8",
            "--locale=C.UTF-8",
            "--no-sync",
        ],
        check=True,
        capture_output=True,
    )
    subprocess.run(
        [
            *as_owner,
            pg_ctl,
            "-D",
            str(d / "data"),
            "-w",
            "-l",
            str(d / "log"),
            "-o",
            f"-p {port} -c listen_addresses=127.0.0.1 -k {d} -c fsync=off",
            "start",
        ],
        check=True,
        capture_output=True,
    )
    try:
        yield f"postgresql+psycopg://postgres@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run(
            [*as_owner, pg_ctl, "-D", str(d / "data"), "-m", "fast", "stop"],
            check=False,
            capture_output=True,
        )
        shutil.rmtree(d, ignore_errors=True)


@pytest.fixture(autouse=True)
def _no_libpq_defaults(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("PGPASSWORD", raising=False)
    monkeypatch.setenv("PGPASSFILE", str(tmp_path / "no-such-pgpass"))


def _connects(db: Database) -> bool:
    try:
        with db.read() as s:
            return s.execute(text("SELECT 1")).scalar() == 1
    finally:
        db.dispose()


def test_without_a_password_the_user_is_told_to_log_in(secured_url: str) -> None:
    with pytest.raises(StorageError, match="ログインできませんでした"):
        _connects(Database(secured_url))


def test_password_from_the_keyring(secured_url: str) -> None:
    store = MemoryKeyring()
    store.set_password(KEYRING_SERVICE, keyring_account(secured_url), PASSWORD)
    asked: list[str] = []
    db = Database(
        secured_url,
        password_provider=password_provider(
            secured_url, prompt=lambda where: asked.append(where) or None, store=store
        ),
    )
    assert _connects(db) and asked == []


def test_prompt_once_then_remembered_in_the_keyring(secured_url: str) -> None:
    store = MemoryKeyring()
    asked: list[str] = []

    def prompt(where: str) -> str:
        asked.append(where)
        return PASSWORD

    assert _connects(
        Database(
            secured_url,
            password_provider=password_provider(secured_url, prompt=prompt, store=store),
        )
    )
    assert len(asked) == 1 and "postgres@127.0.0.1" in asked[0] and PASSWORD not in asked[0]
    assert store.get_password(KEYRING_SERVICE, keyring_account(secured_url)) == PASSWORD
    # The next start of the app finds it in the keyring and asks nobody.
    assert _connects(
        Database(
            secured_url,
            password_provider=password_provider(secured_url, prompt=prompt, store=store),
        )
    )
    assert len(asked) == 1


def test_cancelled_prompt_reports_the_login_problem(secured_url: str) -> None:
    db = Database(
        secured_url,
        password_provider=password_provider(
            secured_url, prompt=lambda _where: None, store=MemoryKeyring()
        ),
    )
    with pytest.raises(StorageError, match="ログインできませんでした"):
        _connects(db)


def test_libpq_pgpass_file_is_used_without_asking(
    secured_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    port = secured_url.split(":")[-1].split("/")[0]
    pgpass = tmp_path / "pgpass"
    escaped = PASSWORD.replace("\\", "\\\\").replace(":", "\\:")
    pgpass.write_text(f"127.0.0.1:{port}:*:postgres:{escaped}\n", encoding="utf-8")
    pgpass.chmod(0o600)  # libpq ignores a password file others can read
    monkeypatch.setenv("PGPASSFILE", str(pgpass))
    assert pgpass_has_entry(secured_url)
    asked: list[str] = []
    db = Database(
        secured_url,
        password_provider=password_provider(
            secured_url, prompt=lambda w: asked.append(w) or None, store=MemoryKeyring()
        ),
    )
    assert _connects(db) and asked == []


def test_pgpassword_environment_is_used_without_asking(
    secured_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PGPASSWORD", PASSWORD)
    asked: list[str] = []
    db = Database(
        secured_url,
        password_provider=password_provider(
            secured_url, prompt=lambda w: asked.append(w) or None, store=MemoryKeyring()
        ),
    )
    assert _connects(db) and asked == []


def test_settings_file_never_holds_the_password(monkeypatch: pytest.MonkeyPatch) -> None:
    """Runs without a server: saving settings moves a typed password into the keyring."""
    store = MemoryKeyring()
    monkeypatch.setattr(config, "os_keyring", lambda: store)
    url = "postgresql+psycopg://komoro:s3cret@db.city.komoro.local:5432/komoro"
    UserSettings(database_url=url).save()
    saved = UserSettings.path().read_text(encoding="utf-8")
    assert "s3cret" not in saved
    assert json.loads(saved)["database_url"] == (
        "postgresql+psycopg://komoro@db.city.komoro.local:5432/komoro"
    )
    assert (
        store.get_password(KEYRING_SERVICE, "komoro@db.city.komoro.local:5432/komoro") == "s3cret"
    )
    # Without any keyring the password is dropped all the same.
    monkeypatch.setattr(config, "os_keyring", lambda: None)
    UserSettings(database_url=url).save()
    assert "s3cret" not in UserSettings.path().read_text(encoding="utf-8")


def test_password_in_the_url_with_percent_escapes_migrates(secured_url: str) -> None:
    """KOMORO_DATABASE_URL / --database-url may carry the password (never the settings);
    non-ASCII characters in it are percent-encoded, which Alembic's config must survive."""
    from sqlalchemy.engine import make_url

    from komoro_feedback.services.actor import Actor
    from komoro_feedback.services.container import Services

    url = make_url(secured_url).set(password=PASSWORD).render_as_string(hide_password=False)
    assert "%" in url
    sv = Services.build(Database(url), Actor("テスト職員"))
    try:
        sv.setup.initialise()
        assert len(sv.catalog.wards()) == 68
    finally:
        sv.close()


def test_the_idle_lock_checks_the_password_with_the_server(secured_url: str) -> None:
    """Unlocking after the idle lock on PostgreSQL: the server says whether it is the password."""
    from komoro_feedback.services.actor import Actor
    from komoro_feedback.services.container import Services

    sv = Services.build(
        Database(secured_url, password_provider=lambda: PASSWORD), Actor("postgres")
    )
    try:
        sv.setup.initialise()
        sv.identity.sign_in()
        assert sv.actor.login == "postgres"
        assert sv.identity.verify_password(PASSWORD)
        assert not sv.identity.verify_password("wrong")
        assert not sv.identity.verify_password("")
    finally:
        sv.close()
