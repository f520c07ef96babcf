"""Themes of a selection: the same concern grouped and labelled, masked samples, filters."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from komoro_feedback.domain.comment import SpeakerContact
from komoro_feedback.domain.query import CommentFilter, CommentQuery
from komoro_feedback.services.container import Services
from tests.helpers import record

LABELLED = Path(__file__).resolve().parents[1] / "data" / "themes_labelled.tsv"
WARDS = ("乙女", "与良", "御影", "大久保")


def labelled(*themes: str) -> list[tuple[str, str]]:
    rows = [line.rstrip("\n").split("\t") for line in LABELLED.open(encoding="utf-8")][1:]
    return [(r[1], r[2]) for r in rows if r[1] in themes]


def fill(sv: Services, *themes: str, policy: str = "2-01") -> dict[str, str]:
    """Record the labelled comments of these themes; returns comment id -> theme."""
    out = {}
    for i, (theme, text) in enumerate(labelled(*themes)):
        c = record(sv, text, ward=WARDS[i % 4], policies=(policy,), received=date(2025, 5, 1))
        out[c.id] = theme
    return out


def test_comments_about_one_concern_form_one_theme_with_its_words(
    sqlite_services: Services,
) -> None:
    truth = fill(sqlite_services, "獣害", "図書館の開館時間", "防災無線が聞こえない")
    result = sqlite_services.themes.themes(CommentFilter())
    assert result.total == 24
    assert sum(t.count for t in result.themes) + result.unthemed == 24
    for concern, word in (("図書館の開館時間", "図書館"), ("防災無線が聞こえない", "無線")):
        best = max(result.themes, key=lambda t: sum(truth[i] == concern for i in t.comment_ids))
        mine = sum(truth[i] == concern for i in best.comment_ids)
        assert mine >= 5 and mine >= 0.75 * best.count, (best.label, mine, best.count)
        assert word in best.label
    for t in result.themes:
        assert 1 <= len(t.representatives) <= 3
        assert {r.comment_id for r in t.representatives} <= set(t.comment_ids)
        assert sum(n for _, n in t.wards) == t.count
        assert {w for w, _ in t.wards} <= set(WARDS)


def test_same_data_gives_the_same_themes(sqlite_services: Services) -> None:
    fill(sqlite_services, "除雪", "空き家", "保育園の待機")
    first = sqlite_services.themes.themes(CommentFilter())
    sqlite_services.themes._engine = None  # a fresh engine, as in another session
    again = sqlite_services.themes.themes(CommentFilter())
    assert first == again


def test_representatives_never_show_a_phone_number_mail_or_the_speakers_name(
    sqlite_services: Services,
) -> None:
    fill(sqlite_services, "図書館の開館時間")
    speaker = SpeakerContact("浅間太郎", "090-1111-2222")
    for text in (
        "浅間太郎です。図書館の開館時間を夜まで延ばしてほしい。0267-22-1234 まで連絡ください。",
        "図書館が夕方に閉まるので仕事帰りに寄れない。開館時間の延長を。taro@example.jp",
    ):
        record(sqlite_services, text, ward="乙女", policies=("2-01",), speaker=speaker)
    result = sqlite_services.themes.themes(CommentFilter())
    shown = " ".join(r.text for t in result.themes for r in t.representatives)
    assert "図書館" in shown
    for secret in ("浅間太郎", "0267-22-1234", "taro@example.jp"):
        assert secret not in shown


@pytest.mark.parametrize("by", ["policy", "district", "period"])
def test_a_filter_limits_the_comments_grouped(services: Services, by: str) -> None:
    fill(services, "獣害", policy="4-01")
    record(
        services,
        "除雪をもっと早く。",
        ward="平原",
        policies=("5-03",),
        received=date(2023, 1, 10),
    )
    sv = services
    f = {
        "policy": CommentFilter(policy_ids=(sv.catalog.policy_by_code("4-01").id,)),
        "district": CommentFilter(district_ids=(sv.catalog.ward_by_name("乙女").district_id,)),
        "period": CommentFilter(date_from=date(2025, 1, 1)),
    }[by]
    result = sv.themes.themes(f)
    ids = {i for t in result.themes for i in t.comment_ids}
    # the district of 乙女 holds two of the four wards the comments were spread over
    assert result.total == (4 if by == "district" else 8)
    assert all("除雪" not in r.text for t in result.themes for r in t.representatives)
    assert len(ids) + result.unthemed == result.total


def test_no_comments_no_themes(sqlite_services: Services) -> None:
    result = sqlite_services.themes.themes(CommentFilter())
    assert result.themes == () and result.total == 0


def test_a_very_broad_selection_uses_the_newest_comments_and_says_so(
    sqlite_services: Services,
) -> None:
    fill(sqlite_services, "空き家", "除雪")
    sqlite_services.themes.max_comments = 10
    result = sqlite_services.themes.themes(CommentFilter())
    assert result.limited and result.total == 10
    newest = sqlite_services.queries.page(CommentQuery(filter=CommentFilter(), limit=10))
    used = {i for t in result.themes for i in t.comment_ids}
    assert used <= {c.id for c in newest.items}
    sqlite_services.themes.max_comments = 16
    assert not sqlite_services.themes.themes(CommentFilter()).limited
