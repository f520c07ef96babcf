"""The latest comments of one meeting, newest first, as the recorder sees them while typing."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTreeWidget, QTreeWidgetItem, QWidget

from komoro_feedback.domain.comment import Comment
from komoro_feedback.i18n.translation import _

_ID_ROLE = Qt.ItemDataRole.UserRole


class RecentEntriesList(QTreeWidget):
    """No., time, ward, policies, kind and the first line of the text; Enter opens an edit.

    No. is the entry's place in its meeting (1, 2, 3 … in recording order, withdrawn entries
    not counted), the number the recorder says aloud, not the database-wide sequence.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("recentEntries")
        self.setColumnCount(6)
        self.setRootIsDecorated(False)
        self.setUniformRowHeights(True)
        self.setAlternatingRowColors(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.header()
        header.setStretchLastSection(True)
        for col in range(5):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        self._comments: list[Comment] = []
        self._newest_number = 0
        self.retranslate()

    def set_comments(self, comments: list[Comment], newest_number: int | None = None) -> None:
        """Newest first; `newest_number` is the meeting number of the first (default: count)."""
        current = self.current_comment_id()
        self._comments = list(comments)
        self._newest_number = len(comments) if newest_number is None else newest_number
        self.clear()
        for i, c in enumerate(self._comments):
            first_line = c.text.splitlines()[0] if c.text else ""
            item = QTreeWidgetItem(
                [
                    str(self.number(i)),
                    c.created_at.strftime("%H:%M"),
                    c.ward_name or _("市全域"),
                    " ".join(c.policy_codes),
                    _(c.kind.label),
                    first_line,
                ]
            )
            item.setData(0, _ID_ROLE, c.id)
            item.setToolTip(5, c.text)
            self.addTopLevelItem(item)
            if c.id == current:
                self.setCurrentItem(item)

    def comments(self) -> list[Comment]:
        return list(self._comments)

    def number(self, index: int) -> int:
        """The meeting number of the entry at `index` (0 = newest)."""
        return self._newest_number - index

    def current_comment_id(self) -> str | None:
        item = self.currentItem()
        return None if item is None else str(item.data(0, _ID_ROLE))

    def retranslate(self) -> None:
        self.setHeaderLabels([_("No."), _("時刻"), _("区"), _("政策"), _("種別"), _("内容")])
        self.set_comments(self._comments, self._newest_number)
