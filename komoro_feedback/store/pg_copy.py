"""Append rows with PostgreSQL's COPY (text, or binary for rows whose types are known)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from itertools import chain
from operator import itemgetter
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    Connection,
    Date,
    DateTime,
    Integer,
    SmallInteger,
    String,
    Table,
    insert,
)
from sqlalchemy.exc import DBAPIError

_NONE = object()


def _python_default(column: Any) -> Any:
    """The value SQLAlchemy would insert for a column left out (_NONE: the database's)."""
    default: Any = column.default
    if default is None or not (default.is_scalar or default.is_callable):
        return _NONE
    return default.arg(None) if default.is_callable else default.arg


def _binary_type(column: Any) -> str:
    """The PostgreSQL type whose binary form a column's values are sent in (varchar and
    text share theirs). Checked most specific first: BigInteger is an Integer."""
    kind = column.type
    for sa_type, name in (
        (BigInteger, "int8"),
        (SmallInteger, "int2"),
        (Integer, "int4"),
        (Boolean, "bool"),
        (DateTime, "timestamp"),
        (Date, "date"),
        (String, "text"),  # Text is a String
    ):
        if isinstance(kind, sa_type):
            if isinstance(kind, DateTime) and kind.timezone:
                return "timestamptz"
            return name
    raise TypeError(f"no binary COPY type for {column.table.name}.{column.name}: {kind!r}")


def copy_rows(
    conn: Connection, table: Table, rows: Sequence[dict[str, Any]], *, binary: bool = False
) -> None:
    """PostgreSQL: append rows (dicts keyed by column name) with COPY FROM STDIN, in the
    connection's transaction. Columns the rows leave out get their Python-side default, as
    an INSERT through SQLAlchemy would give them; the database fills the rest (identity,
    serial, server defaults). Row triggers and foreign keys apply as for an INSERT.

    binary=True sends PostgreSQL's binary format: half the client's CPU of the text format
    (psycopg formats no dates, times or numbers as text) and no parsing on the server, but
    every value must already be of its column's Python type (int, date, datetime, bool,
    str or None): the server converts nothing. demo-data's and an Excel/CSV import's rows
    are (built from checked values); a package's keep the text format (their values come
    from another installation's JSON)."""
    copy_batches(conn, table, [rows], binary=binary)


def copy_batches(
    conn: Connection,
    table: Table,
    batches: Iterable[Sequence[dict[str, Any]]],
    *,
    binary: bool = False,
) -> None:
    """copy_rows of batches (all with the same keys) in one COPY statement: its statement
    triggers run once, and each batch may be made (in another thread) as the last is sent."""
    it = iter(batches)
    first = next((rows for rows in it if rows), None)
    if first is None:
        return
    given = [c.name for c in table.columns if c.name in first[0]]
    defaults = {
        c.name: value
        for c in table.columns
        if c.name not in first[0] and (value := _python_default(c)) is not _NONE
    }
    names = [*given, *defaults]
    fixed = tuple(defaults.values())
    dbapi: Any = conn.connection.driver_connection
    sql = f"COPY {table.name} ({', '.join(names)}) FROM STDIN" + (
        " (FORMAT BINARY)" if binary else ""
    )
    driver_error: Any = conn.dialect.dbapi.Error  # type: ignore[union-attr]
    try:
        with dbapi.cursor() as cur, cur.copy(sql) as cp:
            if binary:
                cp.set_types([_binary_type(table.columns[n]) for n in names])
            write = cp.write_row
            for rows in chain([first], it):
                if len(given) == 1:
                    for r in rows:
                        write((r[given[0]], *fixed))
                else:
                    values = itemgetter(*given)
                    for r in rows:
                        write(values(r) + fixed)
    except driver_error as exc:
        # As SQLAlchemy would raise it (IntegrityError, ...): the services turn those into a
        # message; a bare driver error would reach the user as a traceback.
        raise DBAPIError.instance(sql, None, exc, driver_error) from exc


def insert_with_ids(conn: Connection, table: Any, rows: Sequence[dict[str, Any]]) -> list[int]:
    """Insert rows (all with the same keys, of their columns' Python types) into a Table
    (an ORM class's __table__) and return the ids the database gave them, in order.
    PostgreSQL: the ids are taken from the column's sequence in one statement and the rows
    sent with them by binary COPY (the ~2,500 meetings of a package of 100,000 comments:
    0.2 s as one INSERT ... RETURNING with SQLAlchemy's sentinel ordering, 0.02 s so);
    SQLite: that INSERT."""
    if not rows:
        return []
    if conn.dialect.name != "postgresql":
        q = insert(table).returning(table.c.id, sort_by_parameter_order=True)
        return [int(i) for i in conn.execute(q, list(rows)).scalars()]
    ids = [
        int(i)
        for i in conn.exec_driver_sql(
            "SELECT nextval(pg_get_serial_sequence(%(t)s, 'id')) FROM generate_series(1, %(n)s)",
            {"t": table.name, "n": len(rows)},
        ).scalars()
    ]
    copy_rows(conn, table, [{"id": i, **r} for i, r in zip(ids, rows, strict=True)], binary=True)
    return ids


def append_rows(
    conn: Connection, table: Table, rows: Sequence[dict[str, Any]], *, binary: bool = False
) -> None:
    """Append rows in the connection's transaction with every trigger and check: COPY on
    PostgreSQL (binary: see copy_rows), one executemany INSERT on SQLite (all rows must
    have the same keys)."""
    if not rows:
        return
    if conn.dialect.name == "postgresql":
        copy_rows(conn, table, rows, binary=binary)
    else:
        conn.execute(insert(table), list(rows))
