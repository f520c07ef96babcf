"""The districts page: counts per district and ward match the services; a liaison's open items."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest

from komoro_feedback.config import UserSettings
from komoro_feedback.domain.query import CommentFilter
from komoro_feedback.services.container import Services

from komoro_feedback.ui.main_window import MainWindow
from komoro_feedback.ui.panels.districts_panel import DistrictsPanel


@pytest.fixture
def window(qtbot, sqlite_services: Services) -> Iterator[MainWindow]:
    sqlite_services.demo.generate(400, seed=5, end=date(2026, 3, 31))
    w = MainWindow(sqlite_services, UserSettings())
    qtbot.addWidget(w)
    w.resize(1280, 720)
    w.show()
    yield w
    for panel in w.panels.values():
        runner = getattr(panel, "runner", None)
        if runner is not None:
            runner.wait()


def _open(qtbot, window: MainWindow) -> DistrictsPanel:
    panel = window.show_panel("districts")
    assert isinstance(panel, DistrictsPanel)
    _settle(qtbot, panel)
    return panel


def _settle(qtbot, panel: DistrictsPanel) -> None:
    qtbot.waitUntil(lambda: not panel.runner.busy and not panel.open_model.loading)


def _number(text: str) -> int:
    return int(text.replace(",", ""))


def test_counts_per_district_and_ward_match_the_services(
    qtbot, window: MainWindow, sqlite_services: Services
) -> None:
    panel = _open(qtbot, window)
    tree = panel.tree
    assert tree.topLevelItemCount() == 11  # 10 districts and 市全域
    assert sum(tree.topLevelItem(i).childCount() for i in range(10)) == 68
    col = tree.first_count_column
    q = sqlite_services.queries
    for i in range(11):
        top = tree.topLevelItem(i)
        assert _number(top.text(col)) == q.count(panel.area_filter(top))
        assert _number(top.text(col + 1)) == q.count(panel.area_filter(top, col + 1))
        assert _number(top.text(col + 2)) == q.count(panel.area_filter(top, col + 2))
    ward = tree.topLevelItem(6).child(2)
    f = panel.area_filter(ward)
    assert len(f.ward_ids) == 1 and _number(ward.text(col)) == q.count(f)
    assert sum(_number(tree.topLevelItem(i).text(col)) for i in range(11)) == 400

    panel.period.set_period(date(2025, 4, 1), None)
    _settle(qtbot, panel)
    top = tree.topLevelItem(0)
    assert _number(top.text(col)) == q.count(panel.area_filter(top)) > 0
    assert panel.area_filter(top).date_from == date(2025, 4, 1)


def test_a_liaison_picks_their_district_and_sees_its_open_items_first(
    qtbot, window: MainWindow, sqlite_services: Services
) -> None:
    panel = _open(qtbot, window)
    assert panel.my_district.currentText() == "（指定なし）"
    kawabe = sqlite_services.catalog.district_by_name("川辺")
    panel.set_my_district(kawabe.id)
    _settle(qtbot, panel)
    first = panel.tree.topLevelItem(0)
    assert first.text(0) == "川辺" and first.isExpanded()
    assert not panel.tree.topLevelItem(1).isExpanded()
    expected = sqlite_services.queries.count(
        CommentFilter(district_ids=(kawabe.id,), open_only=True)
    )
    assert 0 < panel.open_model.rowCount() == min(expected, 100)
    rows = [panel.open_model.comment_at(r) for r in range(panel.open_model.rowCount())]
    assert all(c.district_id == kawabe.id and c.status.is_open for c in rows)
    assert [c.received_on for c in rows] == sorted(c.received_on for c in rows)  # oldest first
    assert "川辺" in panel.open_heading.text()

    panel.open_button.click()
    comments = window.panels["comments"]
    assert window.stack.currentWidget() is comments
    qtbot.waitUntil(lambda: not comments.runner.busy and not comments.model.loading)
    assert comments.total_count == expected
    assert comments.filter_bar.open_only.isChecked()
    assert comments.filter_bar.district.currentText() == "川辺"
