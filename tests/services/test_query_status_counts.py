"""Counts per ward and per month by status (districts page, dashboard) agree with the lists."""

from __future__ import annotations

from datetime import date

import pytest

from komoro_feedback.domain.enums import Status
from komoro_feedback.domain.query import CommentFilter
from komoro_feedback.services.container import Services
from tests.helpers import record


@pytest.fixture
def sample(services: Services) -> Services:
    a = record(services, "保育園を増やして", ward="乙女", received=date(2025, 4, 1))
    record(services, "公園の遊具", ward="乙女", received=date(2025, 4, 20))
    b = record(services, "給食がおいしい", ward="与良", received=date(2025, 6, 1))
    record(services, "財政が心配", ward=None, received=date(2024, 10, 1))
    gone = record(services, "重複した意見", ward="与良", received=date(2025, 6, 2))
    services.comments.answer(a.id, a.version, "検討します。")
    services.comments.change_status(b.id, b.version, Status.IN_PROGRESS)
    services.comments.delete(gone.id, gone.version)
    return services


def test_status_counts_by_ward(sample: Services) -> None:
    otome = sample.catalog.ward_by_name("乙女").id
    yora = sample.catalog.ward_by_name("与良").id
    rows = sorted(sample.queries.status_counts_by_ward(CommentFilter()), key=str)
    assert sorted(rows, key=str) == sorted(
        [
            (otome, Status.ANSWERED, 1),
            (otome, Status.RECEIVED, 1),
            (yora, Status.IN_PROGRESS, 1),
            (None, Status.RECEIVED, 1),  # city-wide; the deleted comment is not counted
        ],
        key=str,
    )
    period = CommentFilter(date_from=date(2025, 4, 1), date_to=date(2025, 4, 30))
    assert sorted(sample.queries.status_counts_by_ward(period), key=str) == sorted(
        [(otome, Status.ANSWERED, 1), (otome, Status.RECEIVED, 1)], key=str
    )
    total = sum(n for _w, _s, n in sample.queries.status_counts_by_ward(CommentFilter()))
    assert total == sample.queries.count(CommentFilter())


def test_status_counts_by_month_oldest_first(sample: Services) -> None:
    rows = sample.queries.status_counts_by_month(CommentFilter())
    assert [m for m, _s, _n in rows] == sorted(m for m, _s, _n in rows)
    assert sorted(rows, key=str) == sorted(
        [
            ("2024-10", Status.RECEIVED, 1),
            ("2025-04", Status.ANSWERED, 1),
            ("2025-04", Status.RECEIVED, 1),
            ("2025-06", Status.IN_PROGRESS, 1),
        ],
        key=str,
    )
    opened = sample.queries.status_counts_by_month(CommentFilter(open_only=True))
    assert {s for _m, s, _n in opened} <= {Status.RECEIVED, Status.IN_PROGRESS}
