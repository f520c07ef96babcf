"""The policy programme and the city's districts and wards, as immutable values."""

from __future__ import annotations

from dataclasses import dataclass, field

from komoro_feedback.domain.enums import PolicyKind, PolicyMark
from komoro_feedback.domain.roles import Role

#: The code of the programme in force (resources/programmes/), seeded into every database.
CURRENT_PROGRAMME = "komoro-mirai-2024"


@dataclass(frozen=True, slots=True)
class Policy:
    """One policy (政策) of a programme, e.g. 1-03."""

    id: int
    code: str
    title: str
    text: str
    mark: PolicyMark
    kind: PolicyKind
    pillar_number: int
    programme_id: int


@dataclass(frozen=True, slots=True)
class Pillar:
    """One of a programme's pillars (柱) with its policies in programme order."""

    id: int
    number: int
    name: str
    field: str
    intro: str
    policies: tuple[Policy, ...] = ()


@dataclass(frozen=True, slots=True)
class Stance:
    """One of the programme's basic stances (基本姿勢)."""

    number: int
    title: str
    text: str


@dataclass(frozen=True, slots=True)
class Programme:
    """A policy programme (政策集) such as こもろ未来プロジェクト2024."""

    id: int
    code: str
    name: str
    period_start: int
    period_end: int
    is_current: bool
    stances: tuple[Stance, ...] = ()
    pillars: tuple[Pillar, ...] = ()

    def policies(self) -> list[Policy]:
        return [p for pillar in self.pillars for p in pillar.policies]

    def policy(self, code: str) -> Policy | None:
        return next((p for p in self.policies() if p.code == code), None)


@dataclass(frozen=True, slots=True)
class Ward:
    """A ward (区). A merged ward points at the ward it was merged into."""

    id: int
    name: str
    district_id: int
    order: int
    kind: str = "ward"  # "ward" or "quasi" (準区)
    merged_into_id: int | None = None
    reading: str = ""  # katakana; empty where nobody has given one

    @property
    def active(self) -> bool:
        return self.merged_into_id is None


@dataclass(frozen=True, slots=True)
class District:
    """A district (地区) with its wards in the city's order."""

    id: int
    name: str
    order: int
    wards: tuple[Ward, ...] = field(default=())


@dataclass(frozen=True, slots=True)
class Department:
    """A department of the city office (担当課)."""

    id: int
    name: str
    active: bool = True


@dataclass(frozen=True, slots=True)
class Staff:
    """A member of staff who records or answers comments."""

    id: int
    name: str
    department_id: int | None = None
    active: bool = True
    role: Role = Role.RECORDER
    login_name: str | None = None
