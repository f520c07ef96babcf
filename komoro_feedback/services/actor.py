"""Who is acting (their role, recorded in created_by/updated_by and the audit log) and the clock."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from komoro_feedback.domain.roles import Action, PermissionDeniedError, Role, allows
from komoro_feedback.store.os_account import os_account


def _now() -> datetime:
    # Local wall-clock time: every installation is in Komoro (JST); staff read these times.
    return datetime.now().replace(microsecond=0)


@dataclass
class Actor:
    """The signed-in person of this installation and what their role allows.

    Built by the identity step of the composition root (services/identity.py); a bare Actor
    (tests, `init`) acts as the administrator.
    """

    name: str = "system"
    clock: Callable[[], datetime] = field(default=_now)
    role: Role = Role.ADMINISTRATOR
    os_user: str = field(default_factory=os_account)
    #: The database login (PostgreSQL session_user) when the server knows who this is.
    login: str = ""

    def now(self) -> datetime:
        return self.clock()

    def can(self, action: Action) -> bool:
        return allows(self.role, action)

    def require(self, action: Action) -> None:
        """The first line of every guarded use case."""
        if not allows(self.role, action):
            raise PermissionDeniedError(self.role, action)
