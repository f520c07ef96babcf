"""The comments table: key-set pages fetched on demand (in a worker), sorted and filtered in SQL."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor

from komoro_feedback.domain.comment import Comment
from komoro_feedback.domain.query import CommentFilter, CommentQuery, Cursor, Page, SortKey
from komoro_feedback.i18n.formatting import DateStyle, format_date
from komoro_feedback.i18n.translation import N_, _
from komoro_feedback.services.query_service import QueryService

from komoro_feedback.ui.models.page_window import PageWindow
from komoro_feedback.ui.workers import TaskRunner

Index = QModelIndex | QPersistentModelIndex

#: Data role that returns the row's Comment (immutable) for any column.
COMMENT_ROLE = Qt.ItemDataRole.UserRole + 1
PAGE_SIZE = 200
#: Pages kept in memory; the others are dropped and fetched again (by their key-set cursor)
#: when scrolled back into view. 1,000,000 rows kept would need ~2.6 GB.
WINDOW_PAGES = 8
TEXT_PREVIEW_CHARS = 120


@dataclass(frozen=True, slots=True)
class Column:
    """A column of the comments table; `sort` is None when SQL cannot sort by it."""

    key: str
    header: str  # msgid
    sort: SortKey | None
    width: int


# The text comes right after what a liaison scans first (date, ward, status), so that it is
# in view on a 1366 px laptop beside the detail pane; the rest scrolls in.
COLUMNS: tuple[Column, ...] = (
    Column("received", N_("受付日"), SortKey.RECEIVED, 92),
    Column("ward", N_("区"), SortKey.WARD, 76),
    Column("status", N_("状況"), SortKey.STATUS, 64),
    Column("text", N_("内容"), None, 300),
    Column("policies", N_("政策"), SortKey.POLICY, 80),
    Column("kind", N_("種別"), SortKey.KIND, 48),
    Column("district", N_("地区"), None, 90),
    Column("department", N_("担当課"), None, 90),
    Column("answered", N_("回答日"), None, 92),
)
COLUMN_KEYS = tuple(c.key for c in COLUMNS)


def column_of(key: SortKey) -> int:
    """The column showing a sort key (the received date for keys with no column)."""
    for i, col in enumerate(COLUMNS):
        if col.sort is key:
            return i
    return 0


class CommentTableModel(QAbstractTableModel):
    """Rows of one CommentQuery, loaded page by page as the view scrolls (never all at once).

    The row count grows as pages arrive; only the last WINDOW_PAGES pages used stay in memory.
    A row of a dropped page shows empty until its page, fetched again from the cursor it was
    first loaded with, arrives (a worker; the view repaints on dataChanged).
    """

    #: Emitted after a page arrived (or the first page of a new query): rows now loaded.
    page_loaded = Signal(int)
    #: A page could not be loaded; the message is fit to show.
    load_failed = Signal(str)

    def __init__(
        self,
        queries: QueryService,
        runner: TaskRunner,
        parent: QObject | None = None,
        *,
        page_size: int = PAGE_SIZE,
        date_style: DateStyle = "western",
        window_pages: int = WINDOW_PAGES,
    ) -> None:
        super().__init__(parent)
        self._queries = queries
        self._runner = runner
        self._query = CommentQuery(limit=page_size)
        self._rows = PageWindow(window_pages)
        self._refetching: set[int] = set()
        self._cursor: Cursor | None = None
        self._more = False
        self._loading = False
        self._generation = 0
        self.date_style: DateStyle = date_style

    # --- the query ------------------------------------------------------------------------
    @property
    def query(self) -> CommentQuery:
        return self._query

    @property
    def loading(self) -> bool:
        return self._loading

    @property
    def has_more(self) -> bool:
        return self._more

    def set_query(
        self,
        f: CommentFilter | None = None,
        sort: SortKey | None = None,
        descending: bool | None = None,
    ) -> None:
        """Show another filter or order: drop the loaded rows and fetch the first page."""
        q = self._query
        self._query = replace(
            q,
            filter=q.filter if f is None else f,
            sort=q.sort if sort is None else sort,
            descending=q.descending if descending is None else descending,
            after=None,
        )
        self.reload()

    def reload(self) -> None:
        """Start again from the first page (after a bulk change, or to see others' edits)."""
        self._generation += 1
        self.beginResetModel()
        self._rows.clear()
        self._refetching.clear()
        self._cursor = None
        self._more = False
        self.endResetModel()
        self._load(None)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        key = COLUMNS[column].sort if 0 <= column < len(COLUMNS) else None
        if key is None:
            return  # not sortable in SQL: keep the current order
        self.set_query(sort=key, descending=order == Qt.SortOrder.DescendingOrder)

    # --- paging ---------------------------------------------------------------------------
    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and self._more and not self._loading

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        if self.canFetchMore(parent):
            self._load(self._cursor)

    def _load(self, after: Cursor | None) -> None:
        generation = self._generation
        query = replace(self._query, after=after)
        self._loading = True
        self._runner.run(
            lambda: self._queries.browse(query),
            lambda page: self._on_page(generation, after, page),
            lambda message: self._on_failed(generation, message),
        )

    def _on_page(self, generation: int, after: Cursor | None, page: Page[Comment]) -> None:
        if generation != self._generation:
            return  # an answer to a query the user has since replaced
        first = self._rows.count
        size = sum(1 for c in page.items if self._rows.row_of(c.id) is None)
        if size:
            self.beginInsertRows(QModelIndex(), first, first + size - 1)
            self._rows.append(after, page.items)
            self.endInsertRows()
        self._cursor = page.next_cursor
        self._more = page.next_cursor is not None
        self._loading = False
        self.page_loaded.emit(self._rows.count)

    # --- rows of pages dropped from memory ------------------------------------------------
    def _comment(self, row: int) -> Comment | None:
        """The row's comment if its page is in memory; otherwise fetch the page again."""
        comment, missing = self._rows.get(row)
        if missing is not None:
            self._refetch(missing)
        return comment

    def _refetch(self, number: int) -> None:
        if number in self._refetching or number >= self._rows.pages():
            return
        self._refetching.add(number)
        generation = self._generation
        query = replace(self._query, after=self._rows.start_of(number))
        self._runner.run(
            lambda: self._queries.browse(query),
            lambda page: self._on_refetched(generation, number, page),
            lambda message: self._on_failed(generation, message),
        )

    def _on_refetched(self, generation: int, number: int, page: Page[Comment]) -> None:
        if generation != self._generation:
            return
        self._refetching.discard(number)
        base, rows = self._rows.refill(number, page.items)
        if rows:
            last = base + rows - 1
            self.dataChanged.emit(self.index(base, 0), self.index(last, len(COLUMNS) - 1))

    @property
    def resident_rows(self) -> int:
        """Rows held in memory now (bounded by the window, however far the view scrolled)."""
        return self._rows.resident_rows

    def _on_failed(self, generation: int, message: str) -> None:
        if generation != self._generation:
            return
        self._loading = False
        self._more = False
        self.load_failed.emit(message)

    # --- rows changed elsewhere -----------------------------------------------------------
    def comment_at(self, row: int) -> Comment | None:
        return self._comment(row)

    def row_of(self, comment_id: str) -> int | None:
        return self._rows.row_of(comment_id)

    def replace_comment(self, comment: Comment) -> None:
        """Show a comment as saved (the row stays where it is until the next reload)."""
        row = self._rows.row_of(comment.id)
        if row is None:
            return
        self._rows.put(row, comment)
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(COLUMNS) - 1))

    def refresh_comments(self, ids: list[str]) -> None:
        """Re-read the given loaded rows (after a bulk change) without losing the scroll."""
        loaded = [i for i in ids if self._rows.row_of(i) is not None]
        for c in self._queries.get_many(loaded) if loaded else []:
            self.replace_comment(c)

    # --- Qt model API ---------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self._rows.count

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self,
        section: int,
        orientation: Qt.Orientation,
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(COLUMNS):
            return None
        col = COLUMNS[section]
        if role == Qt.ItemDataRole.DisplayRole:
            return _(col.header)
        if role == Qt.ItemDataRole.ToolTipRole and col.sort is None:
            return _("この列では並べ替えできません")
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        c = self._comment(index.row())
        if c is None:
            return None
        key = COLUMN_KEYS[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(c, key)
        if role == COMMENT_ROLE:
            return c
        if role == Qt.ItemDataRole.ToolTipRole and key == "text":
            return c.text if len(c.text) <= 600 else c.text[:600] + "…"
        if role == Qt.ItemDataRole.ForegroundRole and c.deleted:
            return QBrush(QColor("#888888"))
        return None

    def _display(self, c: Comment, key: str) -> str:
        if key == "received":
            return self.display_date(c.received_on)
        if key == "ward":
            return c.ward_name or _("市全域")
        if key == "district":
            return c.district_name
        if key == "policies":
            return ", ".join(c.policy_codes)
        if key == "kind":
            return _(c.kind.label)
        if key == "status":
            return _(c.status.label)
        if key == "department":
            return c.department_name
        if key == "text":
            first = c.text.split("\n", 1)[0]
            text = first if len(first) <= TEXT_PREVIEW_CHARS else first[:TEXT_PREVIEW_CHARS] + "…"
            return (_("［削除済］") + text) if c.deleted else text
        if key == "answered":
            return self.display_date(c.answered_on) if c.answered_on else ""
        return ""

    def set_date_style(self, style: str) -> bool:
        """西暦 or 和暦 (from the settings page); True if the shown dates changed."""
        new: DateStyle = "era" if style == "era" else "western"
        if new == self.date_style:
            return False
        self.date_style = new
        self.retranslate()
        return True

    def display_date(self, d: date) -> str:
        # Compact in a table: 2024-04-01 (both languages) or the era date (令和6年4月1日).
        return format_date(d, "era") if self.date_style == "era" else d.isoformat()

    def retranslate(self) -> None:
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(COLUMNS) - 1)
        if self._rows.count:
            self.dataChanged.emit(
                self.index(0, 0),
                self.index(self._rows.count - 1, len(COLUMNS) - 1),
            )
