"""Keyboard all the way and help for staff: one Tab stop for date and time, menus from the
keyboard, F1 guide, a complete shortcut list, accessible names, Qt's dialogs in Japanese."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from komoro_feedback.services.container import Services
from tests.ui.capture_helpers import (
    ALT,
    CTRL,
    focused,
    ime_type,
    key,
    meeting_comments,
    open_window,
)

from komoro_feedback.ui.accessibility import controls, name_from_label
from komoro_feedback.ui.dialogs.help_dialog import HelpDialog
from komoro_feedback.ui.dialogs.meeting_dialog import MeetingDialog
from komoro_feedback.ui.qt_language import QT_LANGUAGE


def test_date_and_time_is_one_tab_stop_and_the_venue_is_kept(
    qtbot, sqlite_services: Services
) -> None:
    window = open_window(qtbot, sqlite_services)
    key(qtbot, Qt.Key.Key_N, CTRL)
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), MeetingDialog))
    dialog = QApplication.activeModalWidget()
    qtbot.waitUntil(lambda: focused() is dialog.title_edit)
    key(qtbot, Qt.Key.Key_Tab)
    assert focused() is dialog.when_edit
    key(qtbot, Qt.Key.Key_Tab)
    assert focused() is dialog.venue_edit
    ime_type("南大井公民館")
    key(qtbot, Qt.Key.Key_Return)
    capture = window.capture()
    qtbot.waitUntil(capture.isVisible)
    assert capture.meeting().venue == "南大井公民館"
    qtbot.waitUntil(lambda: QApplication.focusWidget() is capture.text_edit)
    ime_type("記録できます")
    key(qtbot, Qt.Key.Key_C, ALT)
    key(qtbot, Qt.Key.Key_Return, CTRL)
    assert len(meeting_comments(sqlite_services, capture.meeting().id)) == 1


def test_menus_open_from_the_keyboard(qtbot, sqlite_services: Services) -> None:
    window = open_window(qtbot, sqlite_services)
    key(qtbot, Qt.Key.Key_F10)
    assert window.menuBar().activeAction() is window.menu.file_menu.menuAction()
    key(qtbot, Qt.Key.Key_Escape)
    key(qtbot, Qt.Key.Key_Escape)
    window.activateWindow()
    window.nav.setFocus()
    key(qtbot, Qt.Key.Key_H, ALT)  # ヘルプ(&H)
    qtbot.waitUntil(window.menu.help_menu.isVisible)
    window.menu.help_menu.close()


def test_f1_opens_the_guide_and_the_shortcut_list_shows_every_key(
    qtbot, sqlite_services: Services
) -> None:
    window = open_window(qtbot, sqlite_services)
    key(qtbot, Qt.Key.Key_F1)
    dialog = window.menu.help_dialog
    assert isinstance(dialog, HelpDialog)
    qtbot.waitUntil(dialog.isVisible)
    guide = dialog.guide.toPlainText()
    for job in ("会議で記録する", "フォローアップする", "報告書を印刷する"):
        assert job in guide
    rows = {
        dialog.keys.item(r, 0).text(): dialog.keys.item(r, 1).text()
        for r in range(dialog.keys.rowCount())
    }
    for keys in ("Ctrl+Shift+Backspace", "Alt+R", "Alt+C", "Alt+D", "F1", "F10", "Ctrl+N"):
        assert any(keys in k.split(" / ") for k in rows), keys
    assert any("Ctrl+1" in k for k in rows), "the page keys are listed"
    assert any("Alt+1" in k for k in rows), "the suggestion keys are listed"
    places = {
        dialog.places.item(r, 0).text(): dialog.places.item(r, 1).text()
        for r in range(dialog.places.rowCount())
    }
    assert str(sqlite_services.db.sqlite_path) == places["データベース"]
    assert "backups" in places["自動バックアップ"] and places["ログ"]
    dialog.close()


def test_every_control_has_its_label_as_accessible_name(qtbot, sqlite_services: Services) -> None:
    window = open_window(qtbot, sqlite_services)
    for key_ in window.panels:
        window.show_panel(key_)
    window.capture()  # the capture page is built with the meetings page
    missing = [
        f"{type(w).__name__}:{w.objectName()}" for w in controls(window) if not w.accessibleName()
    ]
    assert missing == []
    capture = window.capture()
    assert capture.save_button.accessibleName() == "保存"
    assert capture.ward_picker.filter_edit.accessibleName() == "区"
    assert capture.text_edit.accessibleName() == "発言内容"
    assert capture.kind_combo.accessibleName() == "種別"
    assert name_from_label("前と同じ区: 乙女 (Alt+R)") == "前と同じ区: 乙女"
    window.apply_language("en")
    try:
        assert capture.save_button.accessibleName() == "Save"
    finally:
        window.apply_language("ja")


def test_qt_dialogs_speak_the_ui_language(qtbot, sqlite_services: Services) -> None:
    window = open_window(qtbot, sqlite_services)
    window.apply_language("ja")
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
    qtbot.addWidget(box)
    assert box.button(QDialogButtonBox.StandardButton.Cancel).text() == "キャンセル"
    window.apply_language("en")
    try:
        english = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        qtbot.addWidget(english)
        assert english.button(QDialogButtonBox.StandardButton.Cancel).text() == "Cancel"
        # The capture page, its suggestion label and ward keys switch at once.
        capture = window.capture()
        assert capture.city_wide_button.text() == "Alt+C City-wide"
        assert capture.suggestion_bar.label.text().startswith("Suggest")
    finally:
        window.apply_language("ja")
        app = QApplication.instance()
        QT_LANGUAGE.install(app, "ja")
