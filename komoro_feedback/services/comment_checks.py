"""What a comment's save checks and says: its ward and policies exist, its policies' codes for
the audit trail, and the message when someone else changed it first."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from komoro_feedback.domain.errors import ValidationError
from komoro_feedback.i18n.translation import _
from komoro_feedback.store.catalog_repository import CatalogRepository
from komoro_feedback.store.models import CommentRow, PolicyRow


def check_refs(
    catalog: CatalogRepository,
    s: Session,
    ward_id: int | None,
    policy_ids: Sequence[int],
    *,
    new: bool,
) -> dict[int, str]:
    """Refuses a ward or policy that does not exist; returns the policies' codes."""
    if ward_id is not None:
        ward = catalog.ward_row(s, ward_id)
        if ward is None:
            raise ValidationError(_("区が見つかりません。"))
        if new and ward.merged_into_id is not None:
            raise ValidationError(
                _("区「{name}」は統合されています。統合先の区を選んでください。").format(
                    name=ward.name
                )
            )
    codes = policy_codes(s, policy_ids)
    if set(codes) != set(policy_ids):
        raise ValidationError(_("政策が見つかりません。"))
    return codes


def policy_codes(s: Session, policy_ids: Sequence[int]) -> dict[int, str]:
    """The codes of these policies, in one statement (a save's round trips add up on a
    server: one per policy was four statements for a comment with two)."""
    if not policy_ids:
        return {}
    q = select(PolicyRow.id, PolicyRow.code).where(PolicyRow.id.in_(set(policy_ids)))
    return {pid: code for pid, code in s.execute(q)}


def codes_text(policy_ids: Sequence[int], codes: dict[int, str]) -> str:
    return ",".join(codes.get(pid, str(pid)) for pid in policy_ids)


def stale_message(row: CommentRow) -> str:
    return _(
        "この意見は{who}が{when}に変更しました。あなたの変更は保存されていません。"
        "最新の内容を読み込んでからもう一度編集してください。"
    ).format(who=row.updated_by or "?", when=row.updated_at.strftime("%Y-%m-%d %H:%M"))
