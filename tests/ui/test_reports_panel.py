"""The reports page: build off the GUI thread, preview with QtPdf, print to a PDF, cancel; dialogs."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pypdf
import pytest
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrinter

from komoro_feedback.config import UserSettings
from komoro_feedback.domain.query import CommentFilter
from komoro_feedback.services.actor import Actor
from komoro_feedback.services.container import Services
from komoro_feedback.store.database import Database

from komoro_feedback.ui.dialogs.export_dialog import ExportDialog
from komoro_feedback.ui.dialogs.import_dialog import ImportDialog
from komoro_feedback.ui.panels.reports_panel import ReportsPanel

DATA = Path(__file__).resolve().parents[1] / "data" / "import"


@pytest.fixture(scope="module")
def demo_file(sqlite_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("ui-reports") / "demo.sqlite3"
    shutil.copy(sqlite_template, path)
    sv = Services.build(Database(f"sqlite:///{path}"), Actor("テスト職員"))
    sv.demo.generate(300, seed=11, end=date(2025, 3, 31))
    sv.close()
    return path


@pytest.fixture
def sv(demo_file: Path, tmp_path: Path) -> Iterator[Services]:
    path = tmp_path / "demo.sqlite3"
    shutil.copy(demo_file, path)
    services = Services.build(Database(f"sqlite:///{path}"), Actor("テスト職員"))
    yield services
    services.close()


@pytest.fixture
def panel(qtbot, sv: Services) -> ReportsPanel:  # type: ignore[no-untyped-def]
    p = ReportsPanel(sv, UserSettings(date_style="era"))
    qtbot.addWidget(p)
    p.resize(1280, 700)
    p.refresh()
    return p


def test_generate_preview_print_and_save(qtbot, panel: ReportsPanel, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    assert panel.era.isChecked()  # the setting's 令和 dates are the default
    assert panel.preview_stack.currentWidget() is panel.placeholder
    assert panel.anonymise.isChecked() and panel.request().options.anonymise  # by default
    panel.anonymise.setChecked(False)
    assert not panel.request().options.anonymise
    panel.anonymise.setChecked(True)
    assert "作成" in panel.placeholder.text()
    panel.policy.setCurrentIndex(panel.policy.findData("pillar:2"))
    panel.generate_button.click()
    assert not panel.generate_button.isEnabled() and panel.cancel_button.isEnabled()
    qtbot.waitUntil(lambda: panel.current is not None, timeout=20_000)
    qtbot.waitUntil(lambda: panel.document.status() == QPdfDocument.Status.Ready)
    assert panel.document.pageCount() == panel.current.pages > 2
    assert panel.preview_stack.currentWidget() is panel.view
    assert panel.progress.value() == 100
    assert "ページ" in panel.status.text()
    assert panel.print_button.isEnabled() and panel.save_button.isEnabled()
    panel.grab().save(str(tmp_path / "reports_panel.png"))

    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printed = tmp_path / "printed.pdf"
    printer.setOutputFileName(str(printed))
    assert panel.print_document(printer) == panel.current.pages
    assert len(pypdf.PdfReader(str(printed)).pages) == panel.current.pages

    saved = panel.save_to(tmp_path / "saved.pdf")
    text = pypdf.PdfReader(str(saved)).pages[0].extract_text()
    assert "政策別集計" in text and "第2の柱" in text and "令和" in text


def test_cancel_stops_the_build(qtbot, panel: ReportsPanel) -> None:  # type: ignore[no-untyped-def]
    panel.policy.setCurrentIndex(0)  # the whole programme: the longest report
    panel.generate()
    panel.cancel()
    qtbot.waitUntil(lambda: not panel.runner.busy, timeout=20_000)
    assert panel.current is None
    assert "中止" in panel.status.text()
    assert panel.generate_button.isEnabled()
    assert not panel.print_button.isEnabled()


def test_meeting_and_area_choices(qtbot, panel: ReportsPanel, sv: Services) -> None:  # type: ignore[no-untyped-def]
    panel.kind.setCurrentIndex(panel.kind.findData("meeting"))
    assert not panel.form.isRowVisible(panel.policy) and panel.form.isRowVisible(panel.meeting)
    assert panel.meeting.count() == len(sv.meetings.list())
    req = panel.request()
    assert req.meeting_id == panel.meeting.currentData()
    panel.kind.setCurrentIndex(panel.kind.findData("area"))
    panel.district.setCurrentIndex(panel.district.findText("大里"))
    assert panel.request().district == "大里"
    panel.generate()
    qtbot.waitUntil(lambda: panel.current is not None, timeout=20_000)
    assert "地区別集計" in pypdf.PdfReader(str(panel.current.path)).pages[0].extract_text()


def test_export_dialog_warns_about_personal_data(qtbot, sv: Services, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    dialog = ExportDialog(sv, CommentFilter(open_only=True), None)
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.warning.isVisible()
    dialog.personal.setChecked(True)
    assert dialog.warning.isVisible() and "個人情報" in dialog.warning.text()
    dialog.personal.setChecked(False)
    dialog.csv.setChecked(True)
    dialog.path.setText(str(tmp_path / "open"))
    dialog.export_button.click()
    qtbot.waitUntil(lambda: dialog.result is not None, timeout=20_000)
    assert dialog.result.path == tmp_path / "open.csv"
    assert dialog.result.rows == sv.queries.count(CommentFilter(open_only=True))
    assert not dialog.result.personal_data


def test_import_dialog_lists_problems_then_imports_a_good_file(qtbot, sv: Services) -> None:  # type: ignore[no-untyped-def]
    dialog = ImportDialog(sv, None)
    qtbot.addWidget(dialog)
    before = sv.queries.count(CommentFilter())
    dialog.load(DATA / "wrong_types.csv")
    qtbot.waitUntil(lambda: dialog.preview is not None, timeout=10_000)
    assert not dialog.import_button.isEnabled()
    assert dialog.table.item(0, 0).text() == "4" and "去年の春" in dialog.table.item(0, 4).text()
    assert "何も登録していません" in dialog.summary.text()
    dialog.load(DATA / "good_sjis.csv")
    qtbot.waitUntil(lambda: dialog.preview is not None, timeout=10_000)
    assert dialog.import_button.isEnabled()
    dialog.import_button.click()
    qtbot.waitUntil(lambda: dialog.result is not None, timeout=10_000)
    assert sv.queries.count(CommentFilter()) == before + 2


def test_issuer_on_the_cover_and_compare_with_the_previous_period(
    qtbot, panel: ReportsPanel, sv: Services
) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QDialogButtonBox

    from komoro_feedback.ui.dialogs.report_issuer_dialog import ReportIssuerDialog

    dialog = ReportIssuerDialog(sv.reports, panel)
    qtbot.addWidget(dialog)
    dialog.department.setText("企画課")
    dialog.person.setText("小諸 太郎")
    buttons = dialog.findChild(QDialogButtonBox)
    buttons.button(QDialogButtonBox.StandardButton.Save).click()
    assert sv.reports.issuer().department == "企画課"

    panel.kind.setCurrentIndex(panel.kind.findData("area"))
    panel.period.set_period(date(2024, 10, 1), date(2025, 3, 31))
    panel.compare.setChecked(True)
    assert panel.request().options.compare_previous
    panel.generate_button.click()
    qtbot.waitUntil(lambda: panel.current is not None, timeout=20_000)
    pages = pypdf.PdfReader(str(panel.current.path)).pages
    cover = pages[0].extract_text()
    compared = pages[1].extract_text() + pages[2].extract_text()
    assert "企画課" in cover and "担当: 小諸 太郎" in cover and "前期比" in cover
    assert (
        "前の期間との比較" in compared and "前の期間: 令和6年4月1日～令和6年9月30日" in compared
    )  # 和暦 here

    panel.kind.setCurrentIndex(panel.kind.findData("meeting"))
    assert not panel.compare.isEnabled() and not panel.request().options.compare_previous
