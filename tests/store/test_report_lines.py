"""The rows a report prints, read narrow: the same comments, order and values as the list."""

from __future__ import annotations

from datetime import date

from komoro_feedback.domain.comment import SpeakerContact
from komoro_feedback.domain.enums import Status
from komoro_feedback.domain.query import CommentFilter, CommentQuery, SortKey
from komoro_feedback.services.container import Services
from komoro_feedback.store.report_lines import handles, line_rows
from komoro_feedback.store.report_repository import ReportRepository
from tests.helpers import record


def _listed(services: Services, f: CommentFilter) -> list[tuple[object, ...]]:
    page = services.queries.page(
        CommentQuery(filter=f, sort=SortKey.RECEIVED, descending=False, limit=10_000)
    )
    return [
        (
            c.id,
            c.received_on,
            c.ward_name,
            c.district_name,
            c.kind,
            c.status,
            c.text,
            c.department_name,
            c.answer,
            c.answered_on,
            c.spot_answer,
            c.due_on,
        )
        for c in page.items
    ]


def _read(services: Services, f: CommentFilter, size: int) -> list[tuple[object, ...]]:
    out: list[tuple[object, ...]] = []
    after = None
    while True:
        with services.db.read() as s:
            rows = line_rows(s, f, after, size)
        out.extend(
            (
                r.id,
                r.received_on,
                r.ward,
                r.district,
                r.kind,
                r.status,
                r.text,
                r.department,
                r.answer,
                r.answered_on,
                r.spot_answer,
                r.due_on,
            )
            for r in rows
        )
        if len(rows) < size:
            return out
        after = (rows[-1].received_on, rows[-1].seq)


def test_report_rows_match_the_list_page_by_page(services: Services) -> None:
    services.demo.generate(300, seed=5, end=date(2025, 3, 31))
    policy = services.catalog.programme().pillars[0].policies[0]
    for f in (
        CommentFilter(date_from=date(2024, 10, 1)),
        CommentFilter(policy_ids=(policy.id,), primary_only=True),
        CommentFilter(statuses=(Status.ANSWERED,), date_to=date(2025, 1, 31)),
    ):
        expected = _listed(services, f)
        assert expected, f
        # pages of 7 rows cross days with several comments: the cursor must not skip or repeat
        assert _read(services, f, 7) == expected
    everything = _listed(services, CommentFilter())
    assert any(row[2] == "" for row in everything)  # city-wide comments: no ward, printed ""
    assert any(row[9] is not None for row in everything)  # answered dates come back as dates


def test_free_text_is_left_to_the_list() -> None:
    assert handles(CommentFilter(district_ids=(1,)))
    assert not handles(CommentFilter(text="除雪"))


def test_group_sizes_and_names_for_masking(services: Services) -> None:
    a = record(services, "歩道の除雪をお願いします。", speaker=SpeakerContact("山田花子", "090"))
    b = record(services, "歩道の除雪をもっと早く。")
    c = record(services, "除雪車が来ない。", speaker=SpeakerContact("", "090"))  # no name
    d = record(services, "街灯を増やしてほしい。")
    services.similar.link([a.id, b.id, c.id])
    repo = ReportRepository()
    ids = [a.id, b.id, c.id, d.id]
    with services.db.read() as s:
        assert repo.group_sizes(s, ids) == {a.id: 3, b.id: 3, c.id: 3}
        assert repo.speaker_names(s, ids) == {a.id: "山田花子"}
        assert repo.group_sizes(s, []) == {} and repo.speaker_names(s, []) == {}
