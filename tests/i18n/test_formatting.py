"""Dates, periods and numbers in Japanese and English."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from decimal import Decimal

import pytest

from komoro_feedback.i18n.formatting import (
    format_date,
    format_datetime,
    format_fiscal_year,
    format_number,
    format_period,
)
from komoro_feedback.i18n.translation import current_language, set_language


@pytest.fixture
def restore_language() -> Iterator[None]:
    before = current_language()
    yield
    set_language(before)


def test_format_date_western() -> None:
    assert format_date(date(2024, 4, 1), "western", "ja") == "2024年4月1日"
    assert format_date(date(2024, 4, 1), "western", "en") == "April 1, 2024"
    assert format_date(date(2025, 12, 31), "western", "ja") == "2025年12月31日"


def test_format_date_era() -> None:
    assert format_date(date(2024, 4, 1), "era", "ja") == "令和6年4月1日"
    assert format_date(date(2019, 5, 1), "era", "ja") == "令和元年5月1日"
    assert format_date(date(2024, 4, 1), "era", "en") == "Reiwa 6 (2024), April 1"


@pytest.mark.usefixtures("restore_language")
def test_format_date_follows_the_current_language() -> None:
    set_language("en")
    assert format_date(date(2024, 4, 1)) == "April 1, 2024"
    set_language("ja")
    assert format_date(date(2024, 4, 1)) == "2024年4月1日"


def test_format_datetime() -> None:
    at = datetime(2024, 4, 1, 14, 5)
    assert format_datetime(at, "western", "ja") == "2024年4月1日 14:05"
    assert format_datetime(at, "era", "ja") == "令和6年4月1日 14:05"
    # A plain space before PM: the PDF font has no narrow no-break space (U+202F).
    assert format_datetime(at, "western", "en") == "April 1, 2024, 2:05 PM"
    assert format_datetime(datetime(2024, 4, 1, 9, 0), "western", "ja") == "2024年4月1日 9:00"


@pytest.mark.parametrize(
    ("n", "lang", "expected"),
    [
        (1234567, "ja", "1,234,567"),
        (1234567, "en", "1,234,567"),
        (999, "ja", "999"),
        (0, "en", "0"),
        (-4200, "ja", "-4,200"),
        (1234.5, "en", "1,234.5"),
        (Decimal("98765.25"), "ja", "98,765.25"),
    ],
)
def test_format_number(n: int | float | Decimal, lang: str, expected: str) -> None:
    assert format_number(n, lang) == expected


def test_format_period() -> None:
    start, end = date(2024, 4, 1), date(2025, 3, 31)
    assert format_period(start, end, "western", "ja") == "2024年4月1日～2025年3月31日"
    assert format_period(start, end, "era", "ja") == "令和6年4月1日～令和7年3月31日"
    assert format_period(start, end, "western", "en") == "April 1, 2024 – March 31, 2025"


def test_format_period_with_open_end() -> None:
    assert format_period(date(2024, 4, 1), None, "western", "ja") == "2024年4月1日～"
    assert format_period(date(2024, 4, 1), None, "western", "en") == "April 1, 2024 –"


def test_format_fiscal_year() -> None:
    assert format_fiscal_year(2024, "western", "ja") == "2024年度"
    assert format_fiscal_year(2024, "era", "ja") == "令和6年度"
    assert format_fiscal_year(2019, "era", "ja") == "令和元年度"
    assert format_fiscal_year(2024, "western", "en") == "FY2024"


def test_unsupported_language_is_rejected() -> None:
    with pytest.raises(ValueError, match="de"):
        format_date(date(2024, 4, 1), "western", "de")
    with pytest.raises(ValueError, match="de"):
        format_number(1, "de")
