"""SQLCipher: the SQLite file of a laptop, encrypted with a passphrase (AES-256, HMAC pages).

The `sqlcipher3` module (wheel `sqlcipher3-wheels`) is SQLite with encryption; an encrypted
file has no "SQLite format 3" header, which is how we tell the two apart before opening. The
passphrase lives only in memory: it is given to each connection by `PRAGMA key` and never put
in a URL, a settings file or a log.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from komoro_feedback.domain.errors import PassphraseError, StorageError
from komoro_feedback.i18n.translation import _

SQLITE_MAGIC = b"SQLite format 3\x00"
#: How long a connection waits for another writer's lock before reporting "locked".
BUSY_TIMEOUT_MS = 5000


def is_encrypted(path: Path | None) -> bool:
    """An existing, non-empty file that is not plain SQLite (SQLCipher's starts with a salt)."""
    if path is None:
        return False
    try:
        with path.open("rb") as fh:
            head = fh.read(16)
    except OSError:
        return False
    return len(head) == 16 and head != SQLITE_MAGIC


def cipher_module() -> Any:
    try:
        import sqlcipher3.dbapi2 as cipher  # type: ignore[import-not-found,unused-ignore]
    except ImportError as exc:  # a build without it: say so instead of "not a database"
        raise StorageError(
            _("暗号化されたデータベースを開くための SQLCipher が入っていません。")
        ) from exc
    return cipher


def apply_key(conn: Any, passphrase: str) -> None:
    """Key a fresh connection; must come before anything reads the file."""
    if "\x00" in passphrase or not passphrase:
        raise PassphraseError(_("パスフレーズが空か、使えない文字を含んでいます。"))
    # SQLCipher otherwise writes "hmac check failed" lines to stderr on a wrong key.
    conn.execute("PRAGMA cipher_log_level = NONE")
    conn.execute("PRAGMA key = '{}'".format(passphrase.replace("'", "''")))


def connect(database: str | Path, passphrase: str | None, **kwargs: Any) -> Any:
    """A DB-API connection: plain sqlite3 without a passphrase, SQLCipher keyed with one."""
    if passphrase is None:
        conn = sqlite3.connect(database, **kwargs)
    else:
        conn = cipher_module().connect(str(database), **kwargs)
        try:
            apply_key(conn, passphrase)
        except BaseException:
            conn.close()
            raise
    with_search_function(conn)
    return conn


def with_search_function(conn: Any) -> Any:
    """Register the function the short-term search index's triggers call: any connection that
    writes comments (a restore, an encrypt or decrypt that copies rows) needs it."""
    from komoro_feedback.store.search_index import SQL_FUNCTION, short_index_text

    try:
        conn.create_function(SQL_FUNCTION, 1, short_index_text, deterministic=True)
    except (TypeError, sqlite3.NotSupportedError):  # a driver without "deterministic"
        conn.create_function(SQL_FUNCTION, 1, short_index_text)
    return conn


def verify_key(conn: Any) -> None:
    """Read the schema once: a wrong passphrase fails here, before any write."""
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except Exception as exc:  # sqlite3 / sqlcipher3 DatabaseError: "file is not a database"
        raise wrong_passphrase() from exc


def wrong_passphrase() -> PassphraseError:
    return PassphraseError(
        _("パスフレーズが違います（またはファイルが壊れています）。何も変更していません。")
    )


def export_copy(src: Any, out: Path, new_passphrase: str | None) -> None:
    """Write every table, index, trigger and FTS index of `src` into a new file `out`,
    encrypted with `new_passphrase` (or plain with None): sqlcipher_export."""
    key = (new_passphrase or "").replace("'", "''")
    path = str(out).replace("'", "''")
    src.execute(f"ATTACH DATABASE '{path}' AS converted KEY '{key}'")
    try:
        src.execute("SELECT sqlcipher_export('converted')")
        version = src.execute("PRAGMA main.user_version").fetchone()[0]
        src.execute(f"PRAGMA converted.user_version = {int(version)}")
    finally:
        src.execute("DETACH DATABASE converted")


def cipher_error() -> type[Exception]:
    """SQLCipher's own DatabaseError class (not a subclass of sqlite3's)."""
    try:
        import sqlcipher3.dbapi2 as cipher  # type: ignore[import-not-found,unused-ignore]
    except ImportError:
        return sqlite3.DatabaseError
    error: type[Exception] = cipher.DatabaseError
    return error
