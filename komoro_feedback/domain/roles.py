"""Who may do what: the four staff roles, the guarded actions and the one matrix between them.

The matrix below is the single source: the services check it on every call, the UI greys out
what it forbids, `db roles` derives PostgreSQL grants from it and docs/roles.md is generated
from it (a test keeps the document equal to this code).
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from types import MappingProxyType

from komoro_feedback.domain.errors import KomoroError, ValidationError
from komoro_feedback.i18n.translation import N_, _


class Role(StrEnum):
    """A staff member's role; the value is stored in staff.role."""

    RECORDER = "recorder"
    LIAISON = "liaison"
    PLANNING = "planning"
    ADMINISTRATOR = "administrator"

    @property
    def label(self) -> str:
        return _ROLE_LABELS[self]

    @property
    def pg_group(self) -> str:
        """The PostgreSQL group role that carries this role's grants."""
        return _PG_GROUPS[self]


_ROLE_LABELS = {
    Role.RECORDER: N_("記録係"),
    Role.LIAISON: N_("地区担当"),
    Role.PLANNING: N_("企画課"),
    Role.ADMINISTRATOR: N_("管理者"),
}

_PG_GROUPS = {
    Role.RECORDER: "komoro_recorder",
    Role.LIAISON: "komoro_liaison",
    Role.PLANNING: "komoro_planning",
    Role.ADMINISTRATOR: "komoro_admin",
}


class Action(StrEnum):
    """A guarded use case. Reading comments without personal data needs no permission."""

    RECORD = "record"
    EDIT_TEXT = "edit_text"
    ROUTE = "route"
    DELETE = "delete"
    REVEAL_PERSONAL = "reveal_personal"
    EXPORT_PERSONAL = "export_personal"
    REPORTS = "reports"
    IMPORT = "import"
    PACKAGES = "packages"
    CATALOG = "catalog"
    RETENTION = "retention"
    BACKUP = "backup"

    @property
    def label(self) -> str:
        return _ACTION_LABELS[self]


_ACTION_LABELS = {
    Action.RECORD: N_("記録（会議・意見の入力）"),
    Action.EDIT_TEXT: N_("本文の修正"),
    Action.ROUTE: N_("状態・回答・担当課"),
    Action.DELETE: N_("削除・復元"),
    Action.REVEAL_PERSONAL: N_("個人情報の表示"),
    Action.EXPORT_PERSONAL: N_("個人情報を含む出力"),
    Action.REPORTS: N_("報告書・出力（個人情報なし）"),
    Action.IMPORT: N_("Excel取り込み"),
    Action.PACKAGES: N_("会議パッケージ"),
    Action.CATALOG: N_("政策集・区・担当課・職員"),
    Action.RETENTION: N_("保存期間・個人情報の削除"),
    Action.BACKUP: N_("バックアップ・復元"),
}

_ALL = frozenset(Action)

#: The matrix. A recorder types what is said and carries the laptop; a district liaison follows
#: each comment up to its answer and may call the citizen back; the planning office reads and
#: summarises across districts; the administrator keeps the reference data and the database.
PERMISSIONS: Mapping[Role, frozenset[Action]] = MappingProxyType(
    {
        Role.RECORDER: frozenset(
            {Action.RECORD, Action.EDIT_TEXT, Action.REPORTS, Action.PACKAGES}
        ),
        Role.LIAISON: frozenset(
            {
                Action.RECORD,
                Action.EDIT_TEXT,
                Action.ROUTE,
                Action.DELETE,
                Action.REVEAL_PERSONAL,
                Action.REPORTS,
                Action.IMPORT,
                Action.PACKAGES,
            }
        ),
        Role.PLANNING: frozenset({Action.ROUTE, Action.REPORTS, Action.IMPORT}),
        Role.ADMINISTRATOR: _ALL,
    }
)


def allows(role: Role, action: Action) -> bool:
    return action in PERMISSIONS[role]


def roles_allowed(action: Action) -> list[Role]:
    return [r for r in Role if allows(r, action)]


class PermissionDeniedError(KomoroError):
    """The signed-in person's role does not allow this action."""

    def __init__(self, role: Role, action: Action) -> None:
        self.role = role
        self.action = action
        super().__init__(denied_message(role, action))


def denied_message(role: Role, action: Action) -> str:
    """Why an action is refused, in words fit for an error line or a tooltip."""
    allowed = "・".join(_(r.label) for r in roles_allowed(action))
    return _("{role}の権限では「{action}」はできません（できる役割: {allowed}）。").format(
        role=_(role.label), action=_(action.label), allowed=allowed
    )


def parse_role(value: str) -> Role:
    """A role from its stored value or its label (ja or en); unknown text is refused."""
    text = value.strip()
    for role in Role:
        if text in (role.value, role.label, _(role.label)):
            return role
    raise ValidationError(
        _("役割は {choices} のいずれかです: {value}").format(
            choices="・".join(_(r.label) for r in Role), value=value
        )
    )
