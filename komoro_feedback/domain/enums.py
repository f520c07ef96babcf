"""Closed vocabularies of the product (PRODUCT.md) with their Japanese labels.

Values are stable English identifiers stored in the database; labels are the msgids shown to
users (Japanese first, translated through gettext at display time).
"""

from __future__ import annotations

from enum import StrEnum
from typing import TypeVar

from komoro_feedback.domain.errors import ValidationError
from komoro_feedback.i18n.translation import N_, _

E = TypeVar("E", bound=StrEnum)


class CommentKind(StrEnum):
    """What a citizen's comment is (意見・要望の種別)."""

    REQUEST = "request"
    QUESTION = "question"
    OPINION = "opinion"
    PROPOSAL = "proposal"
    COMPLAINT = "complaint"
    THANKS = "thanks"
    OTHER = "other"

    @property
    def label(self) -> str:
        return _KIND_LABELS[self]


_KIND_LABELS = {
    CommentKind.REQUEST: N_("要望"),
    CommentKind.QUESTION: N_("質問"),
    CommentKind.OPINION: N_("意見"),
    CommentKind.PROPOSAL: N_("提案"),
    CommentKind.COMPLAINT: N_("苦情"),
    CommentKind.THANKS: N_("感謝"),
    CommentKind.OTHER: N_("その他"),
}


class Status(StrEnum):
    """Where a comment is on its way to an answer."""

    RECEIVED = "received"
    ROUTED = "routed"
    IN_PROGRESS = "in_progress"
    ANSWERED = "answered"
    DONE = "done"
    NOT_FEASIBLE = "not_feasible"
    NOTED = "noted"

    @property
    def label(self) -> str:
        return _STATUS_LABELS[self]

    @property
    def is_open(self) -> bool:
        return self in OPEN_STATUSES


_STATUS_LABELS = {
    Status.RECEIVED: N_("受付"),
    Status.ROUTED: N_("確認中"),
    Status.IN_PROGRESS: N_("対応中"),
    Status.ANSWERED: N_("回答済"),
    Status.DONE: N_("対応済"),
    Status.NOT_FEASIBLE: N_("対応困難"),
    Status.NOTED: N_("参考"),
}

OPEN_STATUSES = frozenset({Status.RECEIVED, Status.ROUTED, Status.IN_PROGRESS})
CLOSED_STATUSES = frozenset(set(Status) - OPEN_STATUSES)


class Channel(StrEnum):
    """How a comment reached the city (広聴の経路)."""

    MEETING = "meeting"
    DISTRICT_TALK = "district_talk"
    LETTER = "letter"
    PHONE = "phone"
    COUNTER = "counter"
    EMAIL = "email"
    OTHER = "other"

    @property
    def label(self) -> str:
        return _CHANNEL_LABELS[self]


_CHANNEL_LABELS = {
    Channel.MEETING: N_("会議"),
    Channel.DISTRICT_TALK: N_("地区懇談会"),
    Channel.LETTER: N_("手紙"),
    Channel.PHONE: N_("電話"),
    Channel.COUNTER: N_("窓口"),
    Channel.EMAIL: N_("電子メール"),
    Channel.OTHER: N_("その他"),
}


class MeetingKind(StrEnum):
    """Kinds of listening meetings."""

    TOWN_MEETING = "town_meeting"
    DISTRICT_TALK = "district_talk"
    THEMED = "themed"
    OTHER = "other"

    @property
    def label(self) -> str:
        return _MEETING_LABELS[self]


_MEETING_LABELS = {
    MeetingKind.TOWN_MEETING: N_("タウンミーティング"),
    MeetingKind.DISTRICT_TALK: N_("地区懇談会"),
    MeetingKind.THEMED: N_("テーマ別懇談会"),
    MeetingKind.OTHER: N_("その他の会議"),
}


class PolicyMark(StrEnum):
    """★ immediate, ● over 5–10 years."""

    IMMEDIATE = "★"
    LONG_TERM = "●"


class PolicyKind(StrEnum):
    """新規 new in this programme, 継続 continued from an earlier one."""

    NEW = "新規"
    CONTINUING = "継続"


def parse_enum(enum: type[E], value: str) -> E:
    """Accept the stored value or the Japanese label (as typed on the CLI or in an import)."""
    text = value.strip()
    for member in enum:
        if text in (member.value, getattr(member, "label", None)):
            return member
    choices = ", ".join(m.value for m in enum)
    raise ValidationError(
        _("「{value}」は使えません。次のいずれか: {choices}").format(value=value, choices=choices)
    )
