"""Import comments from xlsx/CSV: a preview of every row's problems, then all or nothing."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from komoro_feedback.i18n.translation import _
from komoro_feedback.services.container import Services
from komoro_feedback.services.import_service import ImportPreview, ImportResult

from komoro_feedback.ui.workers import TaskRunner

#: Rows shown in the preview table (the summary counts all of them).
MAX_SHOWN = 2000


class ImportDialog(QDialog):
    """Excelから取り込み: choose a file, read the preview, then import every row or none."""

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.preview: ImportPreview | None = None
        self.result: ImportResult | None = None
        self.runner = TaskRunner(self, max_threads=1)
        self.setWindowTitle(_("Excelから取り込み"))
        self.path = QLineEdit()
        self.path.setObjectName("import_path")
        self.path.setReadOnly(True)
        browse = QPushButton(_("ファイルを選ぶ…"))
        template = QPushButton(_("ひな形を保存…"))
        row = QHBoxLayout()
        row.addWidget(self.path, 1)
        row.addWidget(browse)
        row.addWidget(template)
        self.summary = QLabel(
            _("紙で集めた意見を、ひな形の列（本文・区・政策コード・受付日…）で取り込みます。")
        )
        self.summary.setWordWrap(True)
        self.table = QTableWidget(0, 5)
        self.table.setObjectName("import_preview")
        self.table.setHorizontalHeaderLabels([_("行"), _("本文"), _("区"), _("政策"), _("問題")])
        self.table.horizontalHeader().setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.import_button = self.buttons.addButton(
            _("取り込む"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.import_button.setEnabled(False)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.buttons)
        browse.clicked.connect(self._on_browse_clicked)
        template.clicked.connect(self._on_template_clicked)
        self.import_button.clicked.connect(self.start_import)
        self.buttons.rejected.connect(self.reject)
        self.resize(900, 520)

    def load(self, path: Path) -> None:
        """Check the file on a worker thread; the table then lists each row's problems."""
        self.path.setText(str(path))
        self.preview = None
        self.import_button.setEnabled(False)
        self.summary.setText(_("確認しています…"))
        self.runner.run(
            lambda: self.services.imports.preview(path), self._on_preview, self._on_failed
        )

    def start_import(self) -> None:
        preview = self.preview
        if preview is None or not preview.ok:
            return
        self.import_button.setEnabled(False)
        self.summary.setText(_("取り込んでいます…"))
        self.runner.run(
            lambda: self.services.imports.commit(preview), self._on_imported, self._on_failed
        )

    def _on_preview(self, preview: ImportPreview) -> None:
        self.preview = preview
        rows = sorted(preview.rows, key=lambda r: (not r.problems, r.line))[:MAX_SHOWN]
        self.table.setRowCount(len(rows))
        for i, r in enumerate(rows):
            values = [str(r.line), r.text, r.ward, r.policies, "\n".join(r.problems) or _("OK")]
            for j, v in enumerate(values):
                self.table.setItem(i, j, QTableWidgetItem(v))
        for col in range(4):  # the problems column takes the rest and wraps
            self.table.resizeColumnToContents(col)
            self.table.setColumnWidth(col, min(self.table.columnWidth(col), 260))
        self.table.resizeRowsToContents()
        lines = [_("{n}行（{enc}）").format(n=len(preview.rows), enc=preview.encoding or "-")]
        lines += list(preview.file_problems)
        if preview.problem_rows:
            lines.append(
                _(
                    "{n}行に問題があります。直してからもう一度選んでください。何も登録していません。"
                ).format(n=len(preview.problem_rows))
            )
        if preview.new_meetings:
            lines.append(
                _("新しく登録する会議: {names}").format(names="、".join(preview.new_meetings))
            )
        if preview.ok:
            lines.append(_("問題はありません。「取り込む」ですべての行を登録します。"))
        self.summary.setText("\n".join(lines))
        self.import_button.setEnabled(preview.ok)

    def _on_imported(self, result: ImportResult) -> None:
        self.result = result
        self.summary.setText(_("{n}件の意見を取り込みました。").format(n=f"{result.added:,}"))

    def _on_failed(self, message: str) -> None:
        self.summary.setText(message)
        self.import_button.setEnabled(False)

    def _on_browse_clicked(self) -> None:
        name, _filter = QFileDialog.getOpenFileName(
            self, _("取り込むファイル"), "", _("Excel・CSV (*.xlsx *.csv)")
        )
        if name:
            self.load(Path(name))

    def _on_template_clicked(self) -> None:
        name, _filter = QFileDialog.getSaveFileName(
            self, _("ひな形を保存"), _("取り込みひな形") + ".xlsx", "Excel (*.xlsx)"
        )
        if name:
            path = self.services.imports.write_template(Path(name))
            self.summary.setText(_("ひな形を {path} に保存しました。").format(path=path))
