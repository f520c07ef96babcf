"""「市民の声と市の対応」: the answered comments as they may be published, grouped by policy."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from komoro_feedback.domain.errors import ValidationError
from komoro_feedback.i18n.translation import _

MAX_PUBLIC_CHARS = 4000


@dataclass(frozen=True, slots=True)
class PublicWording:
    """What staff decided for one comment: the wording to publish, or to leave it out."""

    comment_id: str
    default_text: str  # the comment text with personal data masked
    public_text: str  # "" until staff write their own wording
    excluded: bool = False

    @property
    def text(self) -> str:
        return self.public_text or self.default_text

    @property
    def edited(self) -> bool:
        return bool(self.public_text) and self.public_text != self.default_text


def validated_public_text(text: str) -> str:
    text = text.strip()
    if len(text) > MAX_PUBLIC_CHARS:
        raise ValidationError(
            _("公開用の文面が長すぎます（{n}文字まで）。").format(n=MAX_PUBLIC_CHARS)
        )
    return text


@dataclass(frozen=True, slots=True)
class PublishedItem:
    """One published comment: its public text, the city's answer, department and date."""

    text: str
    answer: str
    department: str
    answered_on: date


@dataclass(frozen=True, slots=True)
class PublishedPolicy:
    """The items of one policy (code "" for comments tied to no policy)."""

    code: str
    title: str
    pillar: str
    items: tuple[PublishedItem, ...]


@dataclass(frozen=True, slots=True)
class Publication:
    """Everything the PDF and the HTML version print."""

    title: str
    period_start: date | None
    period_end: date | None
    issued_on: date
    programme: str
    policies: tuple[PublishedPolicy, ...]
    excluded: int  # answered items in the period that staff left out

    @property
    def total(self) -> int:
        return sum(len(p.items) for p in self.policies)
