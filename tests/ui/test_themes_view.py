"""Themes on the policies and districts pages: found in the background for the selection."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton, QTreeWidget

from komoro_feedback.config import UserSettings
from komoro_feedback.services.container import Services

from komoro_feedback.ui.main_window import MainWindow
from komoro_feedback.ui.panels.districts_panel import DistrictsPanel
from komoro_feedback.ui.panels.policies_panel import PoliciesPanel
from komoro_feedback.ui.widgets.themes_view import ThemesView


@pytest.fixture
def window(qtbot, sqlite_services: Services) -> Iterator[MainWindow]:
    sqlite_services.demo.generate(600, seed=5, end=date(2026, 3, 31))
    w = MainWindow(sqlite_services, UserSettings())
    qtbot.addWidget(w)
    w.resize(1366, 768)
    w.show()
    yield w
    for panel in w.panels.values():
        runner = getattr(panel, "runner", None)
        if runner is not None:
            runner.wait()


def _by_name(view: ThemesView, name: str) -> QPushButton | QTreeWidget:
    for w in (view.find_button, view.tree):
        if w.accessibleName() == name:
            return w
    raise AssertionError(name)


def _find_themes(qtbot, view: ThemesView) -> None:
    button = _by_name(view, "テーマを表示")
    assert isinstance(button, QPushButton) and button.isEnabled()
    with qtbot.waitSignal(view.themes_shown, timeout=60_000):
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_a_policys_themes_match_the_service(
    qtbot, window: MainWindow, sqlite_services: Services
) -> None:
    panel = window.show_panel("policies")
    assert isinstance(panel, PoliciesPanel)
    qtbot.waitUntil(lambda: not panel.runner.busy)
    pillar = panel.tree.topLevelItem(4)  # 第5の柱: the busiest in the demo data
    panel.tree.setCurrentItem(pillar)
    panel.tabs.setCurrentWidget(panel.themes)
    _find_themes(qtbot, panel.themes)
    f = panel.filter_for(pillar)
    assert f is not None
    expected = sqlite_services.themes.themes(f)
    tree = _by_name(panel.themes, "テーマの一覧")
    assert isinstance(tree, QTreeWidget)
    assert tree.topLevelItemCount() == len(expected.themes) > 0
    first = tree.topLevelItem(0)
    assert first.text(0) == expected.themes[0].label
    assert first.text(1) == str(expected.themes[0].count)
    assert first.childCount() == len(expected.themes[0].representatives)
    assert str(expected.total) in panel.themes.status.text()
    window.grab().save(str(qtbot_tmp(qtbot) / "policies_themes.png"))

    panel.tree.setCurrentItem(pillar.child(0))  # another selection: the old themes go
    assert tree.topLevelItemCount() == 0
    assert "テーマを表示" in panel.themes.status.text()


def test_a_districts_themes(qtbot, window: MainWindow, sqlite_services: Services) -> None:
    panel = window.show_panel("districts")
    assert isinstance(panel, DistrictsPanel)
    qtbot.waitUntil(lambda: not panel.runner.busy)
    district = panel.tree.topLevelItem(0)
    panel.tree.setCurrentItem(district)
    panel.tabs.setCurrentWidget(panel.themes)
    _find_themes(qtbot, panel.themes)
    expected = sqlite_services.themes.themes(panel.area_filter(district))
    assert panel.themes.tree.topLevelItemCount() == len(expected.themes)
    wards = {w.name for w in sqlite_services.catalog.districts()[0].wards}
    shown = panel.themes.tree.topLevelItem(0).text(2)
    assert any(w in shown for w in wards), shown
    window.grab().save(str(qtbot_tmp(qtbot) / "districts_themes.png"))


def qtbot_tmp(qtbot):  # type: ignore[no-untyped-def]
    import os
    from pathlib import Path

    out = Path(os.environ.get("KOMORO_SHOTS", "/tmp/themes/shots"))
    out.mkdir(parents=True, exist_ok=True)
    return out
