"""Where this installation keeps its data and settings, and which database it opens."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from platformdirs import user_config_dir, user_data_dir, user_log_dir

if TYPE_CHECKING:
    from sqlalchemy.engine import URL

# SQLAlchemy's URL parser is imported where a URL is parsed: a command that reads an SQLite
# file with the stdlib driver (catalog, wards) never loads SQLAlchemy.

APP_NAME = "KomoroFeedback"
ENV_DATABASE_URL = "KOMORO_DATABASE_URL"
ENV_DATA_DIR = "KOMORO_DATA_DIR"  # tests and portable installs point this at a folder
DB_FILENAME = "komoro-feedback.sqlite3"
#: The package key for automation: a key file's path, or the passphrase itself.
ENV_PACKAGE_KEY_FILE = "KOMORO_PACKAGE_KEY_FILE"
ENV_PACKAGE_PASSPHRASE = "KOMORO_PACKAGE_PASSPHRASE"
#: The SQLCipher passphrase of an encrypted laptop database, for automation.
ENV_DB_PASSPHRASE = "KOMORO_DB_PASSPHRASE"


def data_dir() -> Path:
    override = os.environ.get(ENV_DATA_DIR)
    return Path(override) if override else Path(user_data_dir(APP_NAME, appauthor=False))


def config_dir() -> Path:
    override = os.environ.get(ENV_DATA_DIR)
    return Path(override) if override else Path(user_config_dir(APP_NAME, appauthor=False))


def default_db_path() -> Path:
    return data_dir() / DB_FILENAME


def backups_dir() -> Path:
    return data_dir() / "backups"


def log_dir() -> Path:
    """Where the application's log (and crash traces) are written."""
    override = os.environ.get(ENV_DATA_DIR)
    return Path(override) / "logs" if override else Path(user_log_dir(APP_NAME, appauthor=False))


def settings_file() -> Path:
    return config_dir() / "settings.json"


@dataclass
class UserSettings:
    """Per-user preferences, saved as JSON in the config folder (never a password)."""

    language: str = "ja"
    recorder: str = ""  # the staff name last signed in on this computer (the default next time)
    database_url: str = ""  # empty: the embedded SQLite file in the data folder
    large_text: bool = False
    date_style: str = "western"  # or "era" (和暦)
    #: Minutes without input before the window hides its contents (0: never).
    idle_lock_minutes: int = 10
    #: The package key file the administrator handed out (empty: ask for the passphrase).
    package_key_file: str = ""

    @classmethod
    def path(cls) -> Path:
        return config_dir() / "settings.json"

    @classmethod
    def saved_language(cls) -> str | None:
        """The language saved by the app (or None on a first start: take the OS's)."""
        try:
            raw = json.loads(cls.path().read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        value = raw.get("language") if isinstance(raw, dict) else None
        return value if isinstance(value, str) and value else None

    @classmethod
    def load(cls) -> UserSettings:
        try:
            raw = json.loads(cls.path().read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return cls()
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in raw.items() if k in known})

    def save(self) -> None:
        path = self.path()
        path.parent.mkdir(parents=True, exist_ok=True)
        data = asdict(self)
        # A password typed into a URL goes to the OS keyring, never into this file.
        data["database_url"] = remember_url_password(self.database_url)
        self.database_url = data["database_url"]
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
        os.replace(tmp, path)


def resolve_database_url(
    db_path: str | None = None, url: str | None = None, settings: UserSettings | None = None
) -> str:
    """--db, then --database-url, then $KOMORO_DATABASE_URL, then settings, then the default."""
    if db_path:
        return f"sqlite:///{Path(db_path).expanduser().resolve()}"
    if url:
        return url
    env = os.environ.get(ENV_DATABASE_URL)
    if env:
        return env
    if settings and settings.database_url:
        return settings.database_url
    return f"sqlite:///{default_db_path()}"


def sqlite_file(url: str) -> Path | None:
    """The file of a plain `sqlite:///path` URL, read without SQLAlchemy (None for PostgreSQL,
    memory, query options or escapes, which only SQLAlchemy's own URL parser reads right)."""
    if not url.startswith("sqlite:///"):
        return None
    rest = url.removeprefix("sqlite:///")
    if not rest or rest == ":memory:" or any(c in rest for c in "?%#"):
        return None
    return Path(rest)


# --- PostgreSQL passwords ---------------------------------------------------------------------
KEYRING_SERVICE = APP_NAME

#: The GUI's (or CLI's) way to ask the user: gets a description of the server (no password),
#: returns the password, or None when the user cancels.
PasswordPrompt = Callable[[str], "str | None"]


class PasswordStore(Protocol):
    """What we use of the `keyring` module (an OS credential store)."""

    def get_password(self, service_name: str, username: str) -> str | None: ...

    def set_password(self, service_name: str, username: str, password: str) -> None: ...


def os_keyring() -> PasswordStore | None:
    """The OS keyring (Windows Credential Manager, macOS Keychain, Secret Service) if usable."""
    try:
        import keyring  # optional dependency: `pip install keyring`
        from keyring.backends import fail
    except ImportError:
        return None
    try:
        if isinstance(keyring.get_keyring(), fail.Keyring):
            return None
    except Exception:  # a broken backend must not stop the app; it just cannot remember
        return None
    store: Any = keyring
    return store  # type: ignore[no-any-return]


def keyring_account(url: str | URL) -> str:
    """The keyring user name for a server: user@host:port/database (never the password)."""
    from sqlalchemy.engine import make_url

    u = make_url(url) if isinstance(url, str) else url
    return f"{u.username or ''}@{u.host or 'localhost'}:{u.port or 5432}/{u.database or ''}"


def strip_password(url: str) -> str:
    if not url or not url.startswith("postgresql"):
        return url
    from sqlalchemy.engine import URL, make_url

    u = make_url(url)
    if not u.password:
        return url
    bare = URL.create(u.drivername, u.username, None, u.host, u.port, u.database, u.query)
    return bare.render_as_string(hide_password=False)


def remember_url_password(url: str, store: PasswordStore | None = None) -> str:
    """Move a password out of a URL into the keyring; return the URL without it.

    Without a usable keyring the password is dropped all the same (the user is asked again,
    or libpq reads ~/.pgpass / PGPASSWORD): the settings file never holds it.
    """
    if not url or not url.startswith("postgresql"):
        return url
    from sqlalchemy.engine import make_url

    u = make_url(url)
    if not u.password:
        return url
    store = store if store is not None else os_keyring()
    if store is not None:
        store.set_password(KEYRING_SERVICE, keyring_account(u), str(u.password))
    return strip_password(url)


def db_passphrase_account(path: Path) -> str:
    """The keyring user name of an encrypted database file's passphrase."""
    return f"sqlcipher:{path.expanduser().resolve()}"


def stored_db_passphrase(path: Path, store: PasswordStore | None = None) -> str | None:
    """The passphrase of an encrypted file kept in the OS keyring (never in a file of ours)."""
    kr = store if store is not None else os_keyring()
    return kr.get_password(KEYRING_SERVICE, db_passphrase_account(path)) if kr else None


def remember_db_passphrase(path: Path, passphrase: str, store: PasswordStore | None = None) -> bool:
    """Keep the passphrase in the OS keyring; False when there is no usable keyring."""
    kr = store if store is not None else os_keyring()
    if kr is None:
        return False
    kr.set_password(KEYRING_SERVICE, db_passphrase_account(path), passphrase)
    return True


def pgpass_file() -> Path:
    override = os.environ.get("PGPASSFILE")
    if override:
        return Path(override)
    if os.name == "nt":
        return Path(os.environ.get("APPDATA", "")) / "postgresql" / "pgpass.conf"
    return Path.home() / ".pgpass"


def pgpass_has_entry(url: str | URL) -> bool:
    """Does libpq's password file have a line for this server (host:port:db:user, * matches)?"""
    from sqlalchemy.engine import make_url

    u = make_url(url) if isinstance(url, str) else url
    wanted = [u.host or "localhost", str(u.port or 5432), u.database or "", u.username or ""]
    try:
        lines = pgpass_file().read_text(encoding="utf-8").splitlines()
    except OSError:
        return False
    for line in lines:
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        parts = _pgpass_fields(line)
        if len(parts) >= 5 and all(p in ("*", w) for p, w in zip(parts[:4], wanted, strict=True)):
            return True
    return False


def _pgpass_fields(line: str) -> list[str]:
    """Split one .pgpass line on ':' honouring the backslash escapes of libpq."""
    fields_: list[str] = []
    current: list[str] = []
    chars = iter(line)
    for ch in chars:
        if ch == "\\":
            current.append(next(chars, ""))
        elif ch == ":":
            fields_.append("".join(current))
            current = []
        else:
            current.append(ch)
    fields_.append("".join(current))
    return fields_


def password_provider(
    url: str,
    prompt: PasswordPrompt | None = None,
    store: PasswordStore | None = None,
    *,
    remember: bool = True,
) -> Callable[[], str | None]:
    """The password for a PostgreSQL URL without one, looked up when a connection opens.

    Order: the OS keyring; then libpq's own PGPASSWORD / .pgpass (we return None and libpq
    reads them); then the prompt callback (a GUI dialog or getpass). A prompted password is
    kept in memory for this session and, with `remember`, saved to the keyring.
    """
    from sqlalchemy.engine import make_url

    u = make_url(url)
    account = keyring_account(u)
    cache: list[str] = []

    def provide() -> str | None:
        if cache:
            return cache[0]
        kr = store if store is not None else os_keyring()
        if kr is not None:
            found = kr.get_password(KEYRING_SERVICE, account)
            if found:
                cache.append(found)
                return found
        if os.environ.get("PGPASSWORD") or pgpass_has_entry(u):
            return None
        if prompt is None:
            return None
        typed = prompt(u.render_as_string(hide_password=True))
        if not typed:
            return None
        cache.append(typed)
        if remember and kr is not None:
            kr.set_password(KEYRING_SERVICE, account, typed)
        return typed

    return provide
