"""demo-data's bulk load: every row, index, copy, tally cell and search hit as a save would give."""

from __future__ import annotations

from datetime import date

from sqlalchemy import text

from komoro_feedback.domain.query import CommentFilter
from komoro_feedback.domain.text import normalize_for_search
from komoro_feedback.services.container import Services
from tests.helpers import (
    assert_policy_copies_exact,
    assert_tally_exact,
    record,
    schema_objects,
)


def _rows(sv: Services, table: str) -> int:
    with sv.db.read() as s:
        return int(s.scalar(text(f"SELECT count(*) FROM {table}")) or 0)


def _assert_loaded(sv: Services, comments: int, schema: set[tuple[str, str]]) -> None:
    assert _rows(sv, "comment") == comments
    assert _rows(sv, "status_history") == comments
    assert comments <= _rows(sv, "comment_policy") <= 2 * comments
    with sv.db.read() as s:
        primaries = s.scalar(text("SELECT count(*) FROM comment_policy WHERE is_primary"))
        seqs = s.scalar(text("SELECT count(DISTINCT seq) FROM comment"))
    assert primaries == comments and seqs == comments
    assert_policy_copies_exact(sv)
    assert schema_objects(sv) == schema  # dropped for the load, all back (and triggers enabled)
    assert_tally_exact(sv)
    assert sv.queries.count(CommentFilter()) == comments


def _search_matches_a_scan(sv: Services, term: str) -> None:
    """The search indexes find exactly the comments whose folded text holds the term."""
    with sv.db.read() as s:
        scanned = set(
            s.scalars(
                text("SELECT id FROM comment WHERE search_text LIKE :t"),
                {"t": f"%{normalize_for_search(term)}%"},
            )
        )
    assert scanned
    assert set(sv.queries.ids(CommentFilter(text=term))) == scanned


def test_a_fresh_load_and_an_appended_one_are_complete(services: Services) -> None:
    schema = schema_objects(services)
    services.demo.generate(300, seed=3, end=date(2026, 6, 30))
    _assert_loaded(services, 300, schema)
    services.demo.generate(200, seed=4, end=date(2026, 6, 30))
    _assert_loaded(services, 500, schema)
    for term in ("保育", "バス", "愛のりくん", "ごみの分別", "駅"):
        _search_matches_a_scan(services, term)


def test_a_load_after_a_save_keeps_both(services: Services) -> None:
    schema = schema_objects(services)
    saved = record(services, "駅前の駐輪場が足りない")
    services.demo.generate(100, seed=5, end=date(2026, 6, 30))
    _assert_loaded(services, 101, schema)
    assert services.comments.get(saved.id).text == "駅前の駐輪場が足りない"
    _search_matches_a_scan(services, "駐輪場")
