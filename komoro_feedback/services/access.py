"""What the signed-in person may do, for the UI to grey out controls (the services enforce it)."""

from __future__ import annotations

from komoro_feedback.domain.roles import Action, Role, denied_message
from komoro_feedback.i18n.translation import _
from komoro_feedback.services.actor import Actor


class AccessService:
    """Read-only view of the Actor's role: `can` to enable, `why_not` for the tooltip."""

    def __init__(self, actor: Actor) -> None:
        self.actor = actor

    @property
    def role(self) -> Role:
        return self.actor.role

    def can(self, action: Action) -> bool:
        return self.actor.can(action)

    def why_not(self, action: Action) -> str:
        """The tooltip of a disabled control; "" when the action is allowed."""
        return "" if self.can(action) else denied_message(self.actor.role, action)

    def who(self) -> str:
        """Name and role as the window title shows them, e.g. 浅間 花子（地区担当）."""
        return _("{name}（{role}）").format(name=self.actor.name, role=_(self.actor.role.label))
