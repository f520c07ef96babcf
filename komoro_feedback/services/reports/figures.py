"""Follow-up figures of the reports: open, overdue, answered, days to answer, change since before.

Read through the query service and the report repository only, so that the counts can later come
from a maintained tally instead of the comment table without touching the reports.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import Any, Final

from sqlalchemy.orm import Session

from komoro_feedback.domain.enums import Status
from komoro_feedback.domain.errors import ValidationError
from komoro_feedback.domain.query import CommentFilter, CountRow
from komoro_feedback.i18n.translation import _
from komoro_feedback.reports.model import AGE_THRESHOLDS, FollowUp
from komoro_feedback.services.query_service import QueryService
from komoro_feedback.store.database import Database
from komoro_feedback.store.report_repository import ReportRepository

ANSWERED = frozenset({Status.ANSWERED, Status.DONE})
#: Grouped queries of one report run side by side on this many connections.
PARALLEL_QUERIES: Final = 3
Key = int | None


def median(hist: Mapping[int, int]) -> float | None:
    """The median of values given as {value: how many times}; None when there are none."""
    n = sum(hist.values())
    if n == 0:
        return None
    lo_rank, hi_rank = (n - 1) // 2, n // 2
    seen = 0
    lo: int | None = None
    for value in sorted(hist):
        seen += hist[value]
        if lo is None and seen > lo_rank:
            lo = value
        if seen > hi_rank:
            return (lo + value) / 2 if lo is not None else float(value)
    raise AssertionError("unreachable")  # pragma: no cover


@dataclass
class FollowUpTally:
    """Adds comments up into the FollowUp of a group (a policy, pillar, district, ward)."""

    total: int = 0
    open: int = 0
    overdue: int = 0
    answered: int = 0
    days: Counter[int] = field(default_factory=Counter)

    def add(self, status: Status, n: int) -> None:
        self.total += n
        if status.is_open:
            self.open += n
        elif status in ANSWERED:
            self.answered += n

    def merge(self, other: FollowUpTally) -> None:
        self.total += other.total
        self.open += other.open
        self.overdue += other.overdue
        self.answered += other.answered
        self.days.update(other.days)

    def result(self, previous: int | None = None) -> FollowUp:
        return FollowUp(
            self.total, self.open, self.overdue, self.answered, median(self.days), previous
        )


@dataclass(frozen=True, slots=True)
class OpenAge:
    """Open comments of one (policy, district) received more than AGE_THRESHOLDS[:age] ago."""

    policy_id: Key
    district_id: Key
    age: int  # 0: none of the thresholds, 1: over the first, ...
    count: int


@dataclass
class FollowUpFigures:
    """Follow-up tallies per policy, per district and per ward, and for everything."""

    by_policy: dict[Key, FollowUpTally]
    by_district: dict[Key, FollowUpTally]
    by_ward: dict[Key, FollowUpTally]
    everything: FollowUpTally
    open_ages: list[OpenAge] = field(default_factory=list)
    counts: list[CountRow] = field(default_factory=list)
    #: The counts of the previous period of the same length, when asked for.
    previous: list[CountRow] | None = None

    def group(self, policy_ids: Iterable[int]) -> FollowUpTally:
        out = FollowUpTally()
        for pid in policy_ids:
            if pid in self.by_policy:
                out.merge(self.by_policy[pid])
        return out


def _tallies() -> dict[Key, FollowUpTally]:
    return {}


def _at(d: dict[Key, FollowUpTally], key: Key) -> FollowUpTally:
    t = d.get(key)
    if t is None:
        t = d[key] = FollowUpTally()
    return t


class ReportFigures:
    """Gathers the follow-up figures a report prints. Read-only; one session per query."""

    def __init__(self, db: Database, queries: QueryService, repo: ReportRepository) -> None:
        self.db = db
        self.queries = queries
        self.repo = repo

    def follow_up(
        self,
        f: CommentFilter,
        as_of: date,
        ward_district: Mapping[int, int],
        *,
        areas: bool = False,
        previous: bool = False,
    ) -> FollowUpFigures:
        """Everything under the filter. Days to answer per policy, or with `areas` per ward and
        district instead; with `previous` the counts of the previous period too.

        The grouped queries are independent passes over indexes: they run side by side (the
        database does the work, outside the GIL), so the slowest one sets the time.
        """
        cutoffs = [as_of - timedelta(days=d + 1) for d in AGE_THRESHOLDS]
        jobs: dict[str, Callable[[], Any]] = {
            "cells": lambda: self._read(lambda s: self.repo.cells(s, f)),
            "open": lambda: self._read(lambda s: self.repo.open_counts(s, f, as_of, cutoffs)),
            "days": lambda: self._read(
                lambda s: self.repo.answer_days(s, f, "ward" if areas else "policy")
            ),
        }
        if previous:
            jobs["previous"] = lambda: self.previous_counts(f)
        got = self._run(jobs)
        got["counts"] = _count_rows(got["cells"], ward_district)
        figures = _figures(got, ward_district, areas)
        figures.counts = got["counts"]
        figures.previous = got.get("previous")
        return figures

    def _read(self, fn: Callable[[Session], Any]) -> Any:
        with self.db.read() as s:
            return fn(s)

    def _run(self, jobs: dict[str, Callable[[], Any]]) -> dict[str, Any]:
        # An in-memory SQLite database is one connection: there the queries run in turn.
        if self.db.is_sqlite and self.db.sqlite_path is None:
            return {k: fn() for k, fn in jobs.items()}
        with ThreadPoolExecutor(max_workers=PARALLEL_QUERIES) as pool:
            futures = {k: pool.submit(fn) for k, fn in jobs.items()}
            return {k: fut.result() for k, fut in futures.items()}

    def previous_counts(self, f: CommentFilter) -> list[CountRow]:
        """The counts of the previous period of the same length, under the same filter."""
        start, end = previous_period(f)
        return self.queries.counts(replace(f, date_from=start, date_to=end))


def _count_rows(
    cells: list[tuple[Key, Key, str, int]], ward_district: Mapping[int, int]
) -> list[CountRow]:
    """(policy, ward, status) cells added up per (policy, district, status), as counts() does."""
    out: Counter[tuple[Key, Key, str]] = Counter()
    for pid, ward_id, status, n in cells:
        out[(pid, ward_district.get(ward_id) if ward_id else None, status)] += n
    return [CountRow(p, d, Status(st), n) for (p, d, st), n in out.items()]


def _figures(got: dict[str, Any], ward_district: Mapping[int, int], areas: bool) -> FollowUpFigures:
    by_policy, by_district, by_ward = _tallies(), _tallies(), _tallies()
    everything = FollowUpTally()
    for r in got["counts"]:
        _at(by_policy, r.policy_id).add(r.status, r.count)
        _at(by_district, r.district_id).add(r.status, r.count)
        everything.add(r.status, r.count)
    for _pid, ward_id, status, n in got["cells"]:
        _at(by_ward, ward_id).add(Status(status), n)
    ages: list[OpenAge] = []
    for pid, ward_id, late, age, n in got["open"]:
        district = ward_district.get(ward_id) if ward_id else None
        if age:
            ages.append(OpenAge(pid, district, age, n))
        if late:
            _at(by_policy, pid).overdue += n
            _at(by_ward, ward_id).overdue += n
            _at(by_district, district).overdue += n
            everything.overdue += n
    for key, days, n in got["days"]:
        everything.days[days] += n
        if not areas:
            _at(by_policy, key).days[days] += n
            continue
        _at(by_ward, key).days[days] += n
        _at(by_district, ward_district.get(key) if key else None).days[days] += n
    return FollowUpFigures(by_policy, by_district, by_ward, everything, ages)


def previous_period(f: CommentFilter) -> tuple[date, date]:
    """The period of the same length just before the filter's (which must have a start)."""
    if f.date_from is None or f.date_to is None:
        raise ValidationError(_("前の期間と比べるには、期間の開始日と終了日を指定してください。"))
    end = f.date_from - timedelta(days=1)
    months = _whole_months(f.date_from, f.date_to)
    if months:  # 4/1-9/30 is preceded by 10/1-3/31, not by the same number of days
        y, m = divmod(f.date_from.year * 12 + f.date_from.month - 1 - months, 12)
        return date(y, m + 1, 1), end
    length = (f.date_to - f.date_from).days + 1
    return end - timedelta(days=length - 1), end


def _whole_months(start: date, end: date) -> int:
    """How many calendar months the period covers when it runs from a 1st to a month's end."""
    if start.day != 1 or (end + timedelta(days=1)).day != 1:
        return 0
    after = end + timedelta(days=1)
    return (after.year * 12 + after.month) - (start.year * 12 + start.month)
