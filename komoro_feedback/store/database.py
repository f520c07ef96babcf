"""The one place that creates the engine: an SQLite file by default, PostgreSQL when configured."""

from __future__ import annotations

import contextlib
import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import DBAPIError, DisconnectionError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from komoro_feedback.domain.errors import PassphraseError, StorageError
from komoro_feedback.i18n.translation import _
from komoro_feedback.store import sqlcipher
from komoro_feedback.store.search_index import SQL_FUNCTION, short_index_text
from komoro_feedback.store.shared_folder import journal_mode_for
from komoro_feedback.store.sqlcipher import BUSY_TIMEOUT_MS

#: PostgreSQL channel on which every write transaction notifies (see ChangeService).
CHANGE_CHANNEL = "komoro_change"

#: Called when a PostgreSQL connection is opened without a password in its URL; returns the
#: password (keyring, prompt) or None to let libpq use .pgpass / PGPASSWORD / trust.
PasswordProvider = Callable[[], "str | None"]


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path}"


class Database:
    """Engine, session factory and the SQLite set-up (WAL, foreign keys, busy timeout)."""

    def __init__(
        self,
        url: str,
        *,
        echo: bool = False,
        password_provider: PasswordProvider | None = None,
        passphrase: str | None = None,
    ) -> None:
        """`passphrase`: the SQLCipher passphrase of an encrypted SQLite file (or of a new file
        to create encrypted); ignored for a plain existing file and for PostgreSQL."""
        self.url: URL = make_url(url)
        self._passphrase = self._passphrase_for(passphrase)
        kwargs: dict[str, Any] = {"echo": echo}
        if self.is_sqlite:
            kwargs["connect_args"] = {"timeout": BUSY_TIMEOUT_MS / 1000}
            if self._passphrase is not None:
                kwargs["module"] = sqlcipher.cipher_module()
        else:
            # PostgreSQL pings a connection idle for a while instead (_configure_postgresql).
            kwargs["pool_pre_ping"] = not self.is_postgresql
            if self.url.get_backend_name() == "postgresql":
                # Like SQLite's busy_timeout: wait for another user's lock, then report it.
                kwargs["connect_args"] = {"options": f"-c lock_timeout={BUSY_TIMEOUT_MS}"}
        self.engine: Engine = create_engine(self.url, **kwargs)
        if self.is_sqlite:
            if self._passphrase is not None:
                _configure_sqlcipher(self.engine, self._passphrase)
            _configure_sqlite(self.engine, journal_mode_for(self.sqlite_path))
        elif self.is_postgresql:
            _configure_postgresql(self.engine, password_provider)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        if self._passphrase is not None:
            self._verify_passphrase()

    def _passphrase_for(self, given: str | None) -> str | None:
        if not self.is_sqlite:
            return None
        path = self.sqlite_path
        if sqlcipher.is_encrypted(path):
            if not given:
                raise PassphraseError(
                    _("このデータベースは暗号化されています。パスフレーズを入力してください。")
                )
            return given
        if given and (path is None or not path.exists() or path.stat().st_size == 0):
            return given  # a new database, created encrypted
        return None  # a plain file opens as it is (encrypt converts it)

    def _verify_passphrase(self) -> None:
        try:
            with self.engine.connect() as conn:
                conn.exec_driver_sql("SELECT count(*) FROM sqlite_master").scalar()
        except DBAPIError as exc:
            self.engine.dispose()
            raise sqlcipher.wrong_passphrase() from exc

    @property
    def passphrase(self) -> str | None:
        """The SQLCipher passphrase this file was opened with (in memory only)."""
        return self._passphrase

    @property
    def encrypted(self) -> bool:
        """An SQLCipher file, opened with its passphrase."""
        return self._passphrase is not None

    def raw_connect(self, database: str | Path | None = None, **kwargs: Any) -> Any:
        """A DB-API connection outside the pool (backups, change polling) to this file or to
        `database` (a backup), keyed like the engine's own."""
        target = database if database is not None else self.sqlite_path
        assert target is not None
        return sqlcipher.connect(target, self._passphrase, **kwargs)

    @property
    def is_sqlite(self) -> bool:
        return self.url.get_backend_name() == "sqlite"

    @property
    def is_postgresql(self) -> bool:
        return self.url.get_backend_name() == "postgresql"

    @property
    def sqlite_path(self) -> Path | None:
        if not self.is_sqlite or not self.url.database or self.url.database == ":memory:":
            return None
        return Path(self.url.database)

    def describe(self) -> str:
        """Where the data is, without a password."""
        path = self.sqlite_path
        return str(path) if path else self.url.render_as_string(hide_password=True)

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A short read-only session."""
        with translate_errors(), self._sessions() as session:
            if self.is_postgresql:
                # Under READ COMMITTED every statement sees its own snapshot anyway: a
                # transaction around a read only cost BEGIN and ROLLBACK round trips (a list
                # page is one statement). Without it nothing would be rolled back, so an ORM
                # write in a read session is refused instead of committed.
                session.connection(execution_options={"isolation_level": "AUTOCOMMIT"})
                event.listen(session, "before_flush", _refuse_writes)
            yield session

    @contextmanager
    def read_driver(self) -> Iterator[Any]:
        """SQLite: a short read transaction on the driver's own connection, no Session;
        PostgreSQL: the driver's connection in autocommit (a page is one statement).

        For the comment list's pages (store/sqlite_keys.py, store/pg_stored.py): a Session,
        its connection and its transaction cost ~0.1 ms a call on SQLite, a quarter of what
        SQLite takes for a page, and ~0.3 ms on PostgreSQL.
        """
        driver_error = self.engine.dialect.loaded_dbapi.Error
        with translate_errors():
            pooled = self.engine.raw_connection()
            try:
                conn: Any = pooled.driver_connection
                if self.is_postgresql:
                    conn.autocommit = True
                    try:
                        yield conn
                    finally:
                        conn.autocommit = False  # the pool's next user expects transactions
                    return
                conn.execute("BEGIN")  # one snapshot for the page's statements
                try:
                    yield conn
                finally:
                    if conn.in_transaction:
                        conn.execute("ROLLBACK")
            except driver_error as exc:
                if getattr(conn, "broken", False):  # psycopg: not given to the next user
                    pooled.invalidate()
                raise StorageError(storage_message(exc)) from exc
            finally:
                pooled.close()

    @contextmanager
    def write(self) -> Iterator[Session]:
        """One write transaction: committed (and durable) on exit, rolled back on error."""
        with translate_errors(), self._sessions() as session:
            session.connection(execution_options={"komoro_write": True})
            try:
                yield session
                session.commit()
            except BaseException:
                session.rollback()
                raise

    def dispose(self) -> None:
        self.engine.dispose()


def _refuse_writes(session: Session, _context: object, _instances: object) -> None:
    if session.new or session.deleted or any(session.is_modified(o) for o in session.dirty):
        raise RuntimeError("a read session (Database.read) must not write")


def _configure_sqlcipher(engine: Engine, passphrase: str) -> None:
    @event.listens_for(engine, "do_connect")
    def _on_do_connect(dialect: Any, _r: object, cargs: Any, cparams: dict[str, Any]) -> Any:
        # The key must be the very first statement on the connection (before the dialect's
        # and our own pragmas read the file).
        conn = dialect.loaded_dbapi.connect(*cargs, **cparams)
        sqlcipher.apply_key(conn, passphrase)
        return conn


def _configure_sqlite(engine: Engine, journal_mode: str = "WAL") -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: sqlite3.Connection, _record: object) -> None:
        # Let SQLAlchemy's "begin" event issue BEGIN itself (pysqlite's own is deferred and late).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys = ON")
        # A read-only file keeps its journal mode; writes will report it. WAL locally; the
        # rollback journal in a shared folder (store/shared_folder.py says why).
        with contextlib.suppress(sqlite3.OperationalError):
            cursor.execute(f"PRAGMA journal_mode = {journal_mode}")
        # FULL: a save acknowledged to the user survives a power cut, not only a crash.
        cursor.execute("PRAGMA synchronous = FULL")
        cursor.close()
        # The short-term search index's triggers call it (store/search_index.py).
        try:
            dbapi_connection.create_function(SQL_FUNCTION, 1, short_index_text, deterministic=True)
        except (TypeError, sqlite3.NotSupportedError):  # a driver without "deterministic"
            dbapi_connection.create_function(SQL_FUNCTION, 1, short_index_text)

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        # Writers take the lock up front so two writers queue on busy_timeout instead of
        # failing with a deadlock when both try to upgrade a read lock.
        if conn.get_execution_options().get("komoro_write"):
            conn.exec_driver_sql("BEGIN IMMEDIATE")
        else:
            conn.exec_driver_sql("BEGIN")


#: Seconds a pooled PostgreSQL connection may rest before it is pinged on its next use.
PING_IDLE_SECONDS = 5.0


def _configure_postgresql(engine: Engine, password_provider: PasswordProvider | None) -> None:
    @event.listens_for(engine, "do_connect")
    def _on_do_connect(_d: object, _r: object, _a: object, cparams: dict[str, Any]) -> None:
        # The password never sits in the URL the settings keep: ask for it at connect time.
        if password_provider is not None and not cparams.get("password"):
            password = password_provider()
            if password:
                cparams["password"] = password

    @event.listens_for(engine, "checkin")
    def _on_checkin(_dbapi: Any, record: Any) -> None:
        record.info["checked_in"] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def _on_checkout(dbapi: Any, record: Any, _proxy: Any) -> None:
        # A connection back in the pool for a while is pinged before use: the server may have
        # restarted or the network dropped since. One in use moments ago is not: the pool's
        # pre-ping sent a round trip before every statement (0.17 ms where a search count
        # takes 0.3). DisconnectionError makes the pool retry on a new connection.
        idle = time.monotonic() - record.info.get("checked_in", time.monotonic())
        if idle > PING_IDLE_SECONDS:
            try:
                engine.dialect.do_ping(dbapi)
            except Exception as exc:
                raise DisconnectionError() from exc

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        # NOTIFY is queued and delivered at COMMIT (never on rollback): other instances that
        # LISTEN learn that data changed without polling the tables.
        if conn.get_execution_options().get("komoro_write"):
            conn.exec_driver_sql(f"NOTIFY {CHANGE_CHANNEL}")


@contextmanager
def translate_errors() -> Iterator[None]:
    """Turn driver errors into StorageError with a message a user can act on."""
    try:
        yield
    except (OperationalError, DBAPIError) as exc:
        raise StorageError(storage_message(exc)) from exc


def storage_message(exc: BaseException) -> str:
    text = str(getattr(exc, "orig", exc)).lower()
    if "password" in text and ("authentication" in text or "no password" in text):
        return _(
            "データベースにログインできませんでした（パスワードが違うか、未設定です）。"
            "入力内容はそのままです。接続設定を確認してください。"
        )
    if "permission denied" in text or "append-only" in text:
        return _(
            "データベースがこの操作を許可しませんでした（ログインの役割に権限がありません）。"
            "入力内容はそのままです。必要なら管理者に役割を確認してもらってください。"
        )
    if "locked" in text or "busy" in text or "lock timeout" in text or "deadlock" in text:
        return _(
            "データベースが他の利用者に使用中（ロック中）のため保存できませんでした。"
            "入力内容はそのままです。少し待ってからもう一度保存してください。"
        )
    if "readonly" in text or "read-only" in text or "read only" in text:
        return _(
            "データベースが読み取り専用のため保存できませんでした。入力内容はそのままです。"
            "ファイルの書き込み権限を確認してください。"
        )
    if "full" in text or "no space" in text:
        return _(
            "ディスクの空き容量が足りないため保存できませんでした。入力内容はそのままです。"
            "空き容量を確保してからもう一度保存してください。"
        )
    if "unable to open" in text or "connection" in text or "server" in text:
        return _(
            "データベースに接続できませんでした。入力内容はそのままです。接続先を確認してください。"
        )
    if "malformed" in text or "not a database" in text:
        return _("データベースファイルが壊れているか、データベースではありません。")
    return _("データベースの操作に失敗しました: {detail}").format(detail=str(exc).splitlines()[0])
