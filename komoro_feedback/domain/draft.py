"""What a recorder has typed but not saved yet: kept durably per meeting, offered back later."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from datetime import datetime

#: The ward choice of a draft: not chosen yet, city-wide (市全域), or a ward id.
WARD_UNSET = "unset"
WARD_CITY = "city"


@dataclass(frozen=True, slots=True)
class CaptureDraft:
    """Every field of the capture form, as typed (nothing validated, nothing derived)."""

    text: str = ""
    kind: str = ""
    ward: str = WARD_UNSET  # WARD_UNSET, WARD_CITY or str(ward_id)
    policy_ids: tuple[int, ...] = ()
    age_band: str = ""
    gender: str = ""
    needs_answer: bool = True
    spot_answer: str = ""
    speaker_shown: bool = False
    speaker_name: str = ""
    speaker_contact: str = ""

    @property
    def empty(self) -> bool:
        """Nothing a recorder would miss: no text, answer, ward, policy or speaker typed."""
        return not (
            self.text.strip()
            or self.spot_answer.strip()
            or self.speaker_name.strip()
            or self.speaker_contact.strip()
            or self.policy_ids
            or self.ward != WARD_UNSET
        )

    def to_json(self) -> str:
        data = asdict(self)
        data["policy_ids"] = list(self.policy_ids)
        return json.dumps(data, ensure_ascii=False, sort_keys=True)

    @classmethod
    def from_json(cls, raw: str) -> CaptureDraft:
        """Read a stored draft; unknown keys (a newer version's) are ignored, bad ones dropped."""
        try:
            data = json.loads(raw)
        except ValueError:
            return cls()
        if not isinstance(data, dict):
            return cls()
        known = {f for f in cls.__dataclass_fields__}
        clean = {k: v for k, v in data.items() if k in known}
        ids = clean.get("policy_ids", [])
        clean["policy_ids"] = tuple(int(i) for i in ids if isinstance(i, int))
        try:
            return cls(**clean)
        except TypeError:
            return cls(text=str(clean.get("text", "")))


@dataclass(frozen=True, slots=True)
class StoredDraft:
    """A draft as kept for one meeting on one workstation."""

    meeting_id: int
    meeting_title: str
    draft: CaptureDraft
    saved_at: datetime
    station: str = field(default="")
