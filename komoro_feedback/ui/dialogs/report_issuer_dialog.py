"""帳票の発行者: the cover's label, issuing department and person, kept in the database."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from komoro_feedback.domain.errors import KomoroError
from komoro_feedback.i18n.translation import _
from komoro_feedback.reports.model import Issuer
from komoro_feedback.services.reports.service import ReportService


class ReportIssuerDialog(QDialog):
    """Edits what every report's cover says about who issued it."""

    def __init__(self, reports: ReportService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.reports = reports
        self.setWindowTitle(_("帳票の発行者"))
        self.setMinimumWidth(440)
        current = reports.issuer()
        self.label = QLineEdit(current.label)
        self.label.setPlaceholderText(_("地域職員連絡会 資料"))
        self.label.setAccessibleName(_("表紙の資料名"))
        self.department = QLineEdit(current.department)
        self.department.setPlaceholderText(_("例 企画課"))
        self.department.setAccessibleName(_("発行する課"))
        self.person = QLineEdit(current.person)
        self.person.setAccessibleName(_("担当者"))
        self.error = QLabel()
        self.error.setWordWrap(True)
        form = QFormLayout()
        form.addRow(_("表紙の資料名"), self.label)
        form.addRow(_("発行する課"), self.department)
        form.addRow(_("担当者"), self.person)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self._on_buttons_accepted)
        buttons.rejected.connect(self.reject)
        box = QVBoxLayout(self)
        note = QLabel(
            _("帳票の表紙とPDFの作成者欄に載ります。空欄の資料名は既定の名前になります。")
        )
        note.setWordWrap(True)
        box.addWidget(note)
        box.addLayout(form)
        box.addWidget(self.error)
        box.addWidget(buttons)

    def _on_buttons_accepted(self) -> None:
        issuer = Issuer(self.label.text(), self.department.text(), self.person.text())
        try:
            self.reports.save_issuer(issuer)
        except KomoroError as exc:
            self.error.setText(str(exc))
            return
        self.accept()
