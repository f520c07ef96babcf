"""Starting on an encrypted laptop file: the passphrase is asked, a wrong one says so."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QInputDialog, QLineEdit, QMessageBox
from pytestqt.qtbot import QtBot

from komoro_feedback.config import UserSettings
from komoro_feedback.services.actor import Actor
from komoro_feedback.services.container import Services
from komoro_feedback.services.encryption_service import convert
from komoro_feedback.store.database import Database
from tests.helpers import TEST_USER

SHOTS = os.environ.get("KOMORO_SHOTS")  # set to a folder to keep screenshots for review


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("KOMORO_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("KOMORO_DB_PASSPHRASE", raising=False)
    sv = Services.build(
        Database(f"sqlite:///{tmp_path / 'komoro-feedback.sqlite3'}"), Actor(TEST_USER)
    )
    sv.setup.initialise()
    sv.close()
    return tmp_path / "komoro-feedback.sqlite3"


def _answers(replies: list[str], seen: list[str]) -> QTimer:
    def act() -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, QInputDialog):
            assert box.textEchoMode() == QLineEdit.EchoMode.Password
            seen.append(box.labelText())
            if len(seen) == 2 and SHOTS:
                box.grab().save(str(Path(SHOTS) / "encrypted-start-wrong-passphrase.png"))
            box.setTextValue(replies.pop(0))
            box.accept()
        elif isinstance(box, QMessageBox):
            seen.append(box.text())
            box.accept()

    timer = QTimer()
    timer.timeout.connect(act)
    timer.start(20)
    return timer


def test_the_passphrase_is_asked_again_after_a_wrong_one(qtbot: QtBot, home: Path) -> None:
    from komoro_feedback.ui.app import _open_or_fall_back

    convert(home, None, "小諸の合言葉", home.parent / "b", action="encrypt")
    seen: list[str] = []
    timer = _answers(["上田の合言葉", "小諸の合言葉"], seen)
    services = _open_or_fall_back(UserSettings())
    timer.stop()
    assert services is not None
    try:
        assert services.db.encrypted and services.catalog.programme().pillars
        assert len(seen) == 2 and "暗号化されています" in seen[0]
        assert "パスフレーズが違います" in seen[1]
    finally:
        services.close()


def test_a_plain_laptop_is_refused_when_encryption_is_required(qtbot: QtBot, home: Path) -> None:
    from komoro_feedback.ui.app import _open_or_fall_back

    sv = Services.build(Database(f"sqlite:///{home}"), Actor(TEST_USER))
    sv.encryption.set_required(True)
    sv.close()
    seen: list[str] = []
    timer = _answers([], seen)
    services = _open_or_fall_back(UserSettings())
    timer.stop()
    assert services is None
    assert len(seen) == 1 and "encrypt --db" in seen[0]
