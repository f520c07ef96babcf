"""The administrator's encryption rule and this PC's package key file, set in the app."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from komoro_feedback.config import UserSettings
from komoro_feedback.i18n.translation import set_language
from komoro_feedback.services.container import Services
from komoro_feedback.services.package_crypto import KeyFileKeys
from tests.ui.capture_helpers import open_window


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("KOMORO_DATA_DIR", str(tmp_path / "home"))
    return tmp_path


def test_rule_and_key_file_are_saved_where_they_belong(
    qtbot: QtBot, sqlite_services: Services, home: Path
) -> None:
    sv = sqlite_services
    sv.packages.keys = None
    settings = UserSettings()
    window = open_window(qtbot, sv, settings)
    dialog = window.show_panel("settings").open_security()
    assert "暗号化されていません" in dialog.state.text() and "encrypt --db" in dialog.state.text()
    assert not dialog.require_check.isChecked()

    dialog.key_edit.setText(str(home / "junk.key"))
    assert not dialog.save() and dialog.banner.level == "error"
    assert not sv.encryption.required()  # nothing saved from a refused form

    key = KeyFileKeys.create(home / "city.key")
    dialog.key_edit.setText(str(home / "city.key"))
    dialog.require_check.setChecked(True)
    assert dialog.save() and key.id in dialog.banner.text()
    assert sv.encryption.required()  # in the database: it travels with copies of it
    assert UserSettings.load().package_key_file == str((home / "city.key").resolve())
    assert sv.packages.keys == key  # packages are sealed with it from now on
    if os.environ.get("KOMORO_SHOTS"):
        dialog.grab().save(os.path.join(os.environ["KOMORO_SHOTS"], "security-ja.png"))
        set_language("en")
        try:
            english = window.show_panel("settings").open_security()
            english.grab().save(os.path.join(os.environ["KOMORO_SHOTS"], "security-en.png"))
            english.close()
        finally:
            set_language("ja")
    dialog.close()
