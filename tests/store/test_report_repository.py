"""The follow-up aggregates of the reports, on SQLite and PostgreSQL: open, overdue, long-open,
days to answer, and the dates behind an open-ended period."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta

from komoro_feedback.domain.query import CommentFilter
from komoro_feedback.services.container import Services
from komoro_feedback.store.report_repository import ReportRepository

AS_OF = date(2025, 4, 1)


def test_follow_up_aggregates_match_the_comments(services: Services) -> None:
    services.demo.generate(300, seed=3, end=date(2025, 3, 31))
    f = CommentFilter(date_from=date(2024, 7, 1))
    comments = services.queries.get_many(services.queries.ids(f))
    cutoffs = [AS_OF - timedelta(days=d + 1) for d in (30, 90, 180)]
    repo = ReportRepository()
    with services.db.read() as s:
        opened = repo.open_counts(s, f, AS_OF, cutoffs)
        days_by_policy = repo.answer_days(s, f, "policy")
        days_by_ward = repo.answer_days(s, f, "ward")
        first, last = repo.received_range(s, f)

    expected_open: Counter[tuple[int | None, int | None, bool, int]] = Counter()
    for c in comments:
        if c.status.is_open:
            late = c.due_on is not None and c.due_on < AS_OF
            age = sum(1 for cut in cutoffs if c.received_on <= cut)
            pid = c.policy_ids[0] if c.policy_ids else None
            expected_open[(pid, c.ward_id, late, age)] += 1
    assert {(p, w, o, a): n for p, w, o, a, n in opened} == dict(expected_open)
    assert any(late for _p, _w, late, _a, _n in opened)
    assert {a for *_x, a, _n in opened} >= {0, 3}

    answered = [c for c in comments if c.answered_on is not None]
    by_policy = Counter(
        (c.policy_ids[0] if c.policy_ids else None, (c.answered_on - c.received_on).days)
        for c in answered
        if c.answered_on
    )
    assert {(k, d): n for k, d, n in days_by_policy} == dict(by_policy)
    by_ward = Counter(
        (c.ward_id, (c.answered_on - c.received_on).days) for c in answered if c.answered_on
    )
    assert {(k, d): n for k, d, n in days_by_ward} == dict(by_ward)
    received = sorted(c.received_on for c in comments)
    assert (first, last) == (received[0], received[-1])
