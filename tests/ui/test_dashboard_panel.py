"""The dashboard: three QtCharts with non-empty series whose numbers add up to the count."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from komoro_feedback.config import UserSettings
from komoro_feedback.domain.query import CommentFilter
from komoro_feedback.services.container import Services

from komoro_feedback.ui.panels.dashboard_panel import DashboardPanel


@pytest.fixture
def panel(qtbot, sqlite_services: Services) -> Iterator[DashboardPanel]:
    sqlite_services.demo.generate(300, seed=9, end=date(2026, 3, 31))
    p = DashboardPanel(sqlite_services, UserSettings())
    qtbot.addWidget(p)
    p.resize(1110, 700)
    p.show()
    p.refresh()
    qtbot.waitUntil(lambda: not p.runner.busy and p.data is not None)
    yield p
    p.runner.wait()


def _values(chart) -> list[float]:
    return [
        v for s in chart.series() for b in s.barSets() for v in (b.at(i) for i in range(b.count()))
    ]


def test_charts_have_series_that_add_up_to_the_count(
    panel: DashboardPanel, sqlite_services: Services, tmp_path: Path
) -> None:
    total = sqlite_services.queries.count(CommentFilter())
    pillars = panel.chart("pillars")
    assert pillars.title() == "柱ごとの意見数"
    assert sum(_values(pillars)) == total
    categories = pillars.axes()[0].categories()
    assert "1 子育て・教育" in categories
    districts = panel.chart("districts")
    assert sum(_values(districts)) == total and len(districts.axes()[0].categories()) >= 10
    months = panel.chart("months")
    assert sum(_values(months)) == total
    assert {b.label() for b in months.series()[0].barSets()} >= {"受付", "回答済"}
    assert all(v > 0 for v in _values(pillars))
    assert panel.grab().save(str(tmp_path / "dashboard.png"))


def test_a_period_narrows_every_chart(
    qtbot, panel: DashboardPanel, sqlite_services: Services
) -> None:
    panel.period.set_period(date(2025, 4, 1), date(2025, 9, 30))
    qtbot.waitUntil(lambda: not panel.runner.busy)
    expected = sqlite_services.queries.count(
        CommentFilter(date_from=date(2025, 4, 1), date_to=date(2025, 9, 30))
    )
    assert 0 < sum(_values(panel.chart("pillars"))) == expected
    assert panel.chart("months").axes()[0].categories() == [f"2025-{m:02d}" for m in range(4, 10)]


def test_district_labels_shrink_instead_of_being_cut(qtbot, panel: DashboardPanel) -> None:
    from PySide6.QtCharts import QBarCategoryAxis
    from PySide6.QtGui import QFontMetrics

    view = panel.views["districts"]
    axis = next(a for a in view.chart().axes() if isinstance(a, QBarCategoryAxis))
    assert "中央(東南部)" in axis.categories()
    assert not axis.truncateLabels()  # Qt would print "..." for a row shorter than its text
    view.resize(420, 260)  # the district chart in a 1024x600 window
    qtbot.waitUntil(lambda: view.height() == 260)
    small = QFontMetrics(axis.labelsFont()).height()
    rows_room = (260 - 100) / axis.count()
    assert small <= rows_room  # each label fits its row
    view.resize(600, 600)
    qtbot.waitUntil(lambda: view.height() == 600)
    assert QFontMetrics(axis.labelsFont()).height() > small  # back to the normal size
