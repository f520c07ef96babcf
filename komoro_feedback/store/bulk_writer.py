"""Bulk loading of comments (demo data, benchmarks): fast paths that keep the search index right.

The comment tally (store/tally_sql.py) gets the new rows in one grouped statement, its
row triggers off for the load (dropped on SQLite, disabled on PostgreSQL); so do the copies
that comment_policy carries of its comment (store/policy_walk_sql.py). A load into an empty
table counts the tally itself as it writes (store/tally_cells.py) and writes the cells after
the indexes, instead of the database grouping the whole table.
On SQLite the FTS triggers cost ~10x the insert itself when they fire row by row, so a bulk
load drops them inside its transaction, indexes the new rows with one INSERT ... SELECT, and
creates them again before committing: no other connection ever sees the table without them.
Into an empty table it also drops and rebuilds the secondary indexes (a sort beats a B-tree
insert per row). PostgreSQL takes COPY.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from itertools import chain
from typing import Any, TypeVar

from sqlalchemy import Boolean, Connection, Date, DateTime, Table, func, select, text

from komoro_feedback.store import policy_walk_sql, search_index, tally_sql
from komoro_feedback.store.bulk_schema import drop_pg_foreign_keys, drop_pg_indexes, drop_sqlite
from komoro_feedback.store.database import Database
from komoro_feedback.store.models import (
    CommentPolicyRow,
    CommentRow,
    StatusHistoryRow,
    WardRow,
)
from komoro_feedback.store.pg_copy import copy_batches, copy_rows
from komoro_feedback.store.tally_cells import TallyCounter, write_cells

#: PostgreSQL's sort area for the tally's grouping and for rebuilding the indexes (a bulk
#: load's transaction only).
PG_INDEX_MEMORY = "256MB"
#: PostgreSQL: GIN indexes that demo-data keeps through its load instead of dropping and
#: rebuilding them. The server waits for the client about half the time while demo-data
#: generates its rows; the character index's few keys (one per character) take the new rows
#: in that idle time through its pending list. 1,000,000 comments on a quiet machine: 85 s
#: instead of 103 s (its build after the load took 21.5 s, one backend). The trigram index
#: has many keys: kept, it cost more than its build, so it is rebuilt (bench/README.md,
#: "Branch pgload2"). Imports write rows they already hold (no idle time): they keep none.
KEPT_DURING_GENERATION = ("comment_fts_chars",)
#: PostgreSQL's statement trigger that counts inserted comments into the tally.
TALLY_TRIGGER = f"{tally_sql.TRIGGER_PREFIX}insert"
CARRY_TRIGGER = policy_walk_sql.PG_INSERT_TRIGGER
SHORT = search_index.SHORT_TABLE
TABLES: dict[str, Table] = {
    "comment": CommentRow.__table__,  # type: ignore[dict-item]
    "comment_policy": CommentPolicyRow.__table__,  # type: ignore[dict-item]
    "status_history": StatusHistoryRow.__table__,  # type: ignore[dict-item]
}


T = TypeVar("T")


def carry(comments: Sequence[dict[str, Any]], policies: Sequence[dict[str, Any]]) -> None:
    """Give comment_policy rows the copies of their comment's columns (store/policy_walk_sql:
    written by the writer, not by the trigger that is off during a bulk load)."""
    by_id = {c["id"]: c for c in comments}
    for p in policies:
        c = by_id[p["comment_id"]]
        p.update({name: c[name] for name in policy_walk_sql.CARRIED})


def _sqlite_converter(column: Any) -> Callable[[Any], Any] | None:
    """How a Python value of this column is stored by SQLAlchemy's SQLite types (None: as is).

    Chosen once per column instead of testing each of the millions of values a bulk load
    writes (that per-value test was a third of demo-data's time).
    """
    kind = column.type
    if isinstance(kind, DateTime):
        # SQLAlchemy's storage format, always with microseconds ("%Y-%m-%d %H:%M:%S.%f").
        return lambda v: v if v is None else v.isoformat(" ", "microseconds")
    if isinstance(kind, Date):
        return lambda v: v if v is None else v.isoformat()
    if isinstance(kind, Boolean):
        return lambda v: v if v is None else int(v)
    return None


class BulkCommentWriter:
    """Appends batches of comment rows (dicts keyed by column name) in one transaction."""

    def __init__(
        self, conn: Connection, *, sqlite: bool, fresh: bool, counter: TallyCounter | None = None
    ) -> None:
        self.conn = conn
        self.sqlite = sqlite
        self.fresh = fresh
        #: Counts the tally of the written comments (a load into an empty table), or None.
        self.counter = counter
        #: PostgreSQL: COPY in the binary format (pg_copy.copy_rows): for a caller whose rows
        #: hold every value as its column's Python type (demo-data).
        self.binary = False
        self.first_seq: int | None = None  # SQLite: the seq of the first appended comment
        self.appended = False
        #: Whether some comment_policy rows came without their comment's copies (seq, ...).
        self.uncarried = False
        self._next: int | None = None
        self._sql: dict[str, tuple[str, list[str], list[tuple[int, Callable[[Any], Any]]]]] = {}
        #: PostgreSQL: the DDL of the dropped indexes still to create, per table.
        self.dropped: dict[str, list[str]] = {}

    def next_seq(self) -> int:
        return int(self.conn.scalar(select(func.coalesce(func.max(CommentRow.seq), 0))) or 0) + 1

    def reserve(self, n: int) -> list[int]:
        """The seqs of the next n comments, so that the writer can give comment_policy rows
        their comment's seq itself (an UPDATE ... FROM comment of 1.25 million rows after
        the load took 39 s of 278 at 1M). SQLite: the next numbers (the transaction holds
        the lock); PostgreSQL: n values of the identity's sequence taken in one step,
        `setval(nextval + n - 1)` (a nextval per number was 3.8 s of a 1M load). Nobody
        else takes numbers meanwhile: bulk_mode's ALTER TABLE holds a lock that makes every
        INSERT into comment wait until commit; a raw `nextval` slipping in between would
        take a number of the range, and the COPY would then fail on uq_comment_seq."""
        if self.sqlite:
            if self._next is None:
                self._next = self.next_seq()
            first, self._next = self._next, self._next + n
            return list(range(first, first + n))
        sql = (
            "SELECT setval(s, nextval(s) + %(n)s - 1) "
            "FROM CAST(pg_get_serial_sequence('comment', 'seq') AS regclass) AS s"
        )
        last = int(self.conn.exec_driver_sql(sql, {"n": n}).scalar_one())
        return list(range(last - n + 1, last + 1))

    def write_carried(
        self,
        comments: list[dict[str, Any]],
        policies: list[dict[str, Any]],
        statuses: list[dict[str, Any]],
    ) -> None:
        """Write a batch of comments with their policies and statuses; the comments get
        seqs (if they have none) and the policy rows their comment's copies here, so that no
        UPDATE of comment_policy follows (2.5 s of an import of 100,000 comments)."""
        self.write_comments(comments)
        carry(comments, policies)
        self.write("comment_policy", policies)
        self.write("status_history", statuses)

    def write_comments(self, comments: list[dict[str, Any]]) -> None:
        """Write comments, giving them seqs first if they have none."""
        self.write_comment_stream([comments], len(comments))

    def write_comment_stream(self, batches: Iterable[list[dict[str, Any]]], count: int) -> None:
        """Write `count` comments given in batches, giving them seqs first if they have
        none. PostgreSQL: one COPY for all (a COPY per batch ran the statement triggers of a
        row-by-row load once per batch: 18.5 s instead of 14.4 s for 100,000 comments into
        a table of 1,000,000)."""
        it = iter(batches)
        first = next((rows for rows in it if rows), None)
        if first is None:
            return
        seqs = iter(self.reserve(count)) if "seq" not in first[0] else None

        def noted() -> Iterator[list[dict[str, Any]]]:
            for rows in chain([first], it):
                if seqs is not None:
                    for row in rows:
                        row["seq"] = next(seqs)
                if self.first_seq is None and self.sqlite:
                    self.first_seq = int(rows[0]["seq"])
                self._count(rows)
                yield rows

        if self.sqlite:
            for rows in noted():
                self._insert("comment", rows)
        else:
            copy_batches(self.conn, TABLES["comment"], noted(), binary=self.binary)
        self.appended = True

    def _count(self, rows: Sequence[dict[str, Any]]) -> None:
        if self.counter is not None:
            if TallyCounter.can_count(rows):
                self.counter.add(rows)
            else:  # the database counts them after the load
                self.counter = None

    def index_comments_while(self, work: Callable[[], T]) -> T:
        """Create the comment table's dropped indexes now (PostgreSQL, a rebuilding load)
        while `work` runs in a thread, and return its result. `work` must not touch the
        database: it is the client's share (building the rows that refer to the comments)
        done while the server sorts (the driver waits without the GIL). Elsewhere: work()."""
        # GINs first (one core each, the other left to `work`), then B-trees (parallel).
        ddl = sorted(self.dropped.pop("comment", []), key=lambda d: " USING gin " not in d)
        if not ddl:
            return work()
        with ThreadPoolExecutor(1) as pool:
            done = pool.submit(work)
            self.set_index_memory()
            for statement in ddl:
                self.conn.exec_driver_sql(statement)
            return done.result()

    def set_index_memory(self) -> None:
        # One sort each beats a B-tree (and GIN) insert per row; the default 64 MB sort
        # area made the GIN builds spill and merge (this transaction only).
        self.conn.exec_driver_sql(f"SET LOCAL maintenance_work_mem = '{PG_INDEX_MEMORY}'")

    def write(self, table: str, rows: Sequence[dict[str, Any]]) -> None:
        if not rows:
            return
        self.appended = self.appended or table == "comment"
        if table == "comment":
            self._count(rows)
        if table == "comment_policy" and "seq" not in rows[0]:
            self.uncarried = True
        if table == "comment" and self.first_seq is None and self.sqlite:
            self.first_seq = int(rows[0]["seq"])
        if not self.sqlite:
            self._copy(table, rows)
            return
        self._insert(table, rows)

    def _insert(self, table: str, rows: Sequence[dict[str, Any]]) -> None:
        """SQLite: one executemany INSERT."""
        sql, cols, converters = self._insert_sql(table)
        values = [[r.get(c) for c in cols] for r in rows]
        for i, convert in converters:
            for v in values:
                v[i] = convert(v[i])
        self.conn.exec_driver_sql(sql, [tuple(v) for v in values])

    def _copy(self, table: str, rows: Sequence[dict[str, Any]]) -> None:
        """PostgreSQL: COPY FROM STDIN in the same transaction (executemany: ~1,800 rows/s)."""
        copy_rows(self.conn, TABLES[table], rows, binary=self.binary)

    def _insert_sql(
        self, table: str
    ) -> tuple[str, list[str], list[tuple[int, Callable[[Any], Any]]]]:
        if table not in self._sql:
            columns = [
                c
                for c in TABLES[table].columns
                if not (c.name == "id" and table == "status_history")
            ]
            cols = [c.name for c in columns]
            converters = [
                (i, convert)
                for i, c in enumerate(columns)
                if (convert := _sqlite_converter(c)) is not None
            ]
            marks = ",".join("?" for _ in cols)
            sql = f"INSERT INTO {table} ({','.join(cols)}) VALUES ({marks})"
            self._sql[table] = (sql, cols, converters)
        return self._sql[table]


@contextmanager
def bulk_comments(db: Database) -> Iterator[BulkCommentWriter]:
    """One transaction for a bulk load; the search index and indexes are right on commit."""
    with db.engine.connect().execution_options(komoro_write=True) as conn, conn.begin():
        fresh = not conn.scalar(
            select(func.count()).select_from(select(CommentRow.id).limit(1).subquery())
        )
        with bulk_mode(conn, rebuild=fresh, keep=KEPT_DURING_GENERATION) as writer:
            yield writer


def large_load(conn: Connection, new_comments: int) -> bool:
    """Whether appending this many comments is cheaper as drop, load, rebuild (bulk_mode's
    `rebuild`) than as row-by-row maintenance: when they are at least as many as the table
    holds (a rebuild costs the whole table; maintenance costs each new row many times)."""
    held = conn.scalar(select(func.count()).select_from(CommentRow))
    return new_comments >= int(held or 0)


@contextmanager
def bulk_mode(
    conn: Connection, *, rebuild: bool, keep: tuple[str, ...] = (), keyed: tuple[str, ...] = ()
) -> Iterator[BulkCommentWriter]:
    """In the connection's transaction: switch off what is rebuilt after the load, give a
    writer, then bring every trigger, index, tally cell and search entry back before the
    caller commits. rebuild=True also drops the secondary indexes and (PostgreSQL) foreign
    keys and recounts the whole tally and search index: for a load large relative to the
    table. The DDL locks the tables until commit (PostgreSQL: readers wait while indexes
    are dropped), so other connections never see them incomplete. PostgreSQL: the GIN
    indexes named in `keep` stay and take the rows as they come (see KEPT_DURING_GENERATION);
    their pending lists are merged before the caller commits. `keyed` names more tables
    whose foreign keys are dropped and added back the same way (the caller appends rows
    to them: each key checked once by a join instead of once per row)."""
    sqlite = conn.dialect.name == "sqlite"
    fresh = rebuild
    triggers: list[str] = []
    indexes: list[str] = []
    dropped: dict[str, list[str]] = {}
    foreign_keys: list[str] = []
    if sqlite:
        triggers = drop_sqlite(conn, "trigger", "comment") + drop_sqlite(
            conn, "trigger", "comment_policy"
        )
        if fresh:
            indexes = drop_sqlite(conn, "index", "comment")
    else:
        # Each COPY would add its rows to the tally (~0.5 s a batch); counted once below.
        conn.exec_driver_sql(f"ALTER TABLE comment DISABLE TRIGGER {TALLY_TRIGGER}")
        conn.exec_driver_sql(f"ALTER TABLE comment_policy DISABLE TRIGGER {CARRY_TRIGGER}")
        if fresh:
            dropped = {t: drop_pg_indexes(conn, t, keep) for t in TABLES}
            foreign_keys = drop_pg_foreign_keys(conn, (*TABLES, *keyed))
    writer = BulkCommentWriter(conn, sqlite=sqlite, fresh=fresh, counter=_counter(conn, fresh))
    writer.dropped = dropped
    yield writer
    indexes += [ddl for t in TABLES for ddl in writer.dropped.get(t, [])]
    with ThreadPoolExecutor(1) as pool:
        # The counted cells are summed and sorted in a thread while the database builds the
        # indexes (the driver waits without the GIL), then written after them.
        counted = pool.submit(writer.counter.cells) if writer.counter and writer.appended else None
        if counted is None:
            if not sqlite:  # the tally's grouping spilled to disk in the default 4 MB
                conn.exec_driver_sql(f"SET LOCAL work_mem = '{PG_INDEX_MEMORY}'")
            _add_to_tally(conn, writer, "sqlite" if sqlite else "postgresql")
        if writer.uncarried:  # the new comment_policy rows (without a seq) get their copies
            conn.exec_driver_sql(policy_walk_sql.fill("cp.seq IS NULL"))
        if sqlite:
            _rebuild_sqlite(conn, writer, indexes)
        else:
            writer.set_index_memory()
            for ddl in [*indexes, *foreign_keys]:
                conn.exec_driver_sql(ddl)
            _merge_pending(conn, keep)
            # Before the cells: the thread summing them (0.7-1 s at 100,000 comments) was
            # still at work when the keys were in; now ANALYZE runs meanwhile.
            conn.exec_driver_sql(f"ALTER TABLE comment ENABLE TRIGGER {TALLY_TRIGGER}")
            conn.exec_driver_sql(f"ALTER TABLE comment_policy ENABLE TRIGGER {CARRY_TRIGGER}")
            _analyze(conn)
        if counted is not None:
            write_cells(conn, counted.result())
    if sqlite:
        for ddl in triggers:
            conn.exec_driver_sql(ddl)


def _analyze(conn: Connection) -> None:
    """PostgreSQL: fresh statistics (without, the first page after a load of 25,000 took
    51 ms, not 5). The comment table's columns only: its character index's expression (read
    only to choose a search plan) was half of it; autovacuum analyses the whole table soon."""
    columns = ", ".join(c.name for c in CommentRow.__table__.columns)
    conn.exec_driver_sql(f"ANALYZE comment ({columns}), comment_policy, status_history, audit_log")


def _rebuild_sqlite(conn: Connection, writer: BulkCommentWriter, indexes: list[str]) -> None:
    """SQLite: the dropped indexes, and the search entries of the new rows (or all rows)."""
    for ddl in indexes:
        conn.exec_driver_sql(ddl)
    if writer.fresh:
        conn.exec_driver_sql("INSERT INTO comment_fts(comment_fts) VALUES ('rebuild')")
        conn.exec_driver_sql(f"INSERT INTO {SHORT}({SHORT}) VALUES ('delete-all')")
        conn.exec_driver_sql(search_index.sqlite_fill())
    elif writer.first_seq is not None:
        conn.execute(
            text(
                "INSERT INTO comment_fts(rowid, search_text) "
                "SELECT seq, search_text FROM comment WHERE seq >= :s"
            ),
            {"s": writer.first_seq},
        )
        conn.exec_driver_sql(search_index.sqlite_fill(f"WHERE seq >= {writer.first_seq:d}"))


def _merge_pending(conn: Connection, indexes: tuple[str, ...]) -> None:
    """Merge the pending lists of GIN indexes kept through a load into their trees (each
    search would read the whole list, up to gin_pending_list_limit, until a vacuum)."""
    for name in indexes:
        if conn.scalar(text("SELECT to_regclass(:n) IS NOT NULL"), {"n": name}):
            conn.execute(text("SELECT gin_clean_pending_list(CAST(:n AS regclass))"), {"n": name})


def _counter(conn: Connection, fresh: bool) -> TallyCounter | None:
    """A counter of the written comments' tally cells when the table is empty (their cells
    are then the whole tally), else None (the database recounts or adds them)."""
    if not fresh or conn.scalar(select(CommentRow.id).limit(1)) is not None:
        return None
    wards = conn.execute(select(WardRow.id, WardRow.district_id)).all()
    return TallyCounter({ward: district for ward, district in wards})


def _add_to_tally(conn: Connection, writer: BulkCommentWriter, dialect: str) -> None:
    """Count the appended comments into the tally in one statement (triggers were off)."""
    if not writer.appended:
        return
    if writer.counter is not None:  # the table was empty: the counted cells are the tally
        write_cells(conn, writer.counter.cells())
    elif writer.fresh:
        for sql in tally_sql.rebuild(dialect):
            conn.exec_driver_sql(sql)
    elif writer.first_seq is not None:
        conn.exec_driver_sql(tally_sql.add_grouped(dialect, f"WHERE c.seq >= {writer.first_seq:d}"))
    else:  # PostgreSQL assigns seq itself: the rows this transaction wrote
        where = "WHERE c.xmin = pg_current_xact_id()::xid"
        conn.exec_driver_sql(tally_sql.add_grouped(dialect, where))
