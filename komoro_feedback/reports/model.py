"""What the report builders print: plain values gathered by the report service.

Nothing here holds personal data: speaker names and contacts are never copied into a report model.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Literal

from komoro_feedback.domain.errors import KomoroError
from komoro_feedback.i18n.translation import _

DateStyle = Literal["western", "era"]
#: Called with a fraction done (0.0 to 1.0) while a report is built.
ProgressCallback = Callable[[float], None]
#: Returns True when the user asked to stop.
CancelCheck = Callable[[], bool]


class ReportCancelled(KomoroError):
    """The user cancelled while the report was being built; nothing was written."""

    def __init__(self, message: str = "") -> None:
        super().__init__(message or _("帳票の作成を中止しました。"))


@dataclass(frozen=True, slots=True)
class ReportOptions:
    """Choices common to every report."""

    date_style: DateStyle = "western"
    counts_only: bool = False
    open_only: bool = False
    include_answers: bool = True
    #: Phone numbers, e-mail addresses and the speaker's name inside a comment's text are
    #: replaced by a mark (personal data is printed only when someone asks for it).
    anonymise: bool = True


@dataclass(frozen=True, slots=True)
class ReportMeta:
    """Header and cover facts: title, what was selected, period and date of issue."""

    title: str
    selection: str
    period_start: date | None
    period_end: date | None
    issued_on: date
    programme: str
    notes: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class CommentLine:
    """One comment as printed: anonymised (no speaker, age or gender)."""

    received_on: date
    ward: str
    district: str
    kind: str
    text: str
    status: str
    department: str = ""
    answer: str = ""
    answered_on: date | None = None
    spot_answer: str = ""
    due_on: date | None = None
    policies: tuple[str, ...] = ()
    group_size: int = 1  # > 1: one of a group of linked similar comments


@dataclass(frozen=True, slots=True)
class Tally:
    """A label and its count, in display order."""

    label: str
    count: int


@dataclass(frozen=True, slots=True)
class PolicySection:
    """One policy of the per-policy report."""

    code: str
    title: str
    mark: str
    kind: str
    total: int
    by_district: tuple[Tally, ...]
    by_kind: tuple[Tally, ...]
    by_status: tuple[Tally, ...]
    comments: tuple[CommentLine, ...] = ()
    #: The total with each group of linked (similar) comments counted once.
    distinct_total: int | None = None

    @property
    def has_linked(self) -> bool:
        return self.distinct_total is not None and self.distinct_total != self.total


@dataclass(frozen=True, slots=True)
class PillarGroup:
    """A pillar and the sections of its selected policies."""

    number: int
    name: str
    policies: tuple[PolicySection, ...]

    @property
    def total(self) -> int:
        return sum(p.total for p in self.policies)


@dataclass(frozen=True, slots=True)
class PolicyReport:
    """政策別集計."""

    meta: ReportMeta
    options: ReportOptions
    pillars: tuple[PillarGroup, ...]
    unassigned: int = 0  # comments without a policy (whole-programme selection only)

    @property
    def total(self) -> int:
        return sum(p.total for p in self.pillars) + self.unassigned


@dataclass(frozen=True, slots=True)
class PolicyCount:
    code: str
    title: str
    count: int


@dataclass(frozen=True, slots=True)
class AreaSection:
    """One district (or the city-wide comments) of the per-area report."""

    name: str
    wards: tuple[str, ...]
    total: int
    open_total: int
    by_pillar: tuple[Tally, ...]
    by_policy: tuple[PolicyCount, ...]
    by_status: tuple[Tally, ...]
    open_items: tuple[CommentLine, ...] = ()


@dataclass(frozen=True, slots=True)
class AreaReport:
    """地区別集計."""

    meta: ReportMeta
    options: ReportOptions
    sections: tuple[AreaSection, ...]


@dataclass(frozen=True, slots=True)
class MeetingReport:
    """会議記録: one meeting and every comment in speaking order."""

    meta: ReportMeta
    options: ReportOptions
    meeting_title: str
    meeting_kind: str
    held_at: datetime
    venue: str
    attendees: int | None
    districts: tuple[str, ...]
    recorder: str
    comments: tuple[CommentLine, ...] = field(default=())
