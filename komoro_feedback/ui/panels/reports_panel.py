"""The reports page: choose a report, build it off the GUI thread, preview, print or save it."""

from __future__ import annotations

import shutil
import tempfile
import threading
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from komoro_feedback.config import UserSettings
from komoro_feedback.domain.query import CommentFilter
from komoro_feedback.domain.roles import Action
from komoro_feedback.i18n.translation import N_, _
from komoro_feedback.reports.model import ReportOptions
from komoro_feedback.services.container import Services
from komoro_feedback.services.publish.service import PublishResult
from komoro_feedback.services.reports.service import ReportKind, ReportRequest, ReportResult

from komoro_feedback.ui.dialogs.export_dialog import ExportDialog
from komoro_feedback.ui.dialogs.import_dialog import ImportDialog
from komoro_feedback.ui.dialogs.report_issuer_dialog import ReportIssuerDialog
from komoro_feedback.ui.panels.base import Panel
from komoro_feedback.ui.panels.report_choices import fill_choices
from komoro_feedback.ui.pdf_printing import print_pdf
from komoro_feedback.ui.widgets.access_reason_box import AccessReasonBox
from komoro_feedback.ui.widgets.period_picker import PeriodPicker
from komoro_feedback.ui.widgets.publish_row import PublishRow
from komoro_feedback.ui.workers import TaskRunner

KIND_LABELS = {
    ReportKind.POLICY: N_("政策別集計"),
    ReportKind.AREA: N_("地区別集計"),
    ReportKind.MEETING: N_("会議記録"),
}


class ReportsPanel(Panel):
    """帳票: per-policy, per-area and meeting reports with an in-app preview."""

    key = "reports"

    def __init__(
        self, services: Services, settings: UserSettings, parent: QWidget | None = None
    ) -> None:
        super().__init__(services, settings, parent)
        self.runner = TaskRunner(self, max_threads=1)
        self._tmpdir = Path(tempfile.mkdtemp(prefix="komoro-reports-"))
        tmpdir = self._tmpdir  # previews live until the page goes away
        self.destroyed.connect(lambda *_a: shutil.rmtree(tmpdir, ignore_errors=True))
        self._serial = 0
        self._cancel = threading.Event()
        self._progress = 0.0
        self.current: ReportResult | None = None
        self._build_form()
        self.document = QPdfDocument(self)
        self.view = QPdfView(self)
        self.view.setObjectName("report_preview")
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        # Until the first report: a word on what to do instead of an empty grey page.
        self.placeholder = QLabel(self)
        self.placeholder.setObjectName("report_placeholder")
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setWordWrap(True)
        self.preview_stack = QStackedWidget(self)
        self.preview_stack.addWidget(self.placeholder)
        self.preview_stack.addWidget(self.view)
        splitter = QSplitter(self)
        splitter.addWidget(self.form_box)
        splitter.addWidget(self.preview_stack)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([380, 800])
        QVBoxLayout(self).addWidget(splitter)
        self._timer = QTimer(self)
        self._timer.setInterval(100)
        self._timer.timeout.connect(self._on_timer_timeout)
        self.kind.currentIndexChanged.connect(self._on_kind_changed)
        self.generate_button.clicked.connect(self.generate)
        self.cancel_button.clicked.connect(self.cancel)
        self.print_button.clicked.connect(self._on_print_clicked)
        self.save_button.clicked.connect(self._on_save_clicked)
        self.export_button.clicked.connect(self._on_export_clicked)
        self.import_button.clicked.connect(self._on_import_clicked)
        self.issuer_button.clicked.connect(self._on_issuer_clicked)
        self.retranslate()
        self._set_busy(False)

    # --- form -------------------------------------------------------------------------------
    def _build_form(self) -> None:
        self.form_box = QWidget(self)
        self.form_box.setMinimumWidth(340)
        form = QFormLayout()
        self.form = form
        self.kind = QComboBox()
        self.kind.setObjectName("report_kind")
        for k in ReportKind:
            self.kind.addItem("", k.value)
        self.period = PeriodPicker()
        self.policy = QComboBox()
        self.policy.setObjectName("report_policy")
        self.district = QComboBox()
        self.district.setObjectName("report_district")
        self.meeting = QComboBox()
        self.meeting.setObjectName("report_meeting")
        self.kind_label, self.policy_label = QLabel(), QLabel()
        self.district_label, self.meeting_label = QLabel(), QLabel()
        form.addRow(self.kind_label, self.kind)
        form.addRow(self.period)
        form.addRow(self.policy_label, self.policy)
        form.addRow(self.district_label, self.district)
        form.addRow(self.meeting_label, self.meeting)
        self.counts_only = QCheckBox()
        self.open_only = QCheckBox()
        self.answers = QCheckBox()
        self.answers.setChecked(True)
        self.era = QCheckBox()
        self.era.setChecked(self.settings.date_style == "era")
        self.anonymise = QCheckBox()
        self.anonymise.setChecked(True)  # personal data is printed only when asked for
        self.compare = QCheckBox()
        self.compare.setObjectName("report_compare_previous")
        for box in (
            self.counts_only,
            self.open_only,
            self.answers,
            self.era,
            self.anonymise,
            self.compare,
        ):
            form.addRow(box)
        # Printing unmasked text is personal data: the roles allowed, with a reason (logged).
        self.reason = AccessReasonBox()
        self.reason.setVisible(False)
        form.addRow(self.reason)
        self.anonymise.toggled.connect(lambda on: self.reason.setVisible(not on))
        self.anonymise.setEnabled(self.services.access.can(Action.EXPORT_PERSONAL))
        self.anonymise.setToolTip(self.services.access.why_not(Action.EXPORT_PERSONAL))
        self.issuer_button = QPushButton()
        self.issuer_button.setObjectName("report_issuer")
        self.generate_button = QPushButton()
        self.generate_button.setObjectName("report_generate")
        self.generate_button.setDefault(True)
        self.cancel_button = QPushButton()
        self.progress = QProgressBar()
        self.progress.setRange(0, 100)
        # Hidden until the first report: an empty bar looks like a text box to fill in.
        self.progress.setVisible(False)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.print_button = QPushButton()
        self.save_button = QPushButton()
        self.export_button = QPushButton()
        self.import_button = QPushButton()
        self.import_button.setEnabled(self.services.access.can(Action.IMPORT))
        self.import_button.setToolTip(self.services.access.why_not(Action.IMPORT))
        run_row = QHBoxLayout()
        run_row.addWidget(self.generate_button)
        run_row.addWidget(self.cancel_button)
        out_row = QHBoxLayout()
        out_row.addWidget(self.print_button)
        out_row.addWidget(self.save_button)
        excel_row = QHBoxLayout()
        excel_row.addWidget(self.export_button)
        excel_row.addWidget(self.import_button)
        box = QVBoxLayout(self.form_box)
        box.addLayout(form)
        box.addLayout(run_row)
        box.addWidget(self.progress)
        box.addWidget(self.status)
        box.addLayout(out_row)
        self.publish_row = PublishRow(
            self.services.publish, self.runner, self.period.period, self.date_style
        )
        self.publish_row.published.connect(self._on_published)
        box.addWidget(self.publish_row)
        box.addStretch(1)
        box.addWidget(self.issuer_button)
        box.addLayout(excel_row)

    def request(self) -> ReportRequest:
        """What the form asks for."""
        kind = ReportKind(self.kind.currentData())
        start, end = self.period.period()
        scope, _sep, value = str(self.policy.currentData() or "all:").partition(":")
        return ReportRequest(
            kind=kind,
            policy_code=value if scope == "policy" else None,
            pillar=int(value) if scope == "pillar" else None,
            district=self.district.currentData() or None,
            meeting_id=self.meeting.currentData(),
            date_from=start,
            date_to=end,
            options=ReportOptions(
                date_style=self.date_style(),
                counts_only=self.counts_only.isChecked(),
                open_only=self.open_only.isChecked(),
                include_answers=self.answers.isChecked(),
                anonymise=self.anonymise.isChecked(),
                compare_previous=self.compare.isChecked() and kind is not ReportKind.MEETING,
            ),
            purpose=None if self.anonymise.isChecked() else self.reason.purpose(),
        )

    def date_style(self) -> str:
        return "era" if self.era.isChecked() else "western"  # type: ignore[return-value]

    # --- generating -------------------------------------------------------------------------
    def generate(self) -> None:
        """Build the chosen report on a worker thread; progress and cancel stay responsive."""
        if self.runner.busy:
            return
        req = self.request()
        self._serial += 1
        out = self._tmpdir / f"report-{self._serial}.pdf"
        self._cancel = threading.Event()
        cancel = self._cancel
        self._progress = 0.0
        self.progress.setVisible(True)

        def work() -> ReportResult:
            return self.services.reports.build(
                req, out, progress=self._set_progress, cancel=cancel.is_set
            )

        self._set_busy(True)
        self.status.setText(_("作成中…"))
        self.runner.run(work, self._on_built, self._on_failed)

    def cancel(self) -> None:
        self._cancel.set()
        self.status.setText(_("中止しています…"))

    def _set_progress(self, fraction: float) -> None:
        self._progress = fraction  # read by the GUI thread's timer; a float store is atomic

    def _on_timer_timeout(self) -> None:
        self.progress.setValue(int(self._progress * 100))

    def _on_built(self, result: ReportResult) -> None:
        self._set_busy(False)
        self.progress.setValue(100)
        self.current = result
        self.document.load(str(result.path))
        self.preview_stack.setCurrentWidget(self.view)
        self.status.setText(
            _("{pages}ページ（意見 {n}件）を作成しました。").format(
                pages=result.pages, n=f"{result.comments:,}"
            )
        )
        self._update_buttons()

    def _on_published(self, result: PublishResult) -> None:
        """Preview the published PDF (print and save then work on it too)."""
        self.current = ReportResult(result.pdf, result.pages, result.items, 0.0)
        self.document.load(str(result.pdf))
        self.preview_stack.setCurrentWidget(self.view)
        self._update_buttons()

    def _on_failed(self, message: str) -> None:
        self._set_busy(False)
        self.progress.setValue(0)
        self.status.setText(message)

    def _set_busy(self, busy: bool) -> None:
        self.generate_button.setEnabled(not busy)
        self.cancel_button.setEnabled(busy)
        if busy:
            self._timer.start()
        else:
            self._timer.stop()
        self._update_buttons()

    def _update_buttons(self) -> None:
        ready = self.current is not None and not self.runner.busy
        self.print_button.setEnabled(ready)
        self.save_button.setEnabled(ready)

    # --- output -----------------------------------------------------------------------------
    def print_document(self, printer: QPrinter) -> int:
        """Print every page of the preview on `printer`; returns the number of pages."""
        return print_pdf(self.document, printer)

    def save_to(self, path: Path) -> Path:
        assert self.current is not None
        shutil.copyfile(self.current.path, path)
        return path

    def _on_print_clicked(self) -> None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dialog = QPrintDialog(printer, self)
        if dialog.exec() == QPrintDialog.DialogCode.Accepted:
            self.print_document(printer)

    def _on_save_clicked(self) -> None:
        kind = ReportKind(self.kind.currentData())
        name, _filter = QFileDialog.getSaveFileName(
            self, _("名前を付けて保存"), _(KIND_LABELS[kind]) + ".pdf", "PDF (*.pdf)"
        )
        if name:
            try:
                self.save_to(Path(name))
            except OSError as exc:
                QMessageBox.warning(self, _("保存できません"), str(exc))

    def _on_export_clicked(self) -> None:
        start, end = self.period.period()
        ExportDialog(self.services, CommentFilter(date_from=start, date_to=end), self).exec()

    def _on_issuer_clicked(self) -> None:
        ReportIssuerDialog(self.services.reports, self).exec()

    def _on_import_clicked(self) -> None:
        ImportDialog(self.services, self).exec()
        fill_choices(self)

    # --- panel contract ---------------------------------------------------------------------
    def title(self) -> str:
        return _("帳票")

    def refresh(self) -> None:
        self.era.setChecked(self.settings.date_style == "era")
        fill_choices(self)

    def _on_kind_changed(self) -> None:
        kind = ReportKind(self.kind.currentData())
        self.form.setRowVisible(self.policy, kind is ReportKind.POLICY)
        self.form.setRowVisible(self.district, kind is ReportKind.AREA)
        self.form.setRowVisible(self.meeting, kind is ReportKind.MEETING)
        self.form.setRowVisible(self.period, kind is not ReportKind.MEETING)
        self.counts_only.setEnabled(kind is not ReportKind.MEETING)
        self.compare.setEnabled(kind is not ReportKind.MEETING)

    def retranslate(self) -> None:
        self.placeholder.setText(
            _("帳票・期間・対象を選んで「作成」を押すと、ここにプレビューが表示されます。")
        )
        for i, k in enumerate(ReportKind):
            self.kind.setItemText(i, _(KIND_LABELS[k]))
        self.kind_label.setText(_("帳票"))
        self.policy_label.setText(_("対象"))
        self.district_label.setText(_("地区"))
        self.meeting_label.setText(_("会議"))
        self.counts_only.setText(_("件数だけ（意見の一覧を載せない）"))
        self.open_only.setText(_("未完了の意見だけ"))
        self.answers.setText(_("回答を載せる"))
        self.era.setText(_("日付を和暦（令和）で書く"))
        self.anonymise.setText(_("本文中の電話番号・メール・発言者名を伏せる"))
        self.compare.setText(_("同じ長さの前の期間と比べる"))
        self.compare.setToolTip(
            _(
                "期間の開始日が必要です。件数の増減、初めて意見が寄せられた政策、長く未完了の件数を載せます。"
            )
        )
        self.issuer_button.setText(_("表紙の発行者…"))
        self.generate_button.setText(_("作成"))
        self.cancel_button.setText(_("中止"))
        self.print_button.setText(_("印刷…"))
        self.save_button.setText(_("名前を付けて保存…"))
        self.export_button.setText(_("Excelに出力"))
        self.import_button.setText(_("Excelから取り込み"))
        self.publish_row.retranslate()
        self.period.retranslate()
        self._on_kind_changed()
