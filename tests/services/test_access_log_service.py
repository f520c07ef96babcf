"""The personal-data access log: every reveal, export and report with personal data says who,
when, which comments and why; without a reason nothing is shown or written."""

from __future__ import annotations

from pathlib import Path

import pytest

from komoro_feedback.domain.access_log import AccessKind, AccessPurpose, AccessReason
from komoro_feedback.domain.comment import SpeakerContact
from komoro_feedback.domain.errors import ValidationError
from komoro_feedback.domain.query import CommentFilter
from komoro_feedback.reports.model import ReportOptions
from komoro_feedback.services.container import Services
from komoro_feedback.services.reports.service import ReportKind, ReportRequest
from tests.helpers import PURPOSE, audit_user, record


def _two(sv: Services) -> list[str]:
    return [
        record(sv, f"意見{i}", speaker=SpeakerContact(f"市民{i}", "0267-00-0000")).id
        for i in (1, 2)
    ]


def test_a_reveal_is_logged_with_its_reason(services: Services) -> None:
    a, _b = _two(services)
    purpose = AccessPurpose(AccessReason.OTHER, "監査のため")
    assert services.comments.speaker(a, purpose) == SpeakerContact("市民1", "0267-00-0000")
    [entry] = services.access_log.entries()
    assert (entry.kind, entry.reason, entry.note) == (
        AccessKind.REVEAL,
        AccessReason.OTHER,
        "監査のため",
    )
    assert entry.comment_ids == (a,) and entry.by == audit_user(services)


def test_no_reason_no_personal_data(services: Services, tmp_path: Path) -> None:
    a, _b = _two(services)
    with pytest.raises(ValidationError, match="理由"):
        services.comments.speaker(a, None)
    with pytest.raises(ValidationError, match="理由を書いて"):
        services.comments.speaker(a, AccessPurpose(AccessReason.OTHER, " "))
    with pytest.raises(ValidationError):
        services.exports.export(CommentFilter(), tmp_path / "x.csv", "csv", with_personal_data=True)
    assert not (tmp_path / "x.csv").exists()
    assert services.access_log.entries() == []


def test_exports_and_reports_with_personal_data_log_the_comments(
    services: Services, tmp_path: Path
) -> None:
    ids = _two(services)
    services.exports.export(CommentFilter(), tmp_path / "x.csv", "csv")  # masked: not logged
    services.exports.export(
        CommentFilter(), tmp_path / "p.csv", "csv", with_personal_data=True, purpose=PURPOSE
    )
    req = ReportRequest(
        ReportKind.POLICY,
        policy_code="1-04",
        options=ReportOptions(anonymise=False),
        purpose=AccessPurpose(AccessReason.LEGAL_INQUIRY),
    )
    services.reports.build(req, tmp_path / "r.pdf")
    export, report = services.access_log.entries()
    assert export.kind is AccessKind.EXPORT and sorted(export.comment_ids) == sorted(ids)
    assert report.kind is AccessKind.REPORT and report.reason is AccessReason.LEGAL_INQUIRY
    assert sorted(report.comment_ids) == sorted(ids)
