"""Totals per row of the policies and districts pages: all, open and answered comments."""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from typing import TypeVar

from komoro_feedback.domain.enums import OPEN_STATUSES, Status

K = TypeVar("K", bound=Hashable)

#: What the pages count as answered: an answer was given (回答済) or the matter was dealt with.
ANSWERED_STATUSES: tuple[Status, ...] = (Status.ANSWERED, Status.DONE)


@dataclass(slots=True)
class Tally:
    """Comment counts of one policy, pillar, ward or district."""

    total: int = 0
    open: int = 0
    answered: int = 0

    def add(self, status: Status, n: int) -> None:
        self.total += n
        if status in OPEN_STATUSES:
            self.open += n
        if status in ANSWERED_STATUSES:
            self.answered += n

    def merge(self, other: Tally) -> None:
        self.total += other.total
        self.open += other.open
        self.answered += other.answered


def tally_by(rows: Iterable[tuple[K, Status, int]]) -> dict[K, Tally]:
    """Sum (key, status, count) rows into one Tally per key."""
    out: dict[K, Tally] = {}
    for key, status, n in rows:
        out.setdefault(key, Tally()).add(status, n)
    return out
