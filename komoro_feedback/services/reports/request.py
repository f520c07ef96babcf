"""What the user asks a report for, and what building it gave."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from pathlib import Path

from komoro_feedback.domain.access_log import AccessPurpose
from komoro_feedback.reports.model import ReportOptions


class ReportKind(StrEnum):
    POLICY = "policy"
    AREA = "area"
    MEETING = "meeting"


@dataclass(frozen=True, slots=True)
class ReportRequest:
    """What the user chose: report, selection, period and options."""

    kind: ReportKind
    policy_code: str | None = None
    pillar: int | None = None
    district: str | None = None  # None: each district (and the city-wide comments)
    meeting_id: int | None = None
    date_from: date | None = None
    date_to: date | None = None
    options: ReportOptions = field(default_factory=ReportOptions)
    issued_on: date | None = None
    #: Why personal data is printed (required when options.anonymise is off).
    purpose: AccessPurpose | None = None


@dataclass(frozen=True, slots=True)
class ReportResult:
    path: Path
    pages: int
    comments: int
    seconds: float
