"""A tree with name columns followed by the count columns 件数 / 未対応 / 回答・対応済."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QHeaderView, QTreeWidget, QTreeWidgetItem, QWidget

from komoro_feedback.i18n.formatting import format_number
from komoro_feedback.i18n.translation import N_, _

from komoro_feedback.ui.models.count_tally import Tally

COUNT_HEADERS = (N_("件数"), N_("未対応"), N_("回答・対応済"))
COUNT_TIPS = (
    N_("期間内に受け付けた意見の数（削除済みを除く）"),
    N_("受付・確認中・対応中の意見"),
    N_("回答済・対応済の意見"),
)
#: Which count column was activated: None (total), "open" or "answered".
COUNT_KINDS = (None, "open", "answered")


class CountTree(QTreeWidget):
    """Name columns first (stretching the first), then three right-aligned count columns."""

    def __init__(self, name_headers: tuple[str, ...], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._name_headers = name_headers
        self.setColumnCount(len(name_headers) + len(COUNT_HEADERS))
        self.setUniformRowHeights(True)
        self.setAlternatingRowColors(True)
        header = self.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for col in range(1, self.columnCount()):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        self.retranslate()

    @property
    def first_count_column(self) -> int:
        return len(self._name_headers)

    def count_kind(self, column: int) -> str | None:
        """'open' / 'answered' for those columns, None for the total or a name column."""
        i = column - self.first_count_column
        return COUNT_KINDS[i] if 0 <= i < len(COUNT_KINDS) else None

    def set_counts(self, item: QTreeWidgetItem, tally: Tally | None, *, bold: bool = False) -> None:
        t = tally or Tally()
        for i, n in enumerate((t.total, t.open, t.answered)):
            col = self.first_count_column + i
            item.setText(col, format_number(n))
            item.setTextAlignment(col, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            if bold:
                font = QFont(item.font(col))
                font.setBold(True)
                item.setFont(col, font)

    def retranslate(self) -> None:
        headers = [_(h) for h in self._name_headers] + [_(h) for h in COUNT_HEADERS]
        self.setHeaderLabels(headers)
        header_item = self.headerItem()
        for i, tip in enumerate(COUNT_TIPS):
            header_item.setToolTip(self.first_count_column + i, _(tip))
