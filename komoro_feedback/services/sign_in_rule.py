"""Who may sign in on a laptop file by which name: the rule alone, without a database.

The identity service applies it to the staff list it reads through the ORM; the quick
read-only path of `catalog` and `wards` applies it to the list read with the stdlib driver,
so both refuse and accept exactly the same names.
"""

from __future__ import annotations

from collections.abc import Sequence

from komoro_feedback.domain.catalog import Staff
from komoro_feedback.domain.errors import KomoroError
from komoro_feedback.domain.roles import Role
from komoro_feedback.i18n.translation import N_, _

#: The person acting while no administrator is on the staff list (a new or upgraded database).
SETUP_ADMIN = N_("初期設定の管理者")


class SignInError(KomoroError):
    """Nobody on the staff list by that name, or a server login without a Komoro role."""


def needs_setup(people: Sequence[Staff]) -> bool:
    """No active administrator yet: the first start acts as the setup administrator."""
    return not any(p.role is Role.ADMINISTRATOR for p in people)


def choose_person(people: Sequence[Staff], name: str | None) -> tuple[str, Role]:
    """The name and role of whoever signs in as `name` on a file with this active staff list."""
    wanted = (name or "").strip()
    if not wanted:
        if not needs_setup(people):
            raise SignInError(_("職員名簿から名前を選んでください。"))
        return _(SETUP_ADMIN), Role.ADMINISTRATOR
    for person in people:
        if person.name == wanted:
            return person.name, person.role
    if needs_setup(people) and wanted == _(SETUP_ADMIN):
        return wanted, Role.ADMINISTRATOR
    names = "、".join(p.name for p in people) or _("（登録なし）")
    raise SignInError(
        _("「{name}」は職員名簿にいません。名簿の名前: {names}").format(name=wanted, names=names)
    )


def command_user(people: Sequence[Staff], user: str | None, remembered: str) -> str | None:
    """The name a command signs in with on a file: --user, else the name last signed in on this
    computer while it is still on the list, else nobody (the setup administrator, if allowed)."""
    if user:
        return user
    return remembered if remembered in {p.name for p in people} else None
