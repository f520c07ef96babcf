"""Comments edited both here and on a laptop: both versions side by side, a person decides."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from komoro_feedback.domain.errors import KomoroError
from komoro_feedback.i18n.translation import _
from komoro_feedback.services.container import Services
from komoro_feedback.services.package_conflicts import CommentConflict

from komoro_feedback.ui.widgets.status_banner import StatusBanner

DIFF_BACKGROUND = QColor("#fff4ce")


class ConflictDialog(QDialog):
    """Open conflicts on the left; the chosen one's fields, local | incoming, on the right."""

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.current: CommentConflict | None = None
        self.setWindowTitle(_("取り込みの競合"))
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.banner = StatusBanner(self)
        self.banner.setVisible(False)
        self.explain = QLabel(
            _(
                "次の意見は、このデータベースと取り込んだパッケージの両方で編集されていました。"
                "どちらの版を残すか選んでください。選ぶまでは、こちらの版のままです。"
            ),
            self,
        )
        self.explain.setWordWrap(True)
        self.list = QListWidget(self)
        self.list.currentItemChanged.connect(self._on_list_current_changed)
        self.table = QTableWidget(0, 3, self)
        self.table.setHorizontalHeaderLabels([_("項目"), _("こちらの版"), _("取り込み版")])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.keep_local_button = QPushButton(_("こちらの版を残す"), self)
        self.take_incoming_button = QPushButton(_("取り込み版を採用"), self)
        self.keep_local_button.clicked.connect(lambda: self.resolve("local"))
        self.take_incoming_button.clicked.connect(lambda: self.resolve("incoming"))
        actions = QHBoxLayout()
        actions.addStretch(1)
        actions.addWidget(self.keep_local_button)
        actions.addWidget(self.take_incoming_button)
        right = QWidget(self)
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.table, 1)
        right_layout.addLayout(actions)
        split = QSplitter(self)
        split.addWidget(self.list)
        split.addWidget(right)
        split.setStretchFactor(1, 3)
        split.setSizes([220, 680])
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(_("閉じる"))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addWidget(self.explain)
        layout.addWidget(split, 1)
        layout.addWidget(buttons)
        self.resize(960, 560)
        self.refresh()

    def refresh(self) -> None:
        self.list.clear()
        for c in self.services.packages.conflicts():
            item = QListWidgetItem(f"{c.detected_at:%Y-%m-%d}  {c.excerpt}", self.list)
            item.setData(Qt.ItemDataRole.UserRole, c.id)
            item.setToolTip(c.excerpt)
        if self.list.count():
            self.list.setCurrentRow(0)
        else:
            self._show_conflict(None)

    def _on_list_current_changed(self, item: QListWidgetItem | None, _prev: object) -> None:
        if item is None:
            self._show_conflict(None)
            return
        try:
            self._show_conflict(
                self.services.packages.conflict(int(item.data(Qt.ItemDataRole.UserRole)))
            )
        except KomoroError as exc:
            self._message(str(exc), "error")

    def _show_conflict(self, c: CommentConflict | None) -> None:
        self.current = c
        self.keep_local_button.setEnabled(c is not None)
        self.take_incoming_button.setEnabled(c is not None)
        self.table.setRowCount(0)
        if c is None:
            return
        bold = QFont(self.font())
        bold.setBold(True)
        self.table.setRowCount(len(c.fields))
        for row, f in enumerate(c.fields):
            cells = [
                QTableWidgetItem(f.label),
                QTableWidgetItem(f.local),
                QTableWidgetItem(f.incoming),
            ]
            for col, cell in enumerate(cells):
                if f.differs:
                    cell.setBackground(QBrush(DIFF_BACKGROUND))
                    if col == 0:
                        cell.setFont(bold)
                self.table.setItem(row, col, cell)
        self.table.resizeRowsToContents()

    def resolve(self, keep: str) -> None:
        if self.current is None:
            return
        try:
            self.services.packages.resolve(self.current.id, keep)
        except KomoroError as exc:
            self._message(str(exc), "error")
            return
        self._message(
            _("こちらの版を残しました。") if keep == "local" else _("取り込み版を採用しました。"),
            "ok",
        )
        self.refresh()

    def _message(self, text: str, level: str) -> None:
        self.banner.show_message(text, level)
        self.banner.setVisible(True)
