"""A small demo database with one comment that has a speaker, built once for the report tests."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from komoro_feedback.domain.comment import CommentDraft, SpeakerContact
from komoro_feedback.domain.enums import Channel, CommentKind
from komoro_feedback.services.actor import Actor
from komoro_feedback.services.container import Services
from komoro_feedback.store.database import Database

SPEAKER = SpeakerContact("小諸花子", "0267-99-1234")
LONG_START = "【長文の始まり】"
LONG_END = "【長文の終わり】"


@pytest.fixture(scope="session")
def report_db(sqlite_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("reports") / "demo.sqlite3"
    shutil.copy(sqlite_template, path)
    sv = Services.build(Database(f"sqlite:///{path}"), Actor("テスト職員"))
    sv.demo.generate(400, seed=7, end=date(2025, 3, 31))
    ward = sv.catalog.ward_by_name("乙女")
    policy = sv.catalog.policy_by_code("1-04")
    sv.comments.record(
        CommentDraft(
            text="子育ての相談窓口をもっと知らせてほしい。",
            kind=CommentKind.REQUEST,
            ward_id=ward.id,
            policy_ids=(policy.id,),
            channel=Channel.LETTER,
            received_on=date(2024, 6, 1),
            speaker=SPEAKER,
        )
    )
    body = "保育園の送迎の時間帯に、小学校の前の道が大変混み合っています。" * 110
    sv.comments.record(
        CommentDraft(
            text=LONG_START + body[: 4000 - 2 * len(LONG_START)] + LONG_END,
            kind=CommentKind.OPINION,
            ward_id=ward.id,
            policy_ids=(sv.catalog.policy_by_code("2-01").id,),
            channel=Channel.LETTER,
            received_on=date(2024, 7, 1),
        )
    )
    sv.close()
    return path


@pytest.fixture
def report_services(report_db: Path) -> Iterator[Services]:
    sv = Services.build(Database(f"sqlite:///{report_db}"), Actor("テスト職員"))
    yield sv
    sv.close()


@pytest.fixture
def writable_report_services(report_db: Path, tmp_path: Path) -> Iterator[Services]:
    path = tmp_path / "copy.sqlite3"
    shutil.copy(report_db, path)
    sv = Services.build(Database(f"sqlite:///{path}"), Actor("テスト職員"))
    yield sv
    sv.close()
