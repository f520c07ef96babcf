"""Change the status or the department of several selected comments at once."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from komoro_feedback.domain.catalog import Department
from komoro_feedback.domain.enums import Status
from komoro_feedback.domain.errors import KomoroError
from komoro_feedback.i18n.translation import _
from komoro_feedback.services.comment_service import CommentService


class BulkEditBox(QWidget):
    """Shown instead of the detail form when several rows are selected."""

    #: The ids that were changed (the table re-reads them).
    applied = Signal(list)

    def __init__(self, comments: CommentService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._comments = comments
        self._ids: list[str] = []
        self.heading = QLabel()
        self.heading.setObjectName("bulk_heading")
        self.status = QComboBox()
        self.status.setObjectName("bulk_status")
        for s in Status:
            self.status.addItem("", s)
        self.status_button = QPushButton()
        self.status_button.setObjectName("bulk_status_apply")
        self.department = QComboBox()
        self.department.setObjectName("bulk_department")
        self.department_button = QPushButton()
        self.department_button.setObjectName("bulk_department_apply")
        self.message = QLabel()
        self.message.setObjectName("bulk_message")
        self.message.setWordWrap(True)
        self.status_label = QLabel()
        self.department_label = QLabel()
        form = QFormLayout()
        row1 = QHBoxLayout()
        row1.addWidget(self.status, 1)
        row1.addWidget(self.status_button)
        row2 = QHBoxLayout()
        row2.addWidget(self.department, 1)
        row2.addWidget(self.department_button)
        form.addRow(self.status_label, row1)
        form.addRow(self.department_label, row2)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addStretch(1)
        self.status_button.clicked.connect(self.apply_status)
        self.department_button.clicked.connect(self.apply_department)
        self.retranslate()

    def set_departments(self, departments: list[Department]) -> None:
        self.department.clear()
        self.department.addItem(_("（未割当）"), None)
        for d in departments:
            self.department.addItem(d.name, d.id)

    def set_allowed(self, why_not: str) -> None:
        """ "" when the role may change status and routing; else the reason, as a tooltip."""
        for widget in (self.status, self.status_button, self.department, self.department_button):
            widget.setEnabled(not why_not)
            widget.setToolTip(why_not)

    def set_ids(self, ids: list[str]) -> None:
        self._ids = list(ids)
        self.message.clear()
        self.heading.setText(
            _("{n}件を選択中。選んだ意見をまとめて変更します。").format(n=len(ids))
        )

    def apply_status(self) -> None:
        status = Status(self.status.currentData())  # Qt returns StrEnum data as str
        self._apply(
            lambda: self._comments.bulk_status(self._ids, status),
            _("{n}件の状況を「{status}」にしました。"),
            status=_(status.label),
        )

    def apply_department(self) -> None:
        dep = self.department.currentData()
        self._apply(
            lambda: self._comments.bulk_assign(self._ids, dep),
            _("{n}件の担当課を「{department}」にしました。"),
            department=self.department.currentText(),
        )

    def _apply(self, call: object, template: str, **names: str) -> None:
        assert callable(call)
        try:
            n = call()
        except KomoroError as exc:
            self.message.setText(_("変更できませんでした: {error}").format(error=exc))
            return
        self.message.setText(template.format(n=n, **names))
        self.applied.emit(list(self._ids))

    def retranslate(self) -> None:
        self.status_label.setText(_("状況"))
        self.department_label.setText(_("担当課"))
        self.status_button.setText(_("状況を一括変更"))
        self.department_button.setText(_("担当課を一括変更"))
        for i, s in enumerate(Status):
            self.status.setItemText(i, _(s.label))
        if self.department.count():
            self.department.setItemText(0, _("（未割当）"))
        if self._ids:
            self.set_ids(self._ids)
