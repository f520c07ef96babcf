"""What the report builders print: plain values gathered by the report service.

Nothing here holds personal data: speaker names and contacts are never copied into a report model.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Final, Literal, Protocol

from komoro_feedback.domain.errors import KomoroError
from komoro_feedback.i18n.translation import _

DateStyle = Literal["western", "era"]
#: Called with a fraction done (0.0 to 1.0) while a report is built.
ProgressCallback = Callable[[float], None]
#: Returns True when the user asked to stop.
CancelCheck = Callable[[], bool]
#: "Open longer than" thresholds of the change section, in days.
AGE_THRESHOLDS: Final = (30, 90, 180)


class ReportCancelled(KomoroError):
    """The user cancelled while the report was being built; nothing was written."""

    def __init__(self, message: str = "") -> None:
        super().__init__(message or _("帳票の作成を中止しました。"))


class ThemesLater(Protocol):
    """Themes worked out beside the layout (services.themes.worker.PendingThemes)."""

    def wait(self, interrupt: Callable[[], None] | None = None) -> tuple[Any, ...]:
        """The themes, once ready; `interrupt` is called while waiting and may raise."""
        ...


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
    #: Compare with the previous period of the same length (reports over a period).
    compare_previous: bool = False


@dataclass(frozen=True, slots=True)
class Issuer:
    """Who issues the reports and for which body: from the settings of the database."""

    label: str = ""  # e.g. 地域職員連絡会 資料
    department: str = ""
    person: str = ""


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
    issuer: Issuer = field(default_factory=Issuer)
    #: The received dates of the first and last comment behind an open-ended period.
    data_start: date | None = None
    data_end: date | None = None
    #: Headline figures printed on the cover: (label, value).
    headline: tuple[tuple[str, str], ...] = ()
    #: Language of the text, for the PDF's properties ("ja" or "en").
    language: str = "ja"


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
class FollowUp:
    """Where a set of comments stands: how many, still open, overdue, answered, how fast."""

    total: int = 0
    open: int = 0
    overdue: int = 0  # open, and the due date has passed
    answered: int = 0  # 回答済 or 対応済
    median_days: float | None = None  # from receipt to answer, over the answered ones
    previous: int | None = None  # the count of the previous period, when compared

    @property
    def answer_rate(self) -> float | None:
        return self.answered / self.total if self.total else None

    @property
    def delta(self) -> int | None:
        return None if self.previous is None else self.total - self.previous


@dataclass(frozen=True, slots=True)
class AgeRow:
    """Open comments of one group that have waited longer than each of AGE_THRESHOLDS."""

    label: str
    over: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class Comparison:
    """What changed against the previous period of the same length."""

    previous_start: date
    previous_end: date
    previous_total: int
    new_policies: tuple[PolicyCount, ...]  # comments now, none in the previous period
    open_ages: tuple[AgeRow, ...]
    #: Comments per district name (and 市全域) in the previous period.
    district_previous: dict[str, int] = field(default_factory=dict)


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
    follow: FollowUp = field(default_factory=FollowUp)

    @property
    def has_linked(self) -> bool:
        return self.distinct_total is not None and self.distinct_total != self.total


@dataclass(frozen=True, slots=True)
class PillarGroup:
    """A pillar and the sections of its selected policies."""

    number: int
    name: str
    policies: tuple[PolicySection, ...]
    follow: FollowUp = field(default_factory=FollowUp)

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
    follow: FollowUp = field(default_factory=FollowUp)
    comparison: Comparison | None = None
    #: Themes of the selection (filled by the themes feature; empty: no section), or themes
    #: still being worked out, which the layout waits for when it reaches their section.
    themes: tuple[Any, ...] | ThemesLater = ()

    @property
    def total(self) -> int:
        return sum(p.total for p in self.pillars) + self.unassigned


@dataclass(frozen=True, slots=True)
class PolicyCount:
    code: str
    title: str
    count: int
    previous: int | None = None


@dataclass(frozen=True, slots=True)
class WardCount:
    """One ward of a district: comments, still open, overdue."""

    name: str
    total: int
    open: int
    overdue: int


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
    open_items: tuple[CommentLine, ...] = ()  # by department, then oldest first
    follow: FollowUp = field(default_factory=FollowUp)
    by_ward: tuple[WardCount, ...] = ()


@dataclass(frozen=True, slots=True)
class DistrictRow:
    """One line of the districts compared."""

    name: str
    follow: FollowUp


@dataclass(frozen=True, slots=True)
class AreaReport:
    """地区別集計."""

    meta: ReportMeta
    options: ReportOptions
    sections: tuple[AreaSection, ...]
    districts: tuple[DistrictRow, ...] = ()  # every district, city-wide, then the total
    comparison: Comparison | None = None
    themes: tuple[Any, ...] = ()


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
    by_kind: tuple[Tally, ...] = ()
    by_status: tuple[Tally, ...] = ()
    follow: FollowUp = field(default_factory=FollowUp)
    spot_answers: int = 0  # comments answered on the spot
