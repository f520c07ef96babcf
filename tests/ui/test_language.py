"""Switching language on the settings page relabels every page at once and loses no input."""

from __future__ import annotations

from datetime import datetime

from komoro_feedback.config import UserSettings
from komoro_feedback.domain.comment import MeetingDraft
from komoro_feedback.domain.enums import MeetingKind
from komoro_feedback.services.container import Services
from tests.ui.capture_helpers import ime_type, open_window


def test_switching_to_english_keeps_typed_text(
    qtbot, sqlite_services: Services, tmp_path, monkeypatch
) -> None:
    monkeypatch.setenv("KOMORO_DATA_DIR", str(tmp_path))
    m = sqlite_services.meetings.create(
        MeetingDraft(MeetingKind.TOWN_MEETING, "言語切替の確認", datetime(2025, 6, 1, 19))
    )
    window = open_window(qtbot, sqlite_services, UserSettings())
    capture = window.panels["meetings"].open_capture(m.id)
    qtbot.waitUntil(lambda: capture.text_edit.hasFocus())
    ime_type("まだ保存していない発言")
    capture.ward_picker.filter_edit.setText("乙")
    assert capture.save_button.text() == "保存 (Ctrl+Enter)"

    settings_panel = window.show_panel("settings")
    combo = settings_panel.language_combo
    combo.setCurrentIndex(combo.findData("en"))
    combo.activated.emit(combo.currentIndex())

    assert window.nav.item(0).text() == "Meetings"
    assert window.menu.file_menu.title() == "&File"
    assert capture.save_button.text() == "Save (Ctrl+Enter)"
    assert capture.kind_combo.currentText() == "Opinion"
    assert capture.text_edit.toPlainText() == "まだ保存していない発言"
    assert capture.ward_picker.filter_edit.text() == "乙"
    assert settings_panel.labels[1].text() == "Language"
    assert UserSettings.load().language == "en"

    combo.setCurrentIndex(combo.findData("ja"))
    combo.activated.emit(combo.currentIndex())
    assert window.nav.item(0).text() == "会議と記録"
    assert capture.text_edit.toPlainText() == "まだ保存していない発言"
