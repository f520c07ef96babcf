"""Comments, meetings and their histories as immutable values, plus input validation."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from komoro_feedback.domain.enums import Channel, CommentKind, MeetingKind, Status
from komoro_feedback.domain.errors import ValidationError
from komoro_feedback.i18n.translation import _

MAX_COMMENT_CHARS = 4000
MAX_ANSWER_CHARS = 8000
MAX_SHORT_CHARS = 200


@dataclass(frozen=True, slots=True)
class Meeting:
    """A town meeting or other listening session."""

    id: int
    kind: MeetingKind
    title: str
    held_at: datetime
    venue: str = ""
    district_ids: tuple[int, ...] = ()
    attendees: int | None = None
    recorder: str = ""
    notes: str = ""
    closed: bool = False
    comment_count: int = 0


@dataclass(frozen=True, slots=True)
class MeetingDraft:
    """What a user enters to create or edit a meeting."""

    kind: MeetingKind
    title: str
    held_at: datetime
    venue: str = ""
    district_ids: tuple[int, ...] = ()
    attendees: int | None = None
    recorder: str = ""
    notes: str = ""

    def validated(self) -> MeetingDraft:
        if not self.title.strip():
            raise ValidationError(_("会議名を入力してください。"))
        if len(self.title) > MAX_SHORT_CHARS:
            raise ValidationError(
                _("会議名が長すぎます（{n}文字まで）。").format(n=MAX_SHORT_CHARS)
            )
        if self.attendees is not None and not 0 <= self.attendees <= 100000:
            raise ValidationError(_("参加者数は0以上の数で入力してください。"))
        return self


@dataclass(frozen=True, slots=True)
class SpeakerContact:
    """Personal data of a speaker: optional, stored apart, never printed unless asked."""

    name: str = ""
    contact: str = ""

    @property
    def empty(self) -> bool:
        return not (self.name.strip() or self.contact.strip())


@dataclass(frozen=True, slots=True)
class CommentDraft:
    """What a recorder enters for one comment."""

    text: str
    kind: CommentKind = CommentKind.OPINION
    ward_id: int | None = None  # None: city-wide (市全域)
    policy_ids: tuple[int, ...] = ()  # the first is the primary policy
    meeting_id: int | None = None
    channel: Channel = Channel.MEETING
    received_on: date | None = None
    needs_answer: bool = True
    spot_answer: str = ""
    age_band: str = ""
    gender: str = ""
    speaker: SpeakerContact | None = None
    suggestion_accepted: bool | None = None

    def validated(self) -> CommentDraft:
        text = self.text.strip()
        if not text:
            raise ValidationError(_("意見の本文が空です。"))
        if len(text) > MAX_COMMENT_CHARS:
            raise ValidationError(
                _("本文が長すぎます（{n}文字まで、現在{m}文字）。").format(
                    n=MAX_COMMENT_CHARS, m=len(text)
                )
            )
        if len(self.spot_answer) > MAX_ANSWER_CHARS:
            raise ValidationError(_("回答が長すぎます（{n}文字まで）。").format(n=MAX_ANSWER_CHARS))
        if len(set(self.policy_ids)) != len(self.policy_ids):
            raise ValidationError(_("同じ政策が重複しています。"))
        if self.channel is Channel.MEETING and self.meeting_id is None:
            raise ValidationError(_("会議で受けた意見には会議を指定してください。"))
        return self


@dataclass(frozen=True, slots=True)
class Comment:
    """A recorded comment with everything a list or a detail pane shows."""

    id: str
    seq: int
    text: str
    kind: CommentKind
    status: Status
    channel: Channel
    received_on: date
    ward_id: int | None
    ward_name: str
    district_id: int | None
    district_name: str
    policy_codes: tuple[str, ...]
    policy_ids: tuple[int, ...]
    meeting_id: int | None
    meeting_title: str
    department_id: int | None
    department_name: str
    needs_answer: bool
    spot_answer: str
    answer: str
    answered_on: date | None
    due_on: date | None
    age_band: str
    gender: str
    version: int
    created_at: datetime
    created_by: str
    updated_at: datetime
    updated_by: str
    deleted: bool = False
    has_speaker: bool = False

    @property
    def primary_policy_code(self) -> str | None:
        return self.policy_codes[0] if self.policy_codes else None


@dataclass(frozen=True, slots=True)
class CommentEdit:
    """A change to a comment, based on the version the user saw. None leaves a field as is."""

    comment_id: str
    version: int
    text: str | None = None
    kind: CommentKind | None = None
    ward_id: int | None = None
    clear_ward: bool = False
    policy_ids: tuple[int, ...] | None = None
    needs_answer: bool | None = None
    spot_answer: str | None = None
    received_on: date | None = None
    due_on: date | None = None
    clear_due: bool = False


@dataclass(frozen=True, slots=True)
class StatusChange:
    """One entry of a comment's status history."""

    status: Status
    changed_at: datetime
    changed_by: str
    note: str = ""


@dataclass(frozen=True, slots=True)
class AuditEntry:
    """One changed field of a comment: who, when, before, after."""

    entity: str
    entity_id: str
    action: str
    field: str
    before: str
    after: str
    changed_at: datetime
    changed_by: str


@dataclass(frozen=True, slots=True)
class CommentHistory:
    """Status history and audit trail of one comment, oldest first."""

    statuses: tuple[StatusChange, ...] = ()
    audit: tuple[AuditEntry, ...] = field(default=())
