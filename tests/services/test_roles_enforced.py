"""Every role x every action through the real services on a real SQLite file: what the matrix
forbids is refused with a Japanese sentence and changes nothing; what it allows works."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from komoro_feedback.domain.comment import Comment, CommentDraft, CommentEdit, SpeakerContact
from komoro_feedback.domain.enums import Channel, CommentKind, Status
from komoro_feedback.domain.query import CommentFilter
from komoro_feedback.domain.roles import Action, PermissionDeniedError, Role, allows
from komoro_feedback.services.container import Services
from komoro_feedback.services.reports.service import ReportKind, ReportRequest
from komoro_feedback.store.models import AuditLogRow, PersonalDataAccessRow
from tests.helpers import PURPOSE, TEST_PACKAGE_KEYS, meeting, record

Case = Callable[[Services, dict[str, Any], Path], object]


def _draft(sv: Services, meeting_id: int) -> CommentDraft:
    return CommentDraft(
        text="道路の補修をお願いしたい",
        kind=CommentKind.REQUEST,
        ward_id=sv.catalog.ward_by_name("乙女").id,
        policy_ids=(sv.catalog.policy_by_code("1-04").id,),
        meeting_id=meeting_id,
        channel=Channel.MEETING,
    )


def _import(sv: Services, ctx: dict[str, Any], tmp: Path) -> object:
    template = sv.imports.write_template(tmp / "template.xlsx")
    return sv.imports.preview(template)


CASES: dict[Action, Case] = {
    Action.RECORD: lambda sv, ctx, tmp: sv.comments.record(_draft(sv, ctx["meeting"])),
    Action.EDIT_TEXT: lambda sv, ctx, tmp: sv.comments.edit(
        CommentEdit(ctx["comment"].id, ctx["comment"].version, text="道路の補修を急いでほしい")
    ),
    Action.ROUTE: lambda sv, ctx, tmp: sv.comments.change_status(
        ctx["comment"].id, ctx["comment"].version, Status.ROUTED
    ),
    Action.DELETE: lambda sv, ctx, tmp: sv.comments.delete(
        ctx["comment"].id, ctx["comment"].version
    ),
    Action.REVEAL_PERSONAL: lambda sv, ctx, tmp: sv.comments.speaker(ctx["comment"].id, PURPOSE),
    Action.EXPORT_PERSONAL: lambda sv, ctx, tmp: sv.exports.export(
        CommentFilter(), tmp / "all.csv", "csv", with_personal_data=True, purpose=PURPOSE
    ),
    Action.REPORTS: lambda sv, ctx, tmp: sv.reports.build(
        ReportRequest(ReportKind.POLICY, policy_code="1-04"), tmp / "report.pdf"
    ),
    Action.IMPORT: _import,
    Action.PACKAGES: lambda sv, ctx, tmp: sv.packages.export_meeting(
        ctx["meeting"], tmp / "m.komoro", keys=TEST_PACKAGE_KEYS
    ),
    Action.CATALOG: lambda sv, ctx, tmp: sv.catalog.add_department("新設課"),
    Action.RETENTION: lambda sv, ctx, tmp: sv.privacy.set_retention_months(24),
    Action.BACKUP: lambda sv, ctx, tmp: sv.backups.backup(tmp / "copy.sqlite3"),
}


def test_every_action_has_a_case() -> None:
    assert set(CASES) == set(Action)


def _written(sv: Services) -> tuple[int, int]:
    with sv.db.read() as s:
        audit = s.scalar(select(func.count()).select_from(AuditLogRow)) or 0
        access = s.scalar(select(func.count()).select_from(PersonalDataAccessRow)) or 0
    return audit, access


def _signed_in_as(sv: Services, role: Role) -> dict[str, Any]:
    """As the setup administrator: a meeting, a comment with a speaker, a person in `role`."""
    mid = meeting(sv)
    comment: Comment = record(
        sv, "街灯が暗い", meeting_id=mid, speaker=SpeakerContact("小諸太郎", "0267-00-0000")
    )
    sv.catalog.add_staff("浅間 花子", role=role)
    sv.identity.sign_in("浅間 花子")
    assert (sv.actor.name, sv.actor.role) == ("浅間 花子", role)
    return {"meeting": mid, "comment": comment}


@pytest.mark.parametrize("action", list(Action))
@pytest.mark.parametrize("role", list(Role))
def test_role_x_action(
    sqlite_services: Services, tmp_path: Path, role: Role, action: Action
) -> None:
    sv = sqlite_services
    ctx = _signed_in_as(sv, role)
    before = _written(sv)
    if allows(role, action):
        CASES[action](sv, ctx, tmp_path)
        assert sv.access.can(action) and sv.access.why_not(action) == ""
        return
    with pytest.raises(PermissionDeniedError) as refused:
        CASES[action](sv, ctx, tmp_path)
    assert str(refused.value).startswith(f"{role.label}の権限では「{action.label}」はできません")
    assert sv.access.why_not(action) == str(refused.value)  # the UI's tooltip
    assert _written(sv) == before, "a refused action wrote nothing"
    assert not list(tmp_path.glob("*.csv")) and not list(tmp_path.glob("*.pdf"))


def test_a_recorder_may_undo_their_own_last_entry_only(sqlite_services: Services) -> None:
    """The capture page's undo is part of recording: one's own new entry, not others'."""
    sv = sqlite_services
    ctx = _signed_in_as(sv, Role.RECORDER)
    mine = sv.comments.record(_draft(sv, ctx["meeting"]))
    sv.comments.undo_record(mine.id, mine.version)
    assert sv.comments.get(mine.id).deleted
    theirs = ctx["comment"]  # recorded by the setup administrator
    with pytest.raises(PermissionDeniedError, match="削除・復元"):
        sv.comments.undo_record(theirs.id, theirs.version)
    assert not sv.comments.get(theirs.id).deleted
