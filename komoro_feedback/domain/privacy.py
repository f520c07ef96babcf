"""Personal data retention: the rule, its state, and the marks the audit log keeps."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Final

# Masking lives in its own module; these names stay importable from here for existing callers.
from komoro_feedback.domain.masking import MAIL_MASK, NAME_MASK, PHONE_MASK, mask_personal_data

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


__all__ = [
    "KEPT_MARK",
    "MAIL_MASK",
    "NAME_MASK",
    "PHONE_MASK",
    "PURGED_MARK",
    "PurgeResult",
    "RetentionStatus",
    "mask_personal_data",
    "months_before",
]
