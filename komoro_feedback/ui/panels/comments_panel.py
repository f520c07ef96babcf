"""The comments page: filter bar, a paging table over every comment, and the detail pane."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QEvent, QItemSelection, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from komoro_feedback.config import UserSettings
from komoro_feedback.domain.comment import Comment
from komoro_feedback.domain.enums import CommentKind, Status
from komoro_feedback.domain.query import CommentFilter, SortKey
from komoro_feedback.i18n.formatting import format_number
from komoro_feedback.i18n.translation import N_, _
from komoro_feedback.services.container import Services

from komoro_feedback.ui.dialogs.export_dialog import ExportDialog
from komoro_feedback.ui.models.comment_table_model import (
    COLUMN_KEYS,
    COLUMNS,
    CommentTableModel,
    column_of,
)
from komoro_feedback.ui.panels.base import Panel
from komoro_feedback.ui.panels.comment_detail import CommentDetailPane
from komoro_feedback.ui.shortcuts import SECTION_COMMENTS, bind
from komoro_feedback.ui.widgets.filter_bar import FilterBar
from komoro_feedback.ui.workers import TaskRunner

#: Text height of the normal (10 pt) font; column widths in COLUMNS are set for it.
BASE_ROW_TEXT_HEIGHT = 17


class CommentsPanel(Panel):
    """Browse, filter, sort and follow up comments; other pages open it with a filter."""

    key = "comments"

    def __init__(
        self, services: Services, settings: UserSettings, parent: QWidget | None = None
    ) -> None:
        super().__init__(services, settings, parent)
        self.runner = TaskRunner(self)
        self._loaded_choices = False
        self._count: int | None = None
        self._count_generation = 0
        self.filter_bar = FilterBar()
        self.model = CommentTableModel(
            services.queries,
            self.runner,
            self,
            date_style="era" if settings.date_style == "era" else "western",
        )
        self.table = QTableView()
        self.table.setObjectName("comments_table")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        header = self.table.horizontalHeader()
        for i, col in enumerate(COLUMNS):
            header.resizeSection(i, col.width)
        header.setStretchLastSection(False)
        header.setSectionsClickable(True)
        header.setSortIndicatorShown(True)
        header.setSortIndicator(column_of(SortKey.RECEIVED), Qt.SortOrder.DescendingOrder)
        self.count_label = QLabel()
        self.count_label.setObjectName("comments_count")
        self.refresh_button = QPushButton()
        self.refresh_button.setObjectName("comments_refresh")
        self.export_button = QPushButton()
        self.export_button.setObjectName("comments_export")
        self.detail = CommentDetailPane(services, settings)

        top = QHBoxLayout()
        top.addWidget(self.count_label, 1)
        top.addWidget(self.export_button)
        top.addWidget(self.refresh_button)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addLayout(top)
        left_layout.addWidget(self.table, 1)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.detail)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setSizes([660, 440])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.filter_bar)
        layout.addWidget(self.splitter, 1)

        self.filter_bar.filter_changed.connect(self._on_filter_bar_filter_changed)
        header.sortIndicatorChanged.connect(self._on_header_sort_changed)
        self.table.selectionModel().selectionChanged.connect(self._on_table_selection_changed)
        self.model.page_loaded.connect(self._update_count_label)
        self.model.load_failed.connect(self._on_model_load_failed)
        self.detail.saved.connect(self._on_detail_saved)
        self.detail.bulk_applied.connect(self._on_detail_bulk_applied)
        self.refresh_button.clicked.connect(self.reload)
        self.export_button.clicked.connect(self.open_export)
        for keys, slot, text in (
            ("Ctrl+Shift+E", self.open_export, N_("絞り込んだ意見をExcel・CSVに出力")),
            (QKeySequence.StandardKey.Find, self.focus_search, N_("検索欄へ")),
            (QKeySequence.StandardKey.Refresh, self.reload, N_("一覧を読み込み直す")),
        ):
            bind(self, keys, slot, SECTION_COMMENTS, text)
        self._sort_column = column_of(SortKey.RECEIVED)
        self._sort_order = Qt.SortOrder.DescendingOrder
        self._started = False
        self.stale = False  # others changed data since the rows were read
        self.retranslate()
        self._fit_columns_to_font()

    def title(self) -> str:
        return _("意見一覧")

    # --- public API for other pages -------------------------------------------------------
    def current_filter(self) -> CommentFilter:
        return self.model.query.filter

    def open_export(self) -> ExportDialog:
        """The export dialog for exactly the comments this list's filter selects."""
        dialog = ExportDialog(self.services, self.current_filter(), self)
        dialog.open()
        return dialog

    def set_filter(self, f: CommentFilter) -> None:
        """Show the comments matching `f` (the filter bar shows it too)."""
        self._ensure_choices()
        self._started = True
        self.filter_bar.set_filter(f)  # emits filter_changed -> query

    def focus_search(self) -> None:
        """Ctrl+F: type a search at once."""
        self.filter_bar.text.setFocus()
        self.filter_bar.text.selectAll()

    # --- loading --------------------------------------------------------------------------
    def refresh(self) -> None:
        """Called when the page is shown: load the choices once, the first page once."""
        self._ensure_choices()
        if self.model.set_date_style(self.settings.date_style):
            self._fit_date_columns()
        if not self._started:
            self._started = True
            self._apply_filter(self.filter_bar.current_filter())

    def reload(self) -> None:
        """Re-read the rows and the count (others may have recorded or edited meanwhile)."""
        self.stale = False
        self.model.reload()
        self._start_count(self.model.query.filter)
        self._show_stale()

    def on_data_changed(self) -> None:
        """Reload at once when nothing is selected; else only say so (the pane keeps edits)."""
        if not self._started:
            return
        if self.table.selectionModel().hasSelection():
            self.stale = True
            self._show_stale()
        else:
            self.reload()

    def _show_stale(self) -> None:
        font = self.refresh_button.font()
        font.setBold(self.stale)
        self.refresh_button.setFont(font)
        self.refresh_button.setText(
            _("最新に更新（他の変更あり）") if self.stale else _("最新に更新")
        )

    def _ensure_choices(self) -> None:
        if self._loaded_choices:
            return
        self._loaded_choices = True
        catalog = self.services.catalog
        programmes = catalog.programmes()
        programme = next((p for p in programmes if p.is_current), None) or catalog.programme()
        self.filter_bar.set_choices(
            programmes,
            programme,
            catalog.districts(),
            self.services.meetings.list(limit=500),
            catalog.departments(),
        )
        self.detail.set_catalog(
            programmes,
            catalog.districts(include_merged=True),
            catalog.departments(include_inactive=True),
        )

    def _apply_filter(self, f: CommentFilter) -> None:
        self.detail.show_comment(None)
        self.model.set_query(f)
        self._start_count(f)

    def _start_count(self, f: CommentFilter) -> None:
        """Count off the GUI thread; a late answer to an older filter is ignored."""
        self._count_generation += 1
        generation = self._count_generation
        self._count = None
        self._update_count_label()
        queries = self.services.queries
        self.runner.run(
            lambda: queries.count(f),
            lambda n: self._on_count_done(generation, n),
            lambda message: self._on_count_done(generation, None, message),
        )

    def _on_count_done(self, generation: int, n: int | None, error: str = "") -> None:
        if generation != self._count_generation:
            return
        self._count = n
        self._update_count_label()
        if error:
            self.count_label.setText(_("件数を数えられませんでした: {error}").format(error=error))

    @property
    def total_count(self) -> int | None:
        """The number of comments matching the filter (None while it is being counted)."""
        return self._count

    def _update_count_label(self, *_args: object) -> None:
        loaded = self.model.rowCount()
        if self._count is None:
            text = _("件数を集計中…（{loaded}件を表示）").format(loaded=format_number(loaded))
        else:
            text = _("該当 {total} 件（{loaded}件を表示）").format(
                total=format_number(self._count), loaded=format_number(loaded)
            )
        self.count_label.setText(text)

    # --- slots ----------------------------------------------------------------------------
    def _on_filter_bar_filter_changed(self, f: CommentFilter) -> None:
        if self._started:
            self._apply_filter(f)

    def _on_header_sort_changed(self, column: int, order: Qt.SortOrder) -> None:
        header = self.table.horizontalHeader()
        if COLUMNS[column].sort is None:
            header.blockSignals(True)
            header.setSortIndicator(self._sort_column, self._sort_order)
            header.blockSignals(False)
            return
        self._sort_column, self._sort_order = column, order
        self.detail.show_comment(None)
        self.model.sort(column, order)

    def _on_table_selection_changed(self, _sel: QItemSelection, _desel: QItemSelection) -> None:
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        comments = [c for c in (self.model.comment_at(r) for r in rows) if c is not None]
        if len(comments) == 1:
            self.detail.show_comment(comments[0].id)
        elif len(comments) > 1:
            self.detail.show_selection([c.id for c in comments])
        else:
            self.detail.show_comment(None)

    def _on_detail_saved(self, comment: Comment) -> None:
        watcher = getattr(self.window(), "change_watcher", None)
        if watcher is not None:
            watcher.acknowledge()  # our own save is no news
        self.model.replace_comment(comment)
        self._start_count(self.model.query.filter)

    def _on_detail_bulk_applied(self, ids: list[str]) -> None:
        self.model.refresh_comments(ids)
        self._start_count(self.model.query.filter)

    def _on_model_load_failed(self, message: str) -> None:
        self.count_label.setText(_("一覧を読み込めませんでした: {error}").format(error=message))

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange and hasattr(self, "table"):
            self._fit_columns_to_font()

    def _fit_columns_to_font(self) -> None:
        """Large text: rows and columns grow with the font instead of eliding every value."""
        fm = self.table.fontMetrics()
        self.table.verticalHeader().setDefaultSectionSize(fm.height() + 8)
        scale = max(1.0, fm.height() / BASE_ROW_TEXT_HEIGHT)
        header = self.table.horizontalHeader()
        for i, col in enumerate(COLUMNS):
            header.resizeSection(i, round(col.width * scale))
        self._fit_date_columns()
        self._fit_label_columns()

    def _fit_date_columns(self) -> None:
        sample = self.model.display_date(date(2028, 12, 31))
        width = self.table.fontMetrics().horizontalAdvance(sample) + 16
        header = self.table.horizontalHeader()
        for key in ("received", "answered"):
            header.resizeSection(COLUMN_KEYS.index(key), max(width, 80))

    def _fit_label_columns(self) -> None:
        """Kind and status labels are short in Japanese, longer in English: fit them."""
        fm = self.table.fontMetrics()
        header = self.table.horizontalHeader()
        for key, labels in (
            ("kind", [_(k.label) for k in CommentKind]),
            ("status", [_(s.label) for s in Status]),
        ):
            col = COLUMN_KEYS.index(key)
            texts = [*labels, _(COLUMNS[col].header)]
            header.resizeSection(col, max(fm.horizontalAdvance(t) for t in texts) + 16)

    def retranslate(self) -> None:
        self.filter_bar.retranslate()
        self.model.retranslate()
        self._fit_label_columns()
        self.detail.retranslate()
        self.export_button.setText(_("この一覧をExcelに出力"))
        self.export_button.setToolTip(_("Ctrl+Shift+E: 絞り込んだ意見をxlsxまたはCSVに出力します"))
        self._show_stale()
        self.refresh_button.setToolTip(_("F5: 他の職員の記録や変更を読み込みます"))
        self.filter_bar.text.setToolTip(_("Ctrl+F: 検索欄へ"))
        self._update_count_label()
