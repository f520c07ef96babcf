"""The districts page: 10 districts → 68 wards with counts, and a liaison's open items first."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from komoro_feedback.config import UserSettings
from komoro_feedback.domain.catalog import District
from komoro_feedback.domain.enums import Status
from komoro_feedback.domain.query import CommentFilter, SortKey
from komoro_feedback.i18n.formatting import format_number
from komoro_feedback.i18n.translation import N_, _
from komoro_feedback.services.container import Services

from komoro_feedback.ui.models.comment_table_model import COLUMN_KEYS, CommentTableModel
from komoro_feedback.ui.models.count_tally import ANSWERED_STATUSES, Tally, tally_by
from komoro_feedback.ui.panels.base import Panel
from komoro_feedback.ui.panels.comment_links import open_comments
from komoro_feedback.ui.widgets.count_tree import CountTree
from komoro_feedback.ui.widgets.period_picker import PeriodPicker
from komoro_feedback.ui.widgets.themes_view import ThemesView
from komoro_feedback.ui.workers import TaskRunner

#: Item data: ("district", id) / ("ward", id) / ("city", 0) for comments with no ward.
_KEY_ROLE = Qt.ItemDataRole.UserRole
NAME_HEADERS = (N_("地区・区"),)
HIDDEN_OPEN_COLUMNS = ("district", "department", "answered")


class DistrictsPanel(Panel):
    """Counts per district and ward for a period; the chosen area's open items, oldest first."""

    key = "districts"

    def __init__(
        self, services: Services, settings: UserSettings, parent: QWidget | None = None
    ) -> None:
        super().__init__(services, settings, parent)
        self.runner = TaskRunner(self)
        self._districts: list[District] = []
        self._generation = 0
        self.ward_tallies: dict[int | None, Tally] = {}
        self.district_tallies: dict[int, Tally] = {}
        self.my_district_label = QLabel()
        self.my_district = QComboBox()
        self.my_district.setObjectName("my_district")
        self.my_district_label.setBuddy(self.my_district)
        self.period = PeriodPicker()
        self.status_label = QLabel()
        self.tree = CountTree(NAME_HEADERS)
        self.tree.setObjectName("districts_tree")
        self.open_heading = QLabel()
        self.open_heading.setObjectName("open_heading")
        self.open_model = CommentTableModel(
            services.queries,
            self.runner,
            self,
            page_size=100,
            date_style="era" if settings.date_style == "era" else "western",
        )
        self.open_table = QTableView()
        self.open_table.setObjectName("open_items")
        self.open_table.setModel(self.open_model)
        self.open_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.open_table.verticalHeader().hide()
        self.open_table.setWordWrap(False)
        for key in HIDDEN_OPEN_COLUMNS:
            self.open_table.setColumnHidden(COLUMN_KEYS.index(key), True)
        self.open_table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.open_table.horizontalHeader().setSectionResizeMode(
            COLUMN_KEYS.index("text"), QHeaderView.ResizeMode.Stretch
        )
        self.open_button = QPushButton()
        self.open_button.setObjectName("districts_open")

        top = QHBoxLayout()
        top.addWidget(self.my_district_label)
        top.addWidget(self.my_district)
        top.addSpacing(12)
        top.addWidget(self.period)
        top.addStretch(1)
        top.addWidget(self.status_label)
        open_items = QWidget()
        right_layout = QVBoxLayout(open_items)
        right_layout.setContentsMargins(0, 0, 0, 0)
        heading_row = QHBoxLayout()
        heading_row.addWidget(self.open_heading, 1)
        heading_row.addWidget(self.open_button)
        right_layout.addLayout(heading_row)
        right_layout.addWidget(self.open_table, 1)
        self.themes = ThemesView(services.themes, self.runner)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("district_tabs")
        self.tabs.addTab(open_items, "")
        self.tabs.addTab(self.themes, "")
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.tree)
        split.addWidget(self.tabs)
        split.setSizes([430, 660])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(top)
        layout.addWidget(split, 1)

        self.my_district.currentIndexChanged.connect(self._on_my_district_changed)
        self.period.period_changed.connect(self._on_period_changed)
        self.tree.currentItemChanged.connect(self._on_tree_current_changed)
        self.tree.itemActivated.connect(self._on_tree_item_activated)
        self.open_button.clicked.connect(self.open_current)
        self.open_table.doubleClicked.connect(self.open_current)
        self.open_model.page_loaded.connect(self._update_open_heading)
        self.retranslate()

    def title(self) -> str:
        return _("地区")

    # --- loading --------------------------------------------------------------------------
    def on_data_changed(self) -> None:
        self.refresh()  # counts only: nothing here is being edited

    def refresh(self) -> None:
        self.open_model.set_date_style(self.settings.date_style)
        if not self._districts:
            self._districts = self.services.catalog.districts()
            self.my_district.blockSignals(True)
            self.my_district.addItem(_("（指定なし）"), None)
            for d in self._districts:
                self.my_district.addItem(d.name, d.id)
            self.my_district.blockSignals(False)
            self._build_tree()
        self._start_counts()
        self._show_open_items()

    def set_my_district(self, district_id: int | None) -> None:
        """A liaison picks their district: it moves to the top, open items listed first."""
        self.my_district.setCurrentIndex(max(self.my_district.findData(district_id), 0))

    def _build_tree(self) -> None:
        mine = self.my_district.currentData()
        ordered = sorted(self._districts, key=lambda d: (d.id != mine, d.order))
        self.tree.clear()
        bold = QFont(self.tree.font())
        bold.setBold(True)
        for d in ordered:
            top = QTreeWidgetItem([d.name])
            top.setData(0, _KEY_ROLE, ("district", d.id))
            top.setFont(0, bold)
            self.tree.addTopLevelItem(top)
            for w in d.wards:
                child = QTreeWidgetItem([w.name + (_("（準区）") if w.kind == "quasi" else "")])
                child.setData(0, _KEY_ROLE, ("ward", w.id))
                top.addChild(child)
            top.setExpanded(mine is None or d.id == mine)
        city = QTreeWidgetItem([""])
        city.setData(0, _KEY_ROLE, ("city", 0))
        self.tree.addTopLevelItem(city)
        self._retranslate_tree()
        self._fill_counts()
        first = self.tree.topLevelItem(0)
        if mine is not None and first is not None:
            self.tree.setCurrentItem(first)

    def _period_filter(self) -> CommentFilter:
        start, end = self.period.period()
        return CommentFilter(date_from=start, date_to=end)

    def _start_counts(self) -> None:
        self._generation += 1
        generation = self._generation
        f = self._period_filter()
        queries = self.services.queries
        self.status_label.setText(_("集計中…"))
        self.runner.run(
            lambda: queries.status_counts_by_ward(f),
            lambda rows: self._on_counts(generation, rows),
            lambda message: self.status_label.setText(message),
        )

    def _on_counts(self, generation: int, rows: list[tuple[int | None, Status, int]]) -> None:
        if generation != self._generation:
            return
        self.ward_tallies = tally_by(rows)
        self.district_tallies = {}
        for d in self._districts:
            t = Tally()
            for w in d.wards:
                t.merge(self.ward_tallies.get(w.id) or Tally())
            self.district_tallies[d.id] = t
        self._fill_counts()
        total = sum(t.total for t in self.ward_tallies.values())
        self.status_label.setText(_("合計 {n} 件").format(n=format_number(total)))

    def _fill_counts(self) -> None:
        for i in range(self.tree.topLevelItemCount()):
            top = self.tree.topLevelItem(i)
            kind, key = top.data(0, _KEY_ROLE)
            if kind == "city":
                self.tree.set_counts(top, self.ward_tallies.get(None), bold=True)
                continue
            self.tree.set_counts(top, self.district_tallies.get(key), bold=True)
            for j in range(top.childCount()):
                child = top.child(j)
                self.tree.set_counts(child, self.ward_tallies.get(child.data(0, _KEY_ROLE)[1]))

    # --- the open items of the chosen area ------------------------------------------------
    def area_filter(self, item: QTreeWidgetItem | None, column: int = 0) -> CommentFilter:
        """The comments of a row (all open ones in the liaison's district if none chosen)."""
        f = self._period_filter()
        kind, key = item.data(0, _KEY_ROLE) if item is not None else ("district", None)
        if kind == "ward":
            f = CommentFilter(ward_ids=(key,), date_from=f.date_from, date_to=f.date_to)
        elif kind == "city":
            f = CommentFilter(city_wide_only=True, date_from=f.date_from, date_to=f.date_to)
        elif key is not None:
            f = CommentFilter(district_ids=(key,), date_from=f.date_from, date_to=f.date_to)
        which = self.tree.count_kind(column)
        if which == "answered":
            return replace(f, statuses=ANSWERED_STATUSES)
        if which == "open":
            return replace(f, open_only=True)
        return f

    def _show_open_items(self) -> None:
        item = self.tree.currentItem()
        if item is None and self.my_district.currentData() is not None:
            item = self.tree.topLevelItem(0)
        f = self.area_filter(item)
        self.themes.set_selection(f, item.text(0) if item is not None else _("全地区"))
        open_f = replace(f, open_only=True)
        self.open_model.set_query(open_f, SortKey.RECEIVED, descending=False)
        self._update_open_heading()

    def _update_open_heading(self, *_args: object) -> None:
        item = self.tree.currentItem()
        area = item.text(0) if item is not None else _("全地区")
        self.open_heading.setText(
            _("{area} の未対応の意見（古い順、{n}件を表示）").format(
                area=area, n=format_number(self.open_model.rowCount())
            )
        )

    def open_current(self) -> None:
        """Open the chosen area's open items in the comments page."""
        f = self.area_filter(self.tree.currentItem())
        open_comments(self, replace(f, open_only=True))

    # --- slots ----------------------------------------------------------------------------
    def _on_my_district_changed(self) -> None:
        self._build_tree()
        self._show_open_items()

    def _on_period_changed(self, _start: date | None, _end: date | None) -> None:
        if self._districts:
            self._start_counts()
            self._show_open_items()

    def _on_tree_current_changed(self, _item: object, _prev: object) -> None:
        self._show_open_items()

    def _on_tree_item_activated(self, item: QTreeWidgetItem, column: int) -> None:
        open_comments(self, self.area_filter(item, column))

    def _retranslate_tree(self) -> None:
        for i in range(self.tree.topLevelItemCount()):
            item = self.tree.topLevelItem(i)
            if item.data(0, _KEY_ROLE)[0] == "city":
                item.setText(0, _("市全域（区の指定なし）"))

    def retranslate(self) -> None:
        self.my_district_label.setText(_("担当地区"))
        if self.my_district.count():
            self.my_district.setItemText(0, _("（指定なし）"))
        self.period.retranslate()
        self.tree.retranslate()
        self._retranslate_tree()
        self.open_model.retranslate()
        self.open_button.setText(_("意見一覧で開く"))
        self.tabs.setTabText(0, _("未対応の意見"))
        self.tabs.setTabText(1, _("テーマ"))
        self.themes.retranslate()
        self._update_open_heading()
