"""Read a date as the city writes it: 西暦 in any width, with a time, or in 令和/平成 with 元年."""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from typing import Final

from komoro_feedback.i18n.era import ERAS, Era
from komoro_feedback.i18n.translation import _, current_language

# Era names and their abbreviations: 令和 / 令 / R (NFKC already turned ㋿ and ㍻ into kanji).
_ERA_ALIASES: Final[dict[str, str]] = {
    **{e.name_ja: e.name_ja for e in ERAS},
    **{e.name_ja[0]: e.name_ja for e in ERAS},
    **{e.name_en[0].upper(): e.name_ja for e in ERAS},
}
_SEP = r"\s*[-/.年]\s*"
_TIME = r"(?:[\sT]+(\d{1,2}):(\d{2})(?::(\d{2}))?)?"
_GREGORIAN = re.compile(rf"^(\d{{4}}){_SEP}(\d{{1,2}})\s*[-/.月]\s*(\d{{1,2}})\s*日?{_TIME}$")
_ERA_DATE = re.compile(
    rf"^({'|'.join(sorted(_ERA_ALIASES, key=len, reverse=True))})\s*(元|\d{{1,2}}){_SEP}"
    rf"(\d{{1,2}})\s*[-/.月]\s*(\d{{1,2}})\s*日?{_TIME}$",
    re.IGNORECASE,
)


class DateParseError(ValueError):
    """The text is not a date; the message says why, fit to show a user."""


def parse_city_date(text: str) -> date:
    """The date in `text`: 2024-05-01, 2024/5/1, ２０２４／５／１, 2024/5/1 9:00, 2024年5月1日,
    令和6年5月1日, 令和元年5月1日, R6.5.1, H31.4.30. A time of day is checked and dropped."""
    s = unicodedata.normalize("NFKC", text).strip()
    m = _GREGORIAN.match(s)
    if m:
        _check_time(m[4], m[5], m[6], text)
        return _make_date(int(m[1]), int(m[2]), int(m[3]), text)
    m = _ERA_DATE.match(s)
    if m:
        _check_time(m[5], m[6], m[7], text)
        era = _era_named(_ERA_ALIASES[m[1].upper() if m[1].isascii() else m[1]])
        year = 1 if m[2] == "元" else int(m[2])
        return from_era(era, year, int(m[3]), int(m[4]), text)
    raise DateParseError(
        _("「{v}」は日付として読めません（例 2024-05-01、令和6年5月1日）。").format(v=text)
    )


def from_era(era: Era, year: int, month: int, day: int, text: str = "") -> date:
    """The Gregorian date of era `year` (1 = 元年), refused outside the era's own span."""
    shown = text or f"{era.name_ja}{year}年{month}月{day}日"
    if year < 1:
        raise DateParseError(_("「{v}」: 年は元年（1年）からです。").format(v=shown))
    d = _make_date(era.start.year + year - 1, month, day, shown)
    following = [e for e in ERAS if e.start > era.start]
    if d < era.start:
        raise DateParseError(
            _("「{v}」: {era}は{start}からです。").format(
                v=shown, era=_era_name(era), start=_day(era.start)
            )
        )
    if following and d >= following[0].start:
        raise DateParseError(
            _("「{v}」: {era}は{end}までです（翌日から{next}）。").format(
                v=shown,
                era=_era_name(era),
                end=_day(date.fromordinal(following[0].start.toordinal() - 1)),
                next=_era_name(following[0]),
            )
        )
    return d


def _era_named(name: str) -> Era:
    return next(e for e in ERAS if e.name_ja == name)


def _make_date(year: int, month: int, day: int, text: str) -> date:
    try:
        return date(year, month, day)
    except ValueError as exc:
        raise DateParseError(_("「{v}」はありえない日付です。").format(v=text)) from exc


def _check_time(hour: str | None, minute: str | None, second: str | None, text: str) -> None:
    if hour is None:
        return
    if int(hour) > 23 or int(minute or 0) > 59 or int(second or 0) > 59:
        raise DateParseError(_("「{v}」の時刻が正しくありません。").format(v=text))


def _day(d: date) -> str:
    from komoro_feedback.i18n.formatting import format_date  # Babel: only when refusing

    return format_date(d)


def _era_name(era: Era) -> str:
    return era.name_ja if current_language() == "ja" else era.name_en
