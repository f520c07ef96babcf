"""The tally cells of comments a bulk load writes, counted in Python as the rows go by.

A load into an empty comment table knows every row it writes, so it can count their tally
(store/tally_sql.py: the same ten cells per comment) on the client, in the thread that
writes, instead of the server grouping the whole table after the load: on PostgreSQL that
grouping was the largest statement after the two GIN builds (18.6 s of a 1,000,000-comment
demo-data, all in the one backend that also builds every index; see bench/README.md,
"Branch pgload2"). The cells are then written in key order with one COPY.

Each comment is counted twice as it is written (its month detail cell and its month kind
cell); the all-time, fiscal-year, month-chart and district cells are sums of those, made once
at the end. `check` and the tests recount the table with SQL (tally_sql.grouped_cells) and
compare cell by cell.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from datetime import date
from operator import itemgetter
from typing import Any

from komoro_feedback.store.tally_sql import (
    ALL_TIME,
    DISTRICT,
    KEY,
    TABLE,
    fiscal_bucket,
    month_bucket,
)

#: The comment columns a cell is made of; rows that lack one are not counted here.
COLUMNS = ("received_on", "primary_policy_id", "ward_id", "status", "kind", "deleted_at")

Cell = tuple[str, int, int, str, str, int]


_fields = itemgetter(*COLUMNS)


class TallyCounter:
    """Counts the cells of the comment rows given to `add`; `cells()` gives the tally."""

    def __init__(self, districts: Mapping[int, int | None]) -> None:
        self._districts = districts  # ward id -> district id
        self._months: dict[date, str] = {}
        # (month, policy, ward, status, deleted) and (month, policy, status, kind, deleted)
        self._detail: Counter[tuple[str, int, int, str, int]] = Counter()
        self._kinds: Counter[tuple[str, int, str, str, int]] = Counter()

    @staticmethod
    def can_count(rows: Sequence[Mapping[str, Any]]) -> bool:
        """Whether the rows carry every column of a cell as a plain value (a date: not a
        string) - otherwise the load leaves the counting to the database."""
        return not rows or (
            all(c in rows[0] for c in COLUMNS) and isinstance(rows[0]["received_on"], date)
        )

    def add(self, rows: Sequence[Mapping[str, Any]]) -> None:
        # A status or kind may be a StrEnum member: equal to its value, stored as it.
        months = self._months
        detail: list[tuple[str, int, int, str, int]] = []
        kinds: list[tuple[str, int, str, str, int]] = []
        for day, policy, ward, status, kind, deleted_at in map(_fields, rows):
            month = months.get(day) or months.setdefault(day, month_bucket(day))
            deleted = 0 if deleted_at is None else 1
            detail.append((month, policy or 0, ward or 0, status, deleted))
            kinds.append((month, policy or 0, status, kind, deleted))
        self._detail.update(detail)
        self._kinds.update(kinds)

    def cells(self) -> list[tuple[str, int, int, str, str, int, int]]:
        """Every non-empty cell as (bucket, policy, ward, status, kind, deleted, n), in key
        order (a fresh tally then lies on disk as its primary key sorts, as migration 0015
        arranged)."""
        buckets: dict[str, dict[tuple[int, int, str, str, int], int]] = {}

        def cells_of(bucket: str) -> dict[tuple[int, int, str, str, int], int]:
            return buckets.get(bucket) or buckets.setdefault(bucket, {})

        for month, counts in _by_month(self._detail).items():
            year = fiscal_bucket(date(int(month[:4]), int(month[5:]), 1))
            wards = [cells_of(b) for b in (month, year, ALL_TIME)]
            districts = [cells_of(DISTRICT + b) for b in (month, year, ALL_TIME)]
            chart = cells_of(month)
            for (p, w, st, d), n in counts.items():
                key = (p, w, st, "", d)
                district = (p, (self._districts.get(w) or 0) if w else 0, st, "", d)
                for cells in wards:
                    cells[key] = cells.get(key, 0) + n
                for cells in districts:
                    cells[district] = cells.get(district, 0) + n
                total = (-1, -1, st, "", d)
                chart[total] = chart.get(total, 0) + n
        for month, counts in _by_month(self._kinds).items():
            year = fiscal_bucket(date(int(month[:4]), int(month[5:]), 1))
            for cells in [cells_of(b) for b in (month, year, ALL_TIME)]:
                for (p, st, k, d), n in counts.items():
                    key = (p, -1, st, k, d)
                    cells[key] = cells.get(key, 0) + n
        return [
            (bucket, *key, n)
            for bucket in sorted(buckets)
            for key, n in sorted(buckets[bucket].items())
        ]


def _by_month(counts: Mapping[tuple[Any, ...], int]) -> dict[str, dict[tuple[Any, ...], int]]:
    """Month cells split by month: (month, *rest) -> n as month -> rest -> n."""
    out: dict[str, dict[tuple[Any, ...], int]] = {}
    for (month, *rest), n in counts.items():
        (out.get(month) or out.setdefault(month, {}))[tuple(rest)] = n
    return out


def write_cells(conn: Any, cells: Sequence[tuple[Any, ...]]) -> None:
    """Replace the whole tally with these cells, in the connection's transaction (the
    comment table's tally triggers must be off: the cells already count its rows)."""
    conn.exec_driver_sql(f"DELETE FROM {TABLE}")
    columns = f"{KEY}, n"
    if conn.dialect.name == "sqlite":
        marks = ", ".join("?" for _ in range(7))
        conn.exec_driver_sql(f"INSERT INTO {TABLE} ({columns}) VALUES ({marks})", list(cells))
        return
    # Binary: the cells are plain str and int; the text format cost the client ~0.3 s and
    # the server its parsing for the ~330,000 cells of 100,000 imported comments.
    dbapi: Any = conn.connection.driver_connection
    sql = f"COPY {TABLE} ({columns}) FROM STDIN (FORMAT BINARY)"
    with dbapi.cursor() as cur, cur.copy(sql) as cp:
        cp.set_types(["text", "int4", "int4", "text", "text", "int4", "int8"])
        for cell in cells:
            cp.write_row(cell)
