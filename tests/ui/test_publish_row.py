"""The Reports page's 「市民の声と市の対応」 button: both files for the period, then a preview."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pypdf
import pytest
from PySide6.QtPdf import QPdfDocument

from komoro_feedback.config import UserSettings
from komoro_feedback.services.actor import Actor
from komoro_feedback.services.container import Services
from komoro_feedback.store.database import Database

from komoro_feedback.ui.panels.reports_panel import ReportsPanel


@pytest.fixture
def sv(sqlite_template: Path, tmp_path: Path) -> Iterator[Services]:
    path = tmp_path / "demo.sqlite3"
    shutil.copy(sqlite_template, path)
    services = Services.build(Database(f"sqlite:///{path}"), Actor("テスト職員"))
    services.demo.generate(300, seed=11, end=date(2025, 3, 31))
    yield services
    services.close()


def test_publish_writes_both_files_and_previews_the_pdf(
    qtbot, sv: Services, tmp_path: Path
) -> None:
    panel = ReportsPanel(sv, UserSettings(date_style="era"))
    qtbot.addWidget(panel)
    panel.resize(1366, 768)
    panel.show()
    panel.refresh()
    panel.period.set_period(date(2024, 4, 1), date(2025, 3, 31))
    row = panel.publish_row
    assert row.button.isEnabled() and "市民の声と市の対応" in row.button.text()
    with qtbot.waitSignal(row.published, timeout=30_000) as blocker:
        row.publish_to(tmp_path / "out")
    result = blocker.args[0]
    assert result.pdf.exists() and result.html.exists() and result.items > 0
    assert "掲載" in row.status.text() and row.button.isEnabled()
    qtbot.waitUntil(lambda: panel.document.status() == QPdfDocument.Status.Ready)
    assert panel.document.pageCount() == result.pages
    assert panel.save_button.isEnabled()
    text = pypdf.PdfReader(str(result.pdf)).pages[0].extract_text()
    assert "市民の声と市の対応" in text and "令和6年4月1日" in text  # the page's era setting
    panel.grab().save(str(tmp_path / "publish.png"))
    shots = Path("/tmp/themes/shots")
    if shots.is_dir():
        shutil.copy(tmp_path / "publish.png", shots / "publish.png")
    panel.runner.wait()
