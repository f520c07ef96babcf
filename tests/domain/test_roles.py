"""The roles matrix: one copy in code, the document generated from it, refusals in Japanese."""

from __future__ import annotations

from pathlib import Path

import pytest

from komoro_feedback.domain.roles import (
    PERMISSIONS,
    Action,
    PermissionDeniedError,
    Role,
    allows,
    parse_role,
)
from komoro_feedback.domain.roles_doc import BEGIN, END, matrix_markdown

DOC = Path(__file__).resolve().parents[2] / "docs" / "roles.md"


def test_docs_roles_md_shows_the_matrix_of_the_code() -> None:
    text = DOC.read_text(encoding="utf-8")
    block = text[text.index(BEGIN) : text.index(END) + len(END)]
    assert block == matrix_markdown(), "run: python -m komoro_feedback.domain.roles_doc"


def test_the_matrix_is_read_only_and_covers_every_role() -> None:
    assert set(PERMISSIONS) == set(Role)
    with pytest.raises(TypeError):
        PERMISSIONS[Role.RECORDER] = frozenset(Action)  # type: ignore[index]


def test_only_the_administrator_may_export_personal_data_or_restore() -> None:
    for action in (Action.EXPORT_PERSONAL, Action.BACKUP, Action.RETENTION, Action.CATALOG):
        assert [r for r in Role if allows(r, action)] == [Role.ADMINISTRATOR]


def test_a_refusal_says_who_may_in_japanese() -> None:
    err = PermissionDeniedError(Role.RECORDER, Action.REVEAL_PERSONAL)
    assert str(err) == (
        "記録係の権限では「個人情報の表示」はできません（できる役割: 地区担当・管理者）。"
    )


def test_roles_are_read_from_their_value_or_label() -> None:
    assert parse_role("liaison") is Role.LIAISON
    assert parse_role("企画課") is Role.PLANNING
