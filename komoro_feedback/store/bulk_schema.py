"""What a bulk load drops and rebuilds: each function drops a table's objects of one kind and
returns the DDL that creates them again (store/bulk_writer.py runs it before committing)."""

from __future__ import annotations

from sqlalchemy import Connection


def drop_pg_indexes(conn: Connection, table: str, keep: tuple[str, ...] = ()) -> list[str]:
    """Drop a table's indexes that back no constraint, except those named in `keep`;
    return their DDL to recreate."""
    rows = conn.exec_driver_sql(
        "SELECT indexname, indexdef FROM pg_indexes i WHERE schemaname = current_schema() "
        "AND tablename = %(t)s AND indexname <> ALL(%(keep)s) AND NOT EXISTS "
        "(SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)",
        {"t": table, "keep": list(keep)},
    ).all()
    for name, _ddl in rows:
        conn.exec_driver_sql(f'DROP INDEX "{name}"')
    return [ddl for _name, ddl in rows]


def drop_pg_foreign_keys(conn: Connection, tables: tuple[str, ...]) -> list[str]:
    """Drop the foreign keys of these tables; return the DDL that adds them back.

    Checked row by row during COPY they cost more than the COPY itself (four lookups per
    comment); added back after the load, each is checked once for all rows with one join.
    """
    rows = conn.exec_driver_sql(
        "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint "
        "WHERE contype = 'f' AND conrelid = ANY(%(t)s::regclass[])",
        {"t": list(tables)},
    ).all()
    for table, name, _ddl in rows:
        conn.exec_driver_sql(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
    return [f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {ddl}' for table, name, ddl in rows]


def drop_sqlite(conn: Connection, kind: str, table: str) -> list[str]:
    """Drop the named-by-DDL objects of one kind on a table; return their DDL to recreate."""
    rows = conn.exec_driver_sql(
        "SELECT name, sql FROM sqlite_master WHERE type = ? AND tbl_name = ? AND sql IS NOT NULL",
        (kind, table),
    ).all()
    for name, _sql in rows:
        conn.exec_driver_sql(f'DROP {kind.upper()} "{name}"')
    return [sql for _name, sql in rows]
