"""The Reports page's 「市民の声と市の対応」 button: PDF and HTML, written off the GUI thread."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFileDialog, QLabel, QPushButton, QVBoxLayout, QWidget

from komoro_feedback.i18n.translation import _
from komoro_feedback.reports.model import DateStyle
from komoro_feedback.services.publish.service import PublishResult, PublishService

from komoro_feedback.ui.workers import TaskRunner

Period = Callable[[], tuple[date | None, date | None]]


class PublishRow(QWidget):
    """Asks for a folder, writes both files there, reports what it wrote."""

    published = Signal(object)  # PublishResult

    def __init__(
        self,
        publish: PublishService,
        runner: TaskRunner,
        period: Period,
        date_style: Callable[[], DateStyle],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.publish = publish
        self.runner = runner
        self.period = period
        self.date_style = date_style
        self.button = QPushButton()
        self.button.setObjectName("report_publish")
        self.status = QLabel()
        self.status.setObjectName("report_publish_status")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 0)
        layout.addWidget(self.button)
        layout.addWidget(self.status)
        self.button.clicked.connect(self._on_button_clicked)
        self.retranslate()

    def publish_to(self, folder: Path) -> None:
        start, end = self.period()
        style, publish = self.date_style(), self.publish
        self.button.setEnabled(False)
        self.status.setText(_("公開用の文書を作成中…"))
        self.runner.run(
            lambda: publish.write(start, end, folder, style=style), self._on_done, self._on_failed
        )

    def _on_button_clicked(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, _("公開用の文書を保存するフォルダ"))
        if folder:
            self.publish_to(Path(folder))

    def _on_done(self, result: PublishResult) -> None:
        self.button.setEnabled(True)
        # two short lines: a wrapped label would be cut off in this column
        self.status.setText(
            f"{result.pdf.name} / {result.html.name}\n"
            + _("掲載 {n}件、公開しない {x}件").format(n=result.items, x=result.excluded)
        )
        self.status.setToolTip(str(result.pdf.parent))
        self.published.emit(result)

    def _on_failed(self, message: str) -> None:
        self.button.setEnabled(True)
        self.status.setWordWrap(True)
        self.status.setText(message)

    def retranslate(self) -> None:
        self.button.setText(_("公開用「市民の声と市の対応」を作成…"))
        self.button.setToolTip(
            _("期間内に回答した意見を政策ごとにまとめ、PDFとHTMLで保存します（個人情報なし）。")
        )
