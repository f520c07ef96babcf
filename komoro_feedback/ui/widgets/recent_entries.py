"""The latest comments of one meeting, newest first, as the recorder sees them while typing."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTreeWidget, QTreeWidgetItem, QWidget

from komoro_feedback.domain.comment import Comment
from komoro_feedback.i18n.translation import _

_ID_ROLE = Qt.ItemDataRole.UserRole


class RecentEntriesList(QTreeWidget):
    """No., time, ward, policies, kind and the first line of the text; Enter opens an edit."""

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
        self.retranslate()

    def set_comments(self, comments: list[Comment]) -> None:
        current = self.current_comment_id()
        self._comments = list(comments)
        self.clear()
        for c in self._comments:
            first_line = c.text.splitlines()[0] if c.text else ""
            item = QTreeWidgetItem(
                [
                    str(c.seq),
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

    def current_comment_id(self) -> str | None:
        item = self.currentItem()
        return None if item is None else str(item.data(0, _ID_ROLE))

    def retranslate(self) -> None:
        self.setHeaderLabels([_("No."), _("時刻"), _("区"), _("政策"), _("種別"), _("内容")])
        self.set_comments(self._comments)
