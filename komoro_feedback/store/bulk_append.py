"""Append imported comments and the rows that refer to them, in the caller's transaction.

Excel/CSV imports and packages hand over their comment rows, and a function that builds the
rows referring to them (policies, statuses, speakers, audit, agreed states). A load at least
as large as the table (bulk_writer.large_load) drops the secondary indexes and foreign keys
and builds them after the rows are in; the comment table's indexes are built as soon as its
rows are in, and the client builds the other rows meanwhile in a thread (PostgreSQL sorts
on its own core; the driver waits without the GIL). Smaller loads append row by row with
every trigger and index in place. Either way one transaction: all or nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

from sqlalchemy import Connection

from komoro_feedback.store.bulk_writer import TABLES, bulk_mode, carry, large_load
from komoro_feedback.store.models import Base, CommentRow
from komoro_feedback.store.pg_copy import append_rows, copy_batches

T = TypeVar("T")
#: Comments per batch made ahead of the one being written.
BATCH = 10_000
#: Rows per table name, in the order they are written (each refers to comments only).
Dependents = dict[str, list[dict[str, Any]]]
#: Tables besides bulk_writer.TABLES whose foreign keys (to comment) a rebuilding load
#: drops and adds back: each checked by one join instead of a lookup per row (PostgreSQL:
#: comment_sync's COPY of 100,000 rows took 1.1 s with its key, mostly the lookups).
KEYED = ("speaker_contact", "comment_sync")


def append_comments(
    conn: Connection,
    count: int,
    batches: Iterable[list[dict[str, Any]]],
    dependents: Callable[[], Dependents],
    *,
    binary: bool = False,
) -> None:
    """Write `count` comments, given in batches made one ahead in a thread while the last
    is sent (the server parses and stores one while the client builds the next), then the
    rows `dependents()` builds (it must not use the database; comment_policy rows get
    their comment's copies - seq ... - here). binary: every value is already of its
    column's Python type (store/pg_copy.copy_rows), so PostgreSQL's binary COPY is used."""
    written: list[dict[str, Any]] = []

    def kept(made: Iterable[list[dict[str, Any]]]) -> Iterator[list[dict[str, Any]]]:
        for batch in made:
            written.extend(batch)
            yield batch

    if large_load(conn, count):
        with bulk_mode(conn, rebuild=True, keyed=KEYED) as writer:
            writer.binary = binary
            writer.write_comment_stream(kept(ahead(batches)), count)
            rows = writer.index_comments_while(lambda: _carried(written, dependents()))
            for table, part in rows.items():
                if table in TABLES:
                    writer.write(table, part)
                else:
                    append_rows(conn, Base.metadata.tables[table], part, binary=binary)
        return
    comments: Any = CommentRow.__table__
    if conn.dialect.name == "postgresql":  # one COPY: its statement triggers run once
        copy_batches(conn, comments, ahead(batches), binary=binary)
    else:
        for batch in ahead(batches):
            append_rows(conn, comments, batch)
    for table, part in dependents().items():
        append_rows(conn, Base.metadata.tables[table], part, binary=binary)


def ahead(batches: Iterable[T]) -> Iterator[T]:
    """The batches, each made in a thread while the caller works on the one before."""
    it = iter(batches)
    with ThreadPoolExecutor(1) as pool:
        following = pool.submit(next, it, None)
        while (batch := following.result()) is not None:
            following = pool.submit(next, it, None)
            yield batch


def _carried(comments: list[dict[str, Any]], rows: Dependents) -> Dependents:
    carry(comments, rows.get("comment_policy", []))
    comments.clear()  # freed here, while the server sorts, not after the commit
    return rows
