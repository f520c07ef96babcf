"""The counts tally: exact after every kind of write, read back per period, repaired by check."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta

from sqlalchemy import text

from komoro_feedback.domain.comment import CommentEdit
from komoro_feedback.domain.enums import CommentKind, Status
from komoro_feedback.domain.query import CommentFilter
from komoro_feedback.services.container import Services
from komoro_feedback.store.bulk_writer import bulk_comments
from komoro_feedback.store.tally_sql import split_period
from tests.helpers import assert_tally_exact, record


def _counted(sv: Services, f: CommentFilter) -> int:
    """What the list shows for the filter: its comments, one by one."""
    return len(sv.queries.ids(f))


def _total(sv: Services, f: CommentFilter) -> int:
    return sum(r.count for r in sv.queries.counts(f))


def test_each_kind_of_write_keeps_the_tally_exact(services: Services) -> None:
    sv = services
    a = record(sv, "バスの本数", received=date(2025, 3, 31))
    b = record(sv, "公園の遊具", ward=None, policies=(), received=date(2025, 4, 1))
    c = record(sv, "図書館", ward="平原", policies=("2-01", "1-04"), received=date(2026, 1, 5))
    assert_tally_exact(sv)
    mikage = sv.catalog.ward_by_name("平原").id
    a = sv.comments.edit(
        CommentEdit(
            a.id,
            a.version,
            kind=CommentKind.QUESTION,
            ward_id=mikage,
            policy_ids=(sv.catalog.policy_by_code("3-02").id,),
            received_on=date(2025, 6, 2),
        )
    )
    assert_tally_exact(sv)
    sv.comments.change_status(b.id, b.version, Status.ROUTED)
    assert_tally_exact(sv)
    sv.comments.delete(c.id, c.version)
    assert_tally_exact(sv)
    assert _total(sv, CommentFilter()) == 2
    assert _total(sv, CommentFilter(deleted_only=True)) == 1
    sv.comments.restore(c.id)
    assert_tally_exact(sv)
    assert sv.comments.bulk_status([a.id, b.id, c.id], Status.ANSWERED) == 3
    assert_tally_exact(sv)
    answered = CommentFilter(statuses=(Status.ANSWERED,))
    assert sv.queries.count(answered) == 3
    assert sv.queries.count(CommentFilter(ward_ids=(mikage,))) == 2
    assert sv.queries.count(CommentFilter(city_wide_only=True)) == 1


def test_counts_of_any_period_equal_the_comments_listed(services: Services) -> None:
    days = [
        date(2024, 4, 1),
        date(2024, 12, 31),
        date(2025, 1, 15),
        date(2025, 3, 31),
        date(2025, 4, 1),
        date(2025, 4, 30),
        date(2025, 5, 1),
        date(2025, 11, 20),
        date(2026, 3, 31),
    ]
    for i, day in enumerate(days):
        record(services, f"意見{i}", received=day, ward="乙女" if i % 2 else None)
    periods = [
        (None, None),
        (date(2025, 4, 1), date(2026, 3, 31)),  # one fiscal year
        (date(2024, 12, 31), date(2025, 4, 30)),  # a day, whole months, a month
        (date(2025, 1, 16), date(2025, 4, 1)),  # days at both edges
        (date(2025, 4, 1), None),
        (None, date(2025, 3, 31)),
        (date(2026, 4, 1), None),  # nothing there
    ]
    for lo, hi in periods:
        f = CommentFilter(date_from=lo, date_to=hi)
        assert _total(services, f) == _counted(services, f), (lo, hi)
        assert services.queries.count(f) == _counted(services, f), (lo, hi)
        by_month = services.queries.status_counts_by_month(f)
        assert sum(n for _m, _s, n in by_month) == _counted(services, f)
        by_ward = services.queries.status_counts_by_ward(f)
        assert sum(n for _w, _s, n in by_ward) == _counted(services, f)
        opened = replace(f, open_only=True, district_ids=(services.catalog.districts()[0].id,))
        assert services.queries.count(opened) == _counted(services, opened)


def test_demo_data_and_appending_keep_the_tally_exact(services: Services) -> None:
    services.demo.generate(300, seed=3, end=date(2026, 6, 30))
    assert_tally_exact(services)
    services.demo.generate(200, seed=4, end=date(2026, 6, 30))
    assert_tally_exact(services)
    f = CommentFilter(date_from=date(2025, 4, 10), date_to=date(2026, 2, 3), open_only=True)
    assert services.queries.count(f) == _counted(services, f)


def test_check_recounts_the_tally_and_says_what_it_fixed(services: Services) -> None:
    record(services, "バスの本数")
    record(services, "公園の遊具")
    with services.db.write() as s:
        s.execute(
            text("UPDATE comment_tally SET n = n + 5 WHERE bucket IN ('*', 'D*') AND ward_id >= 0")
        )
    assert _total(services, CommentFilter()) == 2 + 5  # drifted (only raw SQL can do this)
    result = services.backups.check()
    assert result.ok
    assert len(result.repaired) == 1 and "5" in result.repaired[0]
    assert _total(services, CommentFilter()) == 2
    assert services.backups.check().repaired == ()


def test_a_period_is_read_as_fiscal_years_months_and_edge_days() -> None:
    buckets, edges = split_period(date(2024, 3, 15), date(2026, 5, 10))
    assert buckets == ["F2024", "F2025", "2026-04"]
    assert edges == [(date(2024, 3, 15), date(2024, 3, 31)), (date(2026, 5, 1), date(2026, 5, 10))]
    months, edges = split_period(date(2025, 4, 1), date(2025, 6, 30), fiscal_years=False)
    assert months == ["2025-04", "2025-05", "2025-06"] and edges == []


def test_district_counts_follow_a_ward_moved_to_another_district(services: Services) -> None:
    sv = services
    record(sv, "図書館の開館時間", ward="平原", received=date(2025, 5, 1))
    record(sv, "バスの本数", ward="平原", received=date(2026, 2, 1))
    ward = sv.catalog.ward_by_name("平原")
    other = next(d for d in sv.catalog.districts() if d.id != ward.district_id)

    def in_district(district_id: int) -> int:
        f = CommentFilter(district_ids=(district_id,))
        total = sum(r.count for r in sv.queries.counts(f))
        # A count of the district reads its district cells too (not the wards').
        assert sv.queries.count(f) == total == sv.queries.count(replace(f, open_only=True))
        return total

    assert in_district(ward.district_id) == 2
    with sv.db.write() as s:  # no screen moves a ward yet; the tally must follow any writer
        s.execute(
            text("UPDATE ward SET district_id = :d WHERE id = :w"), {"d": other.id, "w": ward.id}
        )
    assert_tally_exact(sv)
    assert in_district(ward.district_id) == 0
    assert in_district(other.id) == 2
    fy2025 = CommentFilter(district_ids=(other.id,), date_from=date(2025, 4, 1))
    assert sum(r.count for r in sv.queries.counts(replace(fy2025, date_to=date(2026, 3, 31)))) == 2


def _bulk_rows(sv: Services) -> list[dict[str, object]]:
    """Comments as a package or sheet brings them: some deleted, some without a policy or a
    ward, on both sides of a fiscal year's start, statuses and kinds as enum members."""
    from komoro_feedback.domain.ids import new_comment_id

    policies = [p.id for p in sv.catalog.programme().policies()][:3]
    wards = [w.id for d in sv.catalog.districts() for w in d.wards][:4]
    now = datetime(2026, 5, 1, 9, 0)
    rows: list[dict[str, object]] = []
    for i in range(40):
        rows.append(
            {
                "id": new_comment_id(),
                "channel": "letter",
                "received_on": date(2026, 3, 25) + timedelta(days=i % 12),
                "ward_id": None if i % 5 == 0 else wards[i % len(wards)],
                "kind": list(CommentKind)[i % len(CommentKind)],
                "text": f"意見{i}",
                "search_text": f"意見{i}",
                "primary_policy_id": None if i % 7 == 0 else policies[i % len(policies)],
                "needs_answer": True,
                "status": list(Status)[i % len(Status)],
                "answer": "",
                "spot_answer": "",
                "age_band": "",
                "gender": "",
                "origin": "",
                "created_at": now,
                "created_by": "t",
                "updated_at": now,
                "updated_by": "t",
                "deleted_at": now if i % 6 == 0 else None,
                "deleted_by": "t" if i % 6 == 0 else "",
                "version": 1,
            }
        )
    return rows


def test_a_bulk_load_into_an_empty_table_counts_every_kind_of_comment(
    services: Services,
) -> None:
    """Such a load counts its tally while writing (store/tally_cells.py), not with SQL:
    deleted, policy-less and city-wide comments land in the same cells a recount gives."""
    rows = _bulk_rows(services)
    with bulk_comments(services.db) as writer:
        assert writer.counter is not None  # the path under test
        for batch in (rows[:25], rows[25:]):
            policies = [
                {"comment_id": r["id"], "policy_id": r["primary_policy_id"]}
                | {"is_primary": True, "position": 0}
                for r in batch
                if r["primary_policy_id"] is not None
            ]
            writer.write_carried(batch, policies, [])
    assert_tally_exact(services)
    shown = CommentFilter(date_from=date(2026, 3, 1), date_to=date(2026, 4, 30))
    assert _total(services, shown) == _counted(services, shown) == 40 - 7  # 7 deleted
