"""An error in a slot shows a Japanese dialog and is logged; the app keeps running. About."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QPushButton

from komoro_feedback import __version__, logs

from komoro_feedback.ui.dialogs.about_dialog import AboutDialog
from komoro_feedback.ui.dialogs.crash_dialog import CrashReporter


@pytest.mark.qt_no_exception_capture
def test_an_exception_in_a_slot_opens_the_crash_dialog_and_the_app_goes_on(
    qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "excepthook", logs._excepthook)
    monkeypatch.setattr(logs, "_listeners", [])
    reporter = CrashReporter(tmp_path / "logs" / "komoro-feedback.log")
    logs.on_uncaught(reporter.report)
    button = QPushButton("保存")
    qtbot.addWidget(button)
    calls: list[int] = []

    def failing_slot() -> None:
        calls.append(1)
        raise ValueError("slot failed")

    button.clicked.connect(failing_slot)
    button.click()
    qtbot.waitUntil(lambda: reporter.dialog is not None and reporter.dialog.isVisible())
    dialog = reporter.dialog
    assert dialog is not None
    assert dialog.windowTitle() == "エラーが発生しました"
    assert str(tmp_path / "logs" / "komoro-feedback.log") in dialog.log_label.text()
    assert "Traceback" not in dialog.message.text()
    assert dialog.copy_button.text() == "詳細をコピー"
    dialog.copy_button.click()
    copied = QGuiApplication.clipboard().text()
    assert "ValueError: slot failed" in copied and __version__ in copied
    button.click()  # still running: the slot runs again, and the one dialog collects it
    assert len(calls) == 2
    dialog.close()


def test_about_shows_version_database_log_and_licences(qtbot) -> None:
    dialog = AboutDialog("SQLite /tmp/x.sqlite3")
    qtbot.addWidget(dialog)
    assert dialog.version_label.text() == __version__
    assert dialog.database_label.text() == "SQLite /tmp/x.sqlite3"
    assert dialog.log_label.text() == str(logs.log_file())
    text = dialog.licences.toPlainText()
    for needle in (
        "PySide6",
        "LGPL-3.0",
        "IPA Font License",
        "SudachiDict",
        "Apache-2.0",
        "ReportLab",
        "SQLAlchemy",
        "MIT",
        "IPAフォントライセンスv1.0",
    ):
        assert needle in text
