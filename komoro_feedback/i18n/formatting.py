"""Dates, periods and numbers as a reader of the chosen language expects them."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from functools import lru_cache
from typing import Final, Literal

from babel.dates import format_date as _babel_date
from babel.dates import format_time as _babel_time
from babel.numbers import format_decimal as _babel_decimal

from komoro_feedback.i18n.era import format_era_date, format_era_fiscal_year
from komoro_feedback.i18n.translation import Language, current_language, is_supported_language

DateStyle = Literal["western", "era"]

_BABEL_LOCALES: Final[dict[Language, str]] = {"ja": "ja_JP", "en": "en_US"}
# Japanese writes a range with a full-width wave dash and no spaces; English with a spaced en dash.
_PERIOD_SEPARATORS: Final[dict[Language, str]] = {"ja": "～", "en": " – "}


def format_date(d: date, style: DateStyle = "western", lang: str | None = None) -> str:
    """Write `d`: "2024年4月1日" / "令和6年4月1日"; "April 1, 2024" / "Reiwa 6 (2024), April 1"."""
    language = _language(lang)
    if style == "era":
        return format_era_date(d, language)
    return _long_date(d, _BABEL_LOCALES[language])


@lru_cache(maxsize=8192)
def _long_date(d: date, locale: str) -> str:
    # Babel parses the locale and the CLDR pattern on every call: 9 % of a 10,000-comment
    # policy report went here, for a few hundred distinct dates.
    return _babel_date(d, "long", locale=locale)


def format_datetime(dt: datetime, style: DateStyle = "western", lang: str | None = None) -> str:
    """The date as in `format_date`, then the time: "2024年4月1日 14:05", "April 1, 2024, 2:05 PM".

    The wall-clock time in `dt` is shown as is; convert aware datetimes to local time first.
    """
    language = _language(lang)
    time = _babel_time(dt, "short", locale=_BABEL_LOCALES[language])
    # CLDR puts a narrow no-break space before AM/PM; the bundled PDF font has no glyph for it.
    time = time.replace("\u202f", " ")
    separator = ", " if language == "en" else " "
    return f"{format_date(dt.date(), style, language)}{separator}{time}"


def format_number(n: int | float | Decimal, lang: str | None = None) -> str:
    """`n` with the language's digit grouping: 1234567 → "1,234,567"."""
    return _babel_decimal(n, locale=_BABEL_LOCALES[_language(lang)])


def format_period(
    start: date, end: date | None, style: DateStyle = "western", lang: str | None = None
) -> str:
    """Write a period: "2024年4月1日～2025年3月31日"; with no end, "2024年4月1日～"."""
    language = _language(lang)
    separator = _PERIOD_SEPARATORS[language]
    first = format_date(start, style, language)
    if end is None:
        return f"{first}{separator}".rstrip()
    return f"{first}{separator}{format_date(end, style, language)}"


def format_fiscal_year(fy: int, style: DateStyle = "western", lang: str | None = None) -> str:
    """Write fiscal year `fy` (April to March): "2024年度" / "令和6年度"; "FY2024" in English."""
    language = _language(lang)
    if style == "era":
        return format_era_fiscal_year(fy, language)
    return f"{fy}年度" if language == "ja" else f"FY{fy}"


def _language(lang: str | None) -> Language:
    if lang is None:
        return current_language()
    if not is_supported_language(lang):
        raise ValueError(f"unsupported language {lang!r}; expected 'ja' or 'en'")
    return lang
