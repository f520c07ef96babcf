"""Japanese imperial eras (和暦) and fiscal years (年度), which neither Babel nor Qt provide."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Final, NamedTuple


@dataclass(frozen=True)
class Era:
    """One imperial era and the day it began."""

    name_ja: str
    name_en: str
    start: date


# Official start dates (the first day of each era's year 1 under the Gregorian calendar).
ERAS: Final[tuple[Era, ...]] = (
    Era("明治", "Meiji", date(1868, 10, 23)),
    Era("大正", "Taisho", date(1912, 7, 30)),
    Era("昭和", "Showa", date(1926, 12, 25)),
    Era("平成", "Heisei", date(1989, 1, 8)),
    Era("令和", "Reiwa", date(2019, 5, 1)),
)

_MONTHS_EN: Final = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


class EraYear(NamedTuple):
    """A date's era and year within it (year 1 is 元年)."""

    name_ja: str
    name_en: str
    year: int


def era_of(d: date) -> Era:
    """The era in effect on `d`; ValueError before Meiji."""
    for era in reversed(ERAS):
        if d >= era.start:
            return era
    raise ValueError(f"{d.isoformat()} is before the Meiji era ({ERAS[0].start.isoformat()})")


def to_era(d: date) -> EraYear:
    """The era and era year of `d`, e.g. 2024-04-01 → ("令和", "Reiwa", 6)."""
    era = era_of(d)
    return EraYear(era.name_ja, era.name_en, d.year - era.start.year + 1)


def format_era_year_ja(era: EraYear) -> str:
    """Write the era year: "令和6年", and "令和元年" for the first year of an era."""
    year = "元" if era.year == 1 else str(era.year)
    return f"{era.name_ja}{year}年"


def format_era_date(d: date, lang: str = "ja") -> str:
    """Write `d` in the imperial era: "令和6年4月1日", or "Reiwa 6 (2024), April 1" in English."""
    era = to_era(d)
    if _is_japanese(lang):
        return f"{format_era_year_ja(era)}{d.month}月{d.day}日"
    return f"{era.name_en} {era.year} ({d.year}), {_MONTHS_EN[d.month - 1]} {d.day}"


def fiscal_year(d: date) -> int:
    """The Japanese fiscal year (年度) containing `d`, named by its starting calendar year."""
    return d.year if d.month >= 4 else d.year - 1


def fiscal_year_range(fy: int) -> tuple[date, date]:
    """The first and last day of fiscal year `fy`: April 1 to March 31 of the next year."""
    return date(fy, 4, 1), date(fy + 1, 3, 31)


def fiscal_year_era(fy: int) -> EraYear:
    """The era name of fiscal year `fy`, as the city writes it (2019 → 令和元年度).

    A fiscal year takes the era in effect at the end of its starting calendar year, so fiscal
    2019 (the era changed on May 1) is 令和元年度, and fiscal 1988 (ending in Heisei) is 昭和63年度.
    """
    return to_era(date(fy, 12, 31))


def format_era_fiscal_year(fy: int, lang: str = "ja") -> str:
    """Write fiscal year `fy` in the era: "令和6年度", or "FY Reiwa 6 (2024)" in English."""
    era = fiscal_year_era(fy)
    if _is_japanese(lang):
        return f"{format_era_year_ja(era)}度"
    return f"FY {era.name_en} {era.year} ({fy})"


def _is_japanese(lang: str) -> bool:
    if lang not in ("ja", "en"):
        raise ValueError(f"unsupported language {lang!r}; expected 'ja' or 'en'")
    return lang == "ja"
