"""Fix an entry recorded a moment ago: text, ward, policies, kind (with optimistic locking)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from komoro_feedback.domain.catalog import District, Programme
from komoro_feedback.domain.comment import Comment, CommentEdit
from komoro_feedback.domain.enums import CommentKind
from komoro_feedback.domain.errors import KomoroError
from komoro_feedback.i18n.translation import _
from komoro_feedback.services.container import Services

from komoro_feedback.ui.widgets.choice_combos import fill_enum_combo
from komoro_feedback.ui.widgets.policy_picker import PolicyPicker
from komoro_feedback.ui.widgets.status_banner import StatusBanner
from komoro_feedback.ui.widgets.ward_picker import WardPicker


class CommentEditDialog(QDialog):
    """Saves through services.comments.edit on the version shown; a stale edit is refused."""

    def __init__(
        self,
        services: Services,
        comment: Comment,
        programme: Programme,
        districts: list[District],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.services = services
        self.comment = comment
        self.result_comment: Comment | None = None
        self.setWindowTitle(_("記録の修正（No.{seq}）").format(seq=comment.seq))
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.banner = StatusBanner(self)
        self.banner.setVisible(False)
        self.text_edit = QPlainTextEdit(comment.text, self)
        self.text_edit.setTabChangesFocus(True)
        self.kind_combo = QComboBox(self)
        fill_enum_combo(self.kind_combo, list(CommentKind))
        self.kind_combo.setCurrentIndex(max(self.kind_combo.findData(comment.kind.value), 0))
        self.ward_picker = WardPicker(self)
        self.ward_picker.set_districts(districts)
        self.ward_picker.set_ward_id(comment.ward_id)
        self.policy_picker = PolicyPicker(self)
        self.policy_picker.set_programme(programme)
        self.policy_picker.set_policy_ids(comment.policy_ids)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setText(_("保存 (Ctrl+Enter)"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("キャンセル"))
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        grid = QGridLayout()
        grid.addWidget(QLabel(_("発言内容"), self), 0, 0, 1, 2)
        grid.addWidget(self.text_edit, 1, 0, 1, 2)
        kind_row = QHBoxLayout()
        kind_row.addWidget(QLabel(_("種別"), self))
        kind_row.addWidget(self.kind_combo)
        kind_row.addStretch(1)
        grid.addLayout(kind_row, 2, 0, 1, 2)
        grid.addWidget(QLabel(_("区"), self), 3, 0)
        grid.addWidget(QLabel(_("政策（最初が主）"), self), 3, 1)
        grid.addWidget(self.ward_picker, 4, 0)
        grid.addWidget(self.policy_picker, 4, 1)
        grid.setColumnStretch(0, 2)
        grid.setColumnStretch(1, 3)
        grid.setRowStretch(1, 1)
        grid.setRowStretch(4, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addLayout(grid, 1)
        layout.addWidget(self.buttons)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self).activated.connect(self.save)
        self.resize(900, 560)
        self.text_edit.setFocus()

    def edit(self) -> CommentEdit:
        """The change as entered, based on the version this dialog was opened on."""
        c = self.comment
        text = self.text_edit.toPlainText()
        kind = CommentKind(self.kind_combo.currentData())
        ward_id = self.ward_picker.ward_id()
        policies = self.policy_picker.policy_ids()
        return CommentEdit(
            comment_id=c.id,
            version=c.version,
            text=text if text != c.text else None,
            kind=kind if kind is not c.kind else None,
            ward_id=ward_id if ward_id != c.ward_id else None,
            clear_ward=ward_id is None and c.ward_id is not None,
            policy_ids=policies if policies != c.policy_ids else None,
        )

    def save(self) -> None:
        try:
            self.result_comment = self.services.comments.edit(self.edit())
        except KomoroError as exc:
            self.banner.show_message(str(exc), "error")
            self.banner.setVisible(True)
            return
        self.accept()
