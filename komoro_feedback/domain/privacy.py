"""Personal data retention: the rule, its state, and the marks the audit log keeps."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Final

#: What the audit log records for a speaker's data instead of the data itself (never a name);
#: the history view shows them in the user's language.
KEPT_MARK: Final = "present"
PURGED_MARK: Final = "purged:retention"


@dataclass(frozen=True, slots=True)
class RetentionStatus:
    """How long names and contacts are kept, and what the rule would remove today."""

    months: int | None  # None: kept until someone removes them
    cutoff: date | None  # comments received before this day lose their personal data
    with_speaker: int  # comments that carry a name or contact
    expired: int  # of those, received before the cutoff


@dataclass(frozen=True, slots=True)
class PurgeResult:
    """What a purge did: how many comments lost their data, and whether the old bytes are gone.

    `settled` is False while an SQLite reader elsewhere still holds an older snapshot: the rows
    are changed (and committed) but the file or its write-ahead log may still hold the old
    names until that reader ends. Purging again then finishes the job.
    """

    purged: int
    settled: bool


def months_before(day: date, months: int) -> date:
    """The same day `months` earlier (the month's last day when that month is shorter)."""
    total = day.year * 12 + (day.month - 1) - months
    year, month0 = divmod(total, 12)
    month = month0 + 1
    next_month = date(year + (month == 12), month % 12 + 1, 1)
    last = (next_month - date(year, month, 1)).days
    return date(year, month, min(day.day, last))


# --- masking personal data inside a comment's text ------------------------------------------
#: What replaces each kind of personal data in printed and exported text.
PHONE_MASK: Final = "［電話番号］"
MAIL_MASK: Final = "［メール］"
NAME_MASK: Final = "［氏名］"

# Full-width ASCII (０-９, Ａ-Ｚ, ＠, －, （）...) folded 1:1 to half-width, so one pattern finds
# both and the positions still match the original text.
_HALF_WIDTH = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)} | {
    0x3000: 0x20,
    0x2010: 0x2D,  # hyphen
    0x2011: 0x2D,
    0x2012: 0x2D,
    0x2013: 0x2D,  # en dash
    0x2212: 0x2D,  # minus sign
    0x30FC: 0x2D,  # ー, typed for a hyphen in phone numbers
}
_MAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
# Japanese numbers: 0 + area/mobile code and subscriber number, with or without separators
# (0267-22-1234, 090 1234 5678, (0267)22-1234, 09012345678), and Komoro's local form 22-1234.
# Not dates (2024-05-01), postal codes (384-8501) or amounts (1,000).
_PHONE = re.compile(
    r"(?<![\d-])(?:"
    r"\(?0\d{1,4}\)?[- ]?\d{1,4}[- ]?\d{4}"
    r"|\d{2}-\d{4}"
    r")(?![\d-])"
)
_SPACES = re.compile(r"[\s\u3000]+")


def mask_personal_data(text: str, names: tuple[str, ...] = ()) -> str:
    """Text fit to print or hand out: phone numbers, e-mail addresses and the given names
    (the speaker's recorded name, with or without the space) replaced by a mark."""
    folded = text.translate(_HALF_WIDTH)
    spans: list[tuple[int, int, str]] = []
    for pattern, mask in ((_MAIL, MAIL_MASK), (_PHONE, PHONE_MASK)):
        for m in pattern.finditer(folded):
            digits = sum(ch.isdigit() for ch in m.group())
            if mask == PHONE_MASK and not 6 <= digits <= 11:
                continue
            spans.append((m.start(), m.end(), mask))
    for name in names:
        folded_name = name.translate(_HALF_WIDTH).strip()
        for variant in {folded_name, _SPACES.sub("", folded_name)}:
            if len(variant) >= 2:
                start = folded.find(variant)
                while start >= 0:
                    spans.append((start, start + len(variant), NAME_MASK))
                    start = folded.find(variant, start + len(variant))
    if not spans:
        return text
    out, pos = [], 0
    for start, end, mask in sorted(spans):
        if start < pos:
            continue  # inside a span already masked
        out += [text[pos:start], mask]
        pos = end
    out.append(text[pos:])
    return "".join(out)
