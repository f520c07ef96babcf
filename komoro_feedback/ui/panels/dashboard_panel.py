"""The dashboard: comments per pillar, per district, and status over time for a period."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from komoro_feedback.config import UserSettings
from komoro_feedback.domain.catalog import District, Programme
from komoro_feedback.domain.enums import Status
from komoro_feedback.i18n.formatting import format_number
from komoro_feedback.i18n.translation import _
from komoro_feedback.services.container import Services

from komoro_feedback.ui.models.dashboard_data import DashboardData, load_dashboard
from komoro_feedback.ui.panels.base import Panel
from komoro_feedback.ui.widgets.period_picker import PeriodPicker
from komoro_feedback.ui.workers import TaskRunner

CHART_KEYS = ("pillars", "districts", "months")


class DashboardPanel(Panel):
    """Three QtCharts over one period; counted in a worker, drawn when the numbers arrive."""

    key = "dashboard"

    def __init__(
        self, services: Services, settings: UserSettings, parent: QWidget | None = None
    ) -> None:
        super().__init__(services, settings, parent)
        self.runner = TaskRunner(self)
        self._programme: Programme | None = None
        self._districts: list[District] = []
        self._generation = 0
        self.data: DashboardData | None = None
        self.views: dict[str, Any] = {}  # QChartView per chart, created on first show
        self.period = PeriodPicker()
        self.status_label = QLabel()
        self.status_label.setObjectName("dashboard_status")
        self.grid = QGridLayout()
        top = QHBoxLayout()
        top.addWidget(self.period)
        top.addStretch(1)
        top.addWidget(self.status_label)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(top)
        layout.addLayout(self.grid, 1)
        self.period.period_changed.connect(self._on_period_changed)
        self.retranslate()

    def title(self) -> str:
        return _("集計グラフ")

    def on_data_changed(self) -> None:
        self.refresh()  # counts only: nothing here is being edited

    def refresh(self) -> None:
        if self._programme is None:
            self._programme = self.services.catalog.programme()
            self._districts = self.services.catalog.districts()
            self._create_views()
        self._start_load()

    def _create_views(self) -> None:
        # QtCharts only once the page is opened
        from komoro_feedback.ui.widgets.dashboard_charts import FittedChartView

        for key in CHART_KEYS:
            view = FittedChartView()
            view.setObjectName(f"chart_{key}")
            self.views[key] = view
        self.grid.addWidget(self.views["pillars"], 0, 0)
        self.grid.addWidget(self.views["districts"], 0, 1)
        self.grid.addWidget(self.views["months"], 1, 0, 1, 2)
        self.grid.setRowStretch(0, 1)
        self.grid.setRowStretch(1, 1)

    def _start_load(self) -> None:
        assert self._programme is not None
        self._generation += 1
        generation = self._generation
        start, end = self.period.period()
        queries, programme, districts = self.services.queries, self._programme, self._districts
        self.status_label.setText(_("集計中…"))
        self.runner.run(
            lambda: load_dashboard(queries, programme, districts, start, end),
            lambda data: self._on_loaded(generation, data),
            lambda message: self.status_label.setText(message),
        )

    def _on_loaded(self, generation: int, data: DashboardData) -> None:
        if generation != self._generation:
            return
        self.data = data
        self._draw()
        self.status_label.setText(_("合計 {n} 件").format(n=format_number(data.total)))

    def _draw(self) -> None:
        from komoro_feedback.ui.widgets.dashboard_charts import (
            count_bar_chart,
            status_month_chart,
        )

        data = self.data
        if data is None or not self.views:
            return
        font = self.font()
        pillars = list(data.pillars)
        if data.no_policy:
            pillars.append((_("（政策の指定なし）"), data.no_policy))
        districts = list(data.districts)
        if data.city_wide:
            districts.append((_("市全域"), data.city_wide))
        labels = {s: _(s.label) for s in Status}
        charts = {
            "pillars": count_bar_chart(_("柱ごとの意見数"), pillars, font),
            "districts": count_bar_chart(_("地区ごとの意見数"), districts, font),
            "months": status_month_chart(
                _("月ごとの意見数（状況別）"), list(data.months), data.by_status, labels, font
            ),
        }
        for key, chart in charts.items():
            view = self.views[key]
            view.base_font = font
            old = view.chart()
            view.setChart(chart)
            if old is not None and old is not chart:
                old.deleteLater()

    def chart(self, key: str) -> Any:
        """The QChart shown for "pillars", "districts" or "months" (tests, screenshots)."""
        return self.views[key].chart() if key in self.views else None

    def _on_period_changed(self, _start: date | None, _end: date | None) -> None:
        if self._programme is not None:
            self._start_load()

    def retranslate(self) -> None:
        self.period.retranslate()
        self._draw()
        self.status_label.setAlignment(Qt.AlignmentFlag.AlignRight)
