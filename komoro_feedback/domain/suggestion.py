"""Policy suggestions, place names found in a comment, similar comments: immutable values."""

from __future__ import annotations

from dataclasses import dataclass, field

from komoro_feedback.domain.comment import Comment


@dataclass(frozen=True, slots=True)
class PolicySuggestion:
    """One proposed policy for a comment, with why (the words that matched)."""

    policy_id: int
    code: str
    title: str
    mark: str  # ★ immediate / ● 5–10 years
    score: float  # relative: 1.0 for the best policy of this comment
    reasons: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class PlaceMention:
    """A ward (区) or district (地区) named in a comment's text."""

    name: str
    district_id: int
    district_name: str
    ward_id: int | None = None  # None: the text names the whole district

    @property
    def is_ward(self) -> bool:
        return self.ward_id is not None


@dataclass(frozen=True, slots=True)
class Suggestions:
    """Everything the suggestion service proposes for one text."""

    policies: tuple[PolicySuggestion, ...] = ()
    places: tuple[PlaceMention, ...] = ()

    @property
    def wards(self) -> tuple[PlaceMention, ...]:
        return tuple(p for p in self.places if p.is_ward)

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(p.code for p in self.policies)


@dataclass(frozen=True, slots=True)
class LabelledText:
    """A comment text with the policy codes a person gave it (training and evaluation)."""

    text: str
    codes: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class EvaluationItem:
    """One evaluated comment: the expected code and what was proposed, best first."""

    expected: str
    text: str
    ranked: tuple[str, ...]

    def hit(self, k: int) -> bool:
        return self.expected in self.ranked[:k]


@dataclass(frozen=True, slots=True)
class EvaluationResult:
    """Top-1 and top-3 accuracy over a labelled set."""

    items: tuple[EvaluationItem, ...] = ()

    def accuracy(self, k: int) -> float:
        if not self.items:
            return 0.0
        return sum(1 for i in self.items if i.hit(k)) / len(self.items)

    @property
    def top1(self) -> float:
        return self.accuracy(1)

    @property
    def top3(self) -> float:
        return self.accuracy(3)


@dataclass(frozen=True, slots=True)
class AcceptanceStats:
    """How often recorders took one of the proposed policies."""

    comments: int  # comments recorded in the period
    with_suggestions: int  # of those, ones where suggestions were shown
    accepted: int  # of those, ones where the recorder chose a suggestion

    @property
    def rate(self) -> float | None:
        return self.accepted / self.with_suggestions if self.with_suggestions else None


@dataclass(frozen=True, slots=True)
class SimilarComment:
    """A comment with nearly the same content as another one, and its link group if any."""

    comment: Comment
    similarity: float  # 0..1
    group_id: str | None = None


@dataclass(frozen=True, slots=True)
class CommentGroup:
    """Comments linked so that one answer serves all."""

    group_id: str
    comment_ids: tuple[str, ...] = field(default=())
