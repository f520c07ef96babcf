"""The personal-data access log: each reveal or export of speakers, and the reasons allowed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from komoro_feedback.domain.errors import ValidationError
from komoro_feedback.i18n.translation import N_, _

MAX_NOTE_CHARS = 400


class AccessReason(StrEnum):
    """Why someone looked at a citizen's name or contact: chosen from a fixed list."""

    ANSWER_CONTACT = "answer_contact"
    SUBJECT_REQUEST = "subject_request"
    LEGAL_INQUIRY = "legal_inquiry"
    OTHER = "other"

    @property
    def label(self) -> str:
        return _REASON_LABELS[self]


_REASON_LABELS = {
    AccessReason.ANSWER_CONTACT: N_("回答のための連絡"),
    AccessReason.SUBJECT_REQUEST: N_("本人からの請求"),
    AccessReason.LEGAL_INQUIRY: N_("法令に基づく照会"),
    AccessReason.OTHER: N_("その他"),
}


class AccessKind(StrEnum):
    """How the personal data left the database."""

    REVEAL = "reveal"
    EXPORT = "export"
    REPORT = "report"

    @property
    def label(self) -> str:
        return _KIND_LABELS[self]


_KIND_LABELS = {
    AccessKind.REVEAL: N_("画面に表示"),
    AccessKind.EXPORT: N_("ファイルに出力"),
    AccessKind.REPORT: N_("報告書に印刷"),
}


@dataclass(frozen=True)
class AccessPurpose:
    """The reason given before personal data is shown or written out."""

    reason: AccessReason
    note: str = ""

    def validated(self) -> AccessPurpose:
        note = self.note.strip()
        if self.reason is AccessReason.OTHER and not note:
            raise ValidationError(_("「その他」を選んだときは理由を書いてください。"))
        if len(note) > MAX_NOTE_CHARS:
            raise ValidationError(
                _("理由は {n} 文字以内で書いてください。").format(n=MAX_NOTE_CHARS)
            )
        return AccessPurpose(self.reason, note)


@dataclass(frozen=True)
class AccessEntry:
    """One line of the access log as the administrator reads it."""

    id: int
    at: datetime
    by: str
    os_user: str
    kind: AccessKind
    reason: AccessReason
    note: str
    comment_count: int
    comment_ids: tuple[str, ...]
