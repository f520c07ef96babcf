"""個人情報の閲覧記録: the administrator lists who saw or exported personal data, and prints it."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from komoro_feedback.config import UserSettings
from komoro_feedback.domain.errors import KomoroError
from komoro_feedback.i18n.formatting import format_datetime
from komoro_feedback.i18n.translation import _
from komoro_feedback.services.container import Services

from komoro_feedback.ui.widgets.status_banner import StatusBanner

#: The list opens on the last three months.
DEFAULT_DAYS = 92


class AccessLogDialog(QDialog):
    """A period, the entries in it, and 「PDFに印刷」. Reading it needs the administrator."""

    def __init__(
        self, services: Services, settings: UserSettings, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.services = services
        self.settings = settings
        self.setWindowTitle(_("個人情報の閲覧記録"))
        self.banner = StatusBanner(self)
        today = QDate.currentDate()
        self.date_from = QDateEdit(today.addDays(-DEFAULT_DAYS), self)
        self.date_to = QDateEdit(today, self)
        for edit, name in ((self.date_from, _("開始日")), (self.date_to, _("終了日"))):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.setAccessibleName(name)
            edit.dateChanged.connect(self.reload)
        self.tree = QTreeWidget(self)
        self.tree.setObjectName("access_log_list")
        self.tree.setRootIsDecorated(False)
        self.tree.setAlternatingRowColors(True)
        self.tree.setHeaderLabels(
            [
                _("日時"),
                _("職員"),
                _("OSのアカウント"),
                _("方法"),
                _("理由"),
                _("意見の件数"),
                _("対象の意見"),
            ]
        )
        self.print_button = QPushButton(_("PDFに印刷…"), self)
        self.print_button.clicked.connect(self._on_print_clicked)
        period = QHBoxLayout()
        period.addWidget(QLabel(_("期間"), self))
        period.addWidget(self.date_from)
        period.addWidget(QLabel("〜", self))
        period.addWidget(self.date_to)
        period.addStretch(1)
        period.addWidget(self.print_button)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.button(QDialogButtonBox.StandardButton.Close).setText(_("閉じる"))
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addLayout(period)
        layout.addWidget(self.tree, 1)
        layout.addWidget(close)
        self.resize(900, 520)
        self.reload()

    def period(self) -> tuple[date, date]:
        return self.date_from.date().toPython(), self.date_to.date().toPython()  # type: ignore[return-value]

    def reload(self) -> None:
        self.tree.clear()
        try:
            entries = self.services.access_log.entries(*self.period())
        except KomoroError as exc:
            self.banner.show_message(str(exc), "error")
            return
        style = "era" if self.settings.date_style == "era" else "western"
        for e in entries:
            reason = _(e.reason.label) + (f": {e.note}" if e.note else "")
            self.tree.addTopLevelItem(
                QTreeWidgetItem(
                    [
                        format_datetime(e.at, style),
                        e.by,
                        e.os_user,
                        _(e.kind.label),
                        reason,
                        str(e.comment_count),
                        " ".join(e.comment_ids),
                    ]
                )
            )
        for col in range(6):
            self.tree.resizeColumnToContents(col)
        self.banner.show_message(_("{n}件の記録").format(n=len(entries)), "info")

    def print_to(self, path: Path) -> bool:
        style = "era" if self.settings.date_style == "era" else "western"
        try:
            pages = self.services.access_log.print_pdf(path, *self.period(), style=style)
        except KomoroError as exc:
            self.banner.show_message(str(exc), "error")
            return False
        self.banner.show_message(
            _("{path}（{n}ページ）に印刷しました。").format(path=path, n=pages), "ok"
        )
        return True

    def _on_print_clicked(self) -> None:
        name, _filter = QFileDialog.getSaveFileName(
            self, _("PDFに印刷"), _("個人情報の閲覧記録.pdf"), "PDF (*.pdf)"
        )
        if name:
            self.print_to(Path(name))
