"""The policies page: the programme as a tree with comment counts for a period."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QTabWidget,
    QTextBrowser,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from komoro_feedback.config import UserSettings
from komoro_feedback.domain.catalog import Policy, Programme
from komoro_feedback.domain.query import CommentFilter, CountRow
from komoro_feedback.i18n.formatting import format_number
from komoro_feedback.i18n.translation import N_, _
from komoro_feedback.services.container import Services

from komoro_feedback.ui.models.count_tally import ANSWERED_STATUSES, Tally, tally_by
from komoro_feedback.ui.panels.base import Panel
from komoro_feedback.ui.panels.comment_links import open_comments
from komoro_feedback.ui.widgets.count_tree import CountTree
from komoro_feedback.ui.widgets.period_picker import PeriodPicker
from komoro_feedback.ui.widgets.themes_view import ThemesView
from komoro_feedback.ui.workers import TaskRunner

#: Item data: ("pillar", id) / ("policy", id) / ("none", 0) for comments with no policy.
_KEY_ROLE = Qt.ItemDataRole.UserRole
NAME_HEADERS = (N_("柱・政策"), N_("区分"), N_("新規/継続"))


class PoliciesPanel(Panel):
    """Counts per policy (total, open, answered) by primary policy; opening one lists them."""

    key = "policies"

    def __init__(
        self, services: Services, settings: UserSettings, parent: QWidget | None = None
    ) -> None:
        super().__init__(services, settings, parent)
        self.runner = TaskRunner(self)
        self._programme: Programme | None = None
        self._policies: dict[int, Policy] = {}
        self._generation = 0
        self.tallies: dict[int | None, Tally] = {}
        self.period = PeriodPicker()
        self.status_label = QLabel()
        self.status_label.setObjectName("policies_status")
        self.tree = CountTree(NAME_HEADERS)
        self.tree.setObjectName("policies_tree")
        self.text = QTextBrowser()
        self.text.setObjectName("policy_text")
        self.open_button = QPushButton()
        self.open_button.setObjectName("policies_open")
        self.open_button.setEnabled(False)
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.themes = ThemesView(services.themes, self.runner)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("policy_tabs")
        self.tabs.addTab(self.text, "")
        self.tabs.addTab(self.themes, "")

        top = QHBoxLayout()
        top.addWidget(self.period)
        top.addStretch(1)
        top.addWidget(self.status_label)
        bottom = QWidget()
        bottom_layout = QVBoxLayout(bottom)
        bottom_layout.setContentsMargins(0, 0, 0, 0)
        bottom_layout.addWidget(self.tabs, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.note, 1)
        buttons.addWidget(self.open_button)
        bottom_layout.addLayout(buttons)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.tree)
        split.addWidget(bottom)
        split.setSizes([420, 240])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(top)
        layout.addWidget(split, 1)

        self.period.period_changed.connect(self._on_period_changed)
        self.tree.currentItemChanged.connect(self._on_tree_current_changed)
        self.tree.itemActivated.connect(self._on_tree_item_activated)
        self.open_button.clicked.connect(self.open_current)
        self.retranslate()

    def title(self) -> str:
        return _("政策")

    # --- loading --------------------------------------------------------------------------
    def on_data_changed(self) -> None:
        self.refresh()  # counts only: nothing here is being edited

    def refresh(self) -> None:
        if self._programme is None:
            self._programme = self.services.catalog.programme()
            self._policies = {p.id: p for p in self._programme.policies()}
            self._build_tree()
        self._start_counts()

    def _build_tree(self) -> None:
        assert self._programme is not None
        self.tree.clear()
        bold = QFont(self.tree.font())
        bold.setBold(True)
        for pillar in self._programme.pillars:
            top = QTreeWidgetItem([f"{pillar.number}　{pillar.field}｜{pillar.name}"])
            top.setData(0, _KEY_ROLE, ("pillar", pillar.id))
            top.setFont(0, bold)
            self.tree.addTopLevelItem(top)
            for p in pillar.policies:
                item = QTreeWidgetItem([f"{p.code}　{p.title}", p.mark.value, p.kind.value])
                item.setData(0, _KEY_ROLE, ("policy", p.id))
                item.setToolTip(0, p.title)
                top.addChild(item)
            top.setExpanded(True)
        none = QTreeWidgetItem([""])
        none.setData(0, _KEY_ROLE, ("none", 0))
        self.tree.addTopLevelItem(none)
        self._retranslate_tree()

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
            lambda: queries.counts(f),
            lambda rows: self._on_counts(generation, rows),
            lambda message: self.status_label.setText(message),
        )

    def _on_counts(self, generation: int, rows: list[CountRow]) -> None:
        if generation != self._generation:
            return
        self.tallies = tally_by((r.policy_id, r.status, r.count) for r in rows)
        total = Tally()
        for i in range(self.tree.topLevelItemCount()):
            top = self.tree.topLevelItem(i)
            kind, _id = top.data(0, _KEY_ROLE)
            if kind == "none":
                none = self.tallies.get(None) or Tally()
                self.tree.set_counts(top, none, bold=True)
                total.merge(none)
                continue
            pillar_total = Tally()
            for j in range(top.childCount()):
                child = top.child(j)
                t = self.tallies.get(child.data(0, _KEY_ROLE)[1]) or Tally()
                self.tree.set_counts(child, t)
                pillar_total.merge(t)
            self.tree.set_counts(top, pillar_total, bold=True)
            total.merge(pillar_total)
        self.status_label.setText(_("合計 {n} 件").format(n=format_number(total.total)))

    # --- opening the comments of a policy -------------------------------------------------
    def filter_for(self, item: QTreeWidgetItem, column: int = 0) -> CommentFilter | None:
        """The comments behind a row (and a count column) for the chosen period."""
        kind, key = item.data(0, _KEY_ROLE)
        f = self._period_filter()
        if kind == "policy":
            f = CommentFilter(
                policy_ids=(key,), primary_only=True, date_from=f.date_from, date_to=f.date_to
            )
        elif kind == "pillar":
            f = CommentFilter(pillar_ids=(key,), date_from=f.date_from, date_to=f.date_to)
        else:
            return None
        which = self.tree.count_kind(column)
        if which == "open":
            f = replace(f, open_only=True)
        elif which == "answered":
            f = replace(f, statuses=ANSWERED_STATUSES)
        return f

    def open_current(self) -> None:
        item = self.tree.currentItem()
        f = self.filter_for(item, self.tree.currentColumn()) if item else None
        if f is not None:
            open_comments(self, f)

    def _on_tree_item_activated(self, item: QTreeWidgetItem, column: int) -> None:
        f = self.filter_for(item, column)
        if f is not None:
            open_comments(self, f)

    def _on_tree_current_changed(self, item: QTreeWidgetItem | None, _prev: object) -> None:
        if item is None:
            return
        kind, key = item.data(0, _KEY_ROLE)
        self.open_button.setEnabled(kind != "none")
        self.themes.set_selection(self.filter_for(item), self._area_name(item))
        if kind == "policy":
            p = self._policies[key]
            mark = _("★ すぐに取り組む") if p.mark.value == "★" else _("● 5〜10年で取り組む")
            self.text.setHtml(
                f"<h3>{p.code}　{_escape(p.title)}</h3>"
                f"<p>{mark}　／　{_escape(p.kind.value)}</p><p>{_escape(p.text)}</p>"
            )
        elif kind == "pillar" and self._programme is not None:
            pillar = next(x for x in self._programme.pillars if x.id == key)
            self.text.setHtml(
                f"<h3>{pillar.number}　{_escape(pillar.name)}</h3>"
                f"<p>{_escape(pillar.field)}</p><p>{_escape(pillar.intro)}</p>"
            )
        else:
            self.text.setPlainText(_("主な政策が指定されていない意見です。"))

    def _area_name(self, item: QTreeWidgetItem) -> str:
        kind, key = item.data(0, _KEY_ROLE)
        if kind == "policy":
            return _("政策 {code}").format(code=self._policies[key].code)
        return item.text(0).split("｜")[-1]

    def _on_period_changed(self, _start: date | None, _end: date | None) -> None:
        if self._programme is not None:
            self._start_counts()
            item = self.tree.currentItem()
            if item is not None:
                self.themes.set_selection(self.filter_for(item), self._area_name(item))

    def _retranslate_tree(self) -> None:
        for i in range(self.tree.topLevelItemCount()):
            item = self.tree.topLevelItem(i)
            if item.data(0, _KEY_ROLE)[0] == "none":
                item.setText(0, _("（主な政策の指定なし）"))

    def retranslate(self) -> None:
        self.period.retranslate()
        self.tree.retranslate()
        self._retranslate_tree()
        self.open_button.setText(_("この政策の意見を一覧で開く"))
        self.tabs.setTabText(0, _("政策の本文"))
        self.tabs.setTabText(1, _("テーマ"))
        self.themes.retranslate()
        if self.tree.currentItem() is None:
            self.text.setPlainText(_("政策を選ぶと、ここに政策の本文が表示されます。"))
        self.note.setText(
            _(
                "件数は主な政策（最初に選んだ政策）で数えています。"
                "行をダブルクリックすると意見一覧を開きます（未対応・回答済の列では、その状況だけ）。"
            )
        )


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
