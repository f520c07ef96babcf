"""Dates as the city writes them: full width, with a time, in 令和/平成 with 元年, abbreviated."""

from __future__ import annotations

from datetime import date

import pytest

from komoro_feedback.i18n.date_parse import DateParseError, parse_city_date
from komoro_feedback.i18n.translation import set_language


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024-05-01", date(2024, 5, 1)),
        ("2024/5/1", date(2024, 5, 1)),
        ("２０２４／５／１", date(2024, 5, 1)),
        ("２０２４年５月１日", date(2024, 5, 1)),
        ("2024/5/1 9:00", date(2024, 5, 1)),
        ("2024-05-01 23:59:59", date(2024, 5, 1)),
        ("2024-05-01T09:30", date(2024, 5, 1)),
        ("2024年5月1日", date(2024, 5, 1)),
        ("令和6年5月1日", date(2024, 5, 1)),
        ("令和６年５月１日", date(2024, 5, 1)),
        ("令和 6年 5月 1日", date(2024, 5, 1)),
        ("令和元年5月1日", date(2019, 5, 1)),
        ("平成31年4月30日", date(2019, 4, 30)),
        ("平成元年1月8日", date(1989, 1, 8)),
        ("昭和64年1月7日", date(1989, 1, 7)),
        ("R6.5.1", date(2024, 5, 1)),
        ("r06.05.01", date(2024, 5, 1)),
        ("Ｒ６．５．１", date(2024, 5, 1)),
        ("H31.4.30", date(2019, 4, 30)),
        ("R1.5.1", date(2019, 5, 1)),
        ("令6.5.1", date(2024, 5, 1)),
        ("㋿6年5月1日", date(2024, 5, 1)),
        ("令和6年5月1日 9:00", date(2024, 5, 1)),
    ],
)
def test_accepted(text: str, expected: date) -> None:
    assert parse_city_date(text) == expected


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("令和元年4月30日", "2019年5月1日から"),  # the day before Reiwa began
        ("R1.4.30", "2019年5月1日から"),
        ("平成31年5月1日", "2019年4月30日まで"),  # Heisei had ended
        ("H32.1.1", "2019年4月30日まで"),
        ("昭和64年1月8日", "1989年1月7日まで"),
        ("平成元年1月7日", "1989年1月8日から"),
        ("令和0年5月1日", "元年"),
        ("2024/2/30", "ありえない"),
        ("令和6年13月1日", "ありえない"),
        ("2024/5/1 24:00", "時刻"),
        ("2024/5/1 9:60", "時刻"),
        ("去年の春", "読めません"),
        ("X6.5.1", "読めません"),
        ("45413", "読めません"),
        ("", "読めません"),
    ],
)
def test_refused_with_the_reason(text: str, why: str) -> None:
    with pytest.raises(DateParseError) as info:
        parse_city_date(text)
    assert why in str(info.value)
    assert text in str(info.value)


def test_the_reason_is_in_english_when_english_is_chosen() -> None:
    set_language("en")
    with pytest.raises(DateParseError) as info:
        parse_city_date("平成31年5月1日")
    assert str(info.value) == (
        '"平成31年5月1日": Heisei ended on April 30, 2019 (Reiwa began the next day).'
    )
