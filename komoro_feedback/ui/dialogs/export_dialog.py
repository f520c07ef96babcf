"""Export a filtered comment list to Excel or CSV; personal data only on request (warned)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from komoro_feedback.domain.query import CommentFilter
from komoro_feedback.domain.roles import Action
from komoro_feedback.i18n.translation import _
from komoro_feedback.services.container import Services
from komoro_feedback.services.export_service import ExportResult

from komoro_feedback.ui.widgets.access_reason_box import AccessReasonBox
from komoro_feedback.ui.workers import TaskRunner


class ExportDialog(QDialog):
    """Excelに出力: the comments the filter selects, as xlsx or CSV (UTF-8 with BOM)."""

    def __init__(
        self, services: Services, comment_filter: CommentFilter, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.services = services
        self.comment_filter = comment_filter
        self.result: ExportResult | None = None
        self.runner = TaskRunner(self, max_threads=1)
        self._progress = 0.0
        self.setWindowTitle(_("Excelに出力"))
        self.count_label = QLabel()
        self.xlsx = QRadioButton(_("Excel（xlsx）"))
        self.csv = QRadioButton(_("CSV（UTF-8、BOM付き）"))
        self.xlsx.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.xlsx)
        group.addButton(self.csv)
        formats = QHBoxLayout()
        formats.addWidget(self.xlsx)
        formats.addWidget(self.csv)
        self.path = QLineEdit()
        self.path.setObjectName("export_path")
        browse = QPushButton(_("参照…"))
        path_row = QHBoxLayout()
        path_row.addWidget(self.path, 1)
        path_row.addWidget(browse)
        self.personal = QCheckBox(
            _("発言者の氏名・連絡先（個人情報）も書き出し、本文中の電話番号なども伏せない")
        )
        self.warning = QLabel(
            _(
                "注意: 個人情報を含むファイルになります。庁外へ持ち出さず、"
                "用が済んだら削除してください。"
            )
        )
        self.warning.setWordWrap(True)
        self.warning.setStyleSheet("color: #b00020; font-weight: bold;")
        self.warning.setVisible(False)
        self.reason = AccessReasonBox(self)
        self.reason.setVisible(False)
        access = services.access
        self.personal.setEnabled(access.can(Action.EXPORT_PERSONAL))
        self.personal.setToolTip(access.why_not(Action.EXPORT_PERSONAL))
        self.progress = QProgressBar()
        self.progress.setRange(0, 100)
        self.progress.setVisible(False)  # until an export starts: it reads as a box to fill in
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.export_button = self.buttons.addButton(
            _("書き出す"), QDialogButtonBox.ButtonRole.ActionRole
        )
        form = QFormLayout()
        form.addRow(_("対象"), self.count_label)
        form.addRow(_("形式"), formats)
        form.addRow(_("ファイル"), path_row)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.personal)
        layout.addWidget(self.warning)
        layout.addWidget(self.reason)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)
        self._timer = QTimer(self)
        self._timer.setInterval(100)
        self._timer.timeout.connect(lambda: self.progress.setValue(int(self._progress * 100)))
        self.personal.toggled.connect(self._on_personal_toggled)
        self.csv.toggled.connect(self._on_format_toggled)
        browse.clicked.connect(self._on_browse_clicked)
        self.export_button.clicked.connect(self.start_export)
        self.buttons.rejected.connect(self.reject)
        n = services.queries.count(comment_filter)
        self.count_label.setText(_("{n}件の意見").format(n=f"{n:,}"))
        self.resize(560, 0)

    def fmt(self) -> str:
        return "csv" if self.csv.isChecked() else "xlsx"

    def start_export(self) -> None:
        text = self.path.text().strip()
        if not text:
            self.status.setText(_("書き出すファイルを指定してください。"))
            return
        out = Path(text)
        if out.suffix.lower() != f".{self.fmt()}":
            out = out.with_suffix(f".{self.fmt()}")
        personal = self.personal.isChecked()
        purpose = self.reason.purpose() if personal else None
        if personal and purpose is None:
            self.status.setText(_("個人情報を書き出す理由を選んでください。"))
            self.reason.combo.setFocus()
            return
        f, fmt = self.comment_filter, self.fmt()

        def set_progress(x: float) -> None:
            self._progress = x

        def work() -> ExportResult:
            return self.services.exports.export(
                f, out, fmt, with_personal_data=personal, purpose=purpose, progress=set_progress
            )

        self.export_button.setEnabled(False)
        self.progress.setVisible(True)
        self.status.setText(_("書き出しています…"))
        self._timer.start()
        self.runner.run(work, self._on_done, self._on_failed)

    def _on_done(self, result: ExportResult) -> None:
        self._timer.stop()
        self.progress.setValue(100)
        self.result = result
        self.export_button.setEnabled(True)
        self.status.setText(
            _("{n}件を {path} に書き出しました。").format(n=f"{result.rows:,}", path=result.path)
        )

    def _on_failed(self, message: str) -> None:
        self._timer.stop()
        self.export_button.setEnabled(True)
        self.status.setText(message)

    def _on_format_toggled(self) -> None:
        text = self.path.text().strip()
        if text:
            self.path.setText(str(Path(text).with_suffix(f".{self.fmt()}")))

    def _on_personal_toggled(self, checked: bool) -> None:
        self.warning.setVisible(checked)
        self.reason.setVisible(checked)
        # A wrapped label's height counts only through heightForWidth: grow to fit it.
        layout = self.layout()
        if layout is not None:
            self.resize(self.width(), max(self.height(), layout.heightForWidth(self.width())))

    def _on_browse_clicked(self) -> None:
        pattern = "Excel (*.xlsx)" if self.fmt() == "xlsx" else "CSV (*.csv)"
        name, _filter = QFileDialog.getSaveFileName(
            self, _("書き出すファイル"), _("意見一覧") + f".{self.fmt()}", pattern
        )
        if name:
            self.path.setText(name)
