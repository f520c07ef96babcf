"""Who is acting (recorded in created_by/updated_by and the audit log) and the clock."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime


def _now() -> datetime:
    # Local wall-clock time: every installation is in Komoro (JST); staff read these times.
    return datetime.now().replace(microsecond=0)


@dataclass
class Actor:
    """The current user of this installation; the settings screen may rename them."""

    name: str = "system"
    clock: Callable[[], datetime] = field(default=_now)

    def now(self) -> datetime:
        return self.clock()
