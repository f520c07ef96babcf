"""Imperial era dates (和暦) and Japanese fiscal years (年度)."""

from __future__ import annotations

from datetime import date
from itertools import pairwise

import pytest

from komoro_feedback.i18n.era import (
    ERAS,
    EraYear,
    fiscal_year,
    fiscal_year_era,
    fiscal_year_range,
    format_era_date,
    format_era_fiscal_year,
    to_era,
)


@pytest.mark.parametrize(
    ("d", "expected"),
    [
        (date(2019, 5, 1), "令和元年5月1日"),
        (date(2019, 4, 30), "平成31年4月30日"),
        (date(1989, 1, 7), "昭和64年1月7日"),
        (date(1989, 1, 8), "平成元年1月8日"),
        (date(2024, 4, 1), "令和6年4月1日"),
        (date(2025, 3, 31), "令和7年3月31日"),
        (date(2020, 1, 1), "令和2年1月1日"),
        (date(1926, 12, 24), "大正15年12月24日"),
        (date(1926, 12, 25), "昭和元年12月25日"),
        (date(1912, 7, 29), "明治45年7月29日"),
        (date(1912, 7, 30), "大正元年7月30日"),
        (date(1868, 10, 23), "明治元年10月23日"),
        (date(1988, 12, 31), "昭和63年12月31日"),
    ],
)
def test_format_era_date_japanese(d: date, expected: str) -> None:
    assert format_era_date(d, "ja") == expected


def test_format_era_date_english() -> None:
    assert format_era_date(date(2024, 4, 1), "en") == "Reiwa 6 (2024), April 1"
    assert format_era_date(date(2019, 5, 1), "en") == "Reiwa 1 (2019), May 1"
    assert format_era_date(date(2019, 4, 30), "en") == "Heisei 31 (2019), April 30"


def test_to_era_returns_names_and_year() -> None:
    assert to_era(date(2024, 4, 1)) == EraYear("令和", "Reiwa", 6)
    assert to_era(date(2024, 4, 1)) == ("令和", "Reiwa", 6)
    assert to_era(date(1989, 1, 7)) == ("昭和", "Showa", 64)


def test_every_era_starts_with_year_one_and_the_day_before_is_the_previous_era() -> None:
    for previous, era in pairwise(ERAS):
        assert to_era(era.start) == (era.name_ja, era.name_en, 1)
        day_before = date.fromordinal(era.start.toordinal() - 1)
        assert to_era(day_before).name_ja == previous.name_ja


def test_dates_before_meiji_are_rejected() -> None:
    with pytest.raises(ValueError, match="Meiji"):
        to_era(date(1868, 10, 22))


def test_unknown_language_is_rejected() -> None:
    with pytest.raises(ValueError, match="fr"):
        format_era_date(date(2024, 4, 1), "fr")


@pytest.mark.parametrize(
    ("d", "expected"),
    [
        (date(2024, 4, 1), 2024),
        (date(2025, 3, 31), 2024),
        (date(2025, 1, 1), 2024),
        (date(2024, 3, 31), 2023),
        (date(2024, 12, 31), 2024),
    ],
)
def test_fiscal_year_starts_on_april_first(d: date, expected: int) -> None:
    assert fiscal_year(d) == expected


def test_fiscal_year_range() -> None:
    assert fiscal_year_range(2024) == (date(2024, 4, 1), date(2025, 3, 31))
    start, end = fiscal_year_range(2024)
    assert fiscal_year(start) == fiscal_year(end) == 2024


@pytest.mark.parametrize(
    ("fy", "expected"),
    [
        (2024, "令和6年度"),
        (2019, "令和元年度"),
        (2018, "平成30年度"),
        (1989, "平成元年度"),
        (1988, "昭和63年度"),
    ],
)
def test_format_era_fiscal_year(fy: int, expected: str) -> None:
    assert format_era_fiscal_year(fy, "ja") == expected


def test_format_era_fiscal_year_english() -> None:
    assert format_era_fiscal_year(2024, "en") == "FY Reiwa 6 (2024)"
    assert fiscal_year_era(2019) == ("令和", "Reiwa", 1)
