"""The policies page: counts per policy match the services; opening a policy lists its comments."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest

from komoro_feedback.config import UserSettings
from komoro_feedback.domain.enums import Status
from komoro_feedback.domain.query import CommentFilter
from komoro_feedback.services.container import Services

from komoro_feedback.ui.main_window import MainWindow
from komoro_feedback.ui.panels.policies_panel import PoliciesPanel


@pytest.fixture
def window(qtbot, sqlite_services: Services) -> Iterator[MainWindow]:
    sqlite_services.demo.generate(400, seed=11, end=date(2026, 3, 31))
    w = MainWindow(sqlite_services, UserSettings())
    qtbot.addWidget(w)
    w.resize(1280, 720)
    w.show()
    yield w
    for panel in w.panels.values():
        runner = getattr(panel, "runner", None)
        if runner is not None:
            runner.wait()


def _open_policies(qtbot, window: MainWindow) -> PoliciesPanel:
    panel = window.show_panel("policies")
    assert isinstance(panel, PoliciesPanel)
    qtbot.waitUntil(lambda: not panel.runner.busy)
    return panel


def _number(text: str) -> int:
    return int(text.replace(",", ""))


def test_counts_per_policy_match_the_services_for_a_period(
    qtbot, window: MainWindow, sqlite_services: Services
) -> None:
    panel = _open_policies(qtbot, window)
    tree = panel.tree
    assert tree.topLevelItemCount() == 7  # 6 pillars and the "no policy" row
    assert sum(tree.topLevelItem(i).childCount() for i in range(6)) == 67
    col = tree.first_count_column
    q = sqlite_services.queries
    for i in (0, 3, 5):
        pillar = tree.topLevelItem(i)
        policy_item = pillar.child(1)
        f = panel.filter_for(policy_item)
        assert f is not None and f.primary_only and len(f.policy_ids) == 1
        assert _number(policy_item.text(col)) == q.count(f)
        assert _number(policy_item.text(col + 1)) == q.count(
            CommentFilter(**{**_kw(f), "open_only": True})
        )
        answered = q.count(CommentFilter(**{**_kw(f), "statuses": (Status.ANSWERED, Status.DONE)}))
        assert _number(policy_item.text(col + 2)) == answered
        assert _number(pillar.text(col)) == q.count(panel.filter_for(pillar))
        assert policy_item.text(1) in ("★", "●") and policy_item.text(2) in ("新規", "継続")
    grand = sum(_number(tree.topLevelItem(i).text(col)) for i in range(7))
    assert grand == q.count(CommentFilter()) == 400

    panel.period.set_period(date(2025, 4, 1), date(2026, 3, 31))
    qtbot.waitUntil(lambda: not panel.runner.busy)
    first = tree.topLevelItem(0).child(0)
    f = panel.filter_for(first)
    assert f.date_from == date(2025, 4, 1)
    assert (
        _number(first.text(col))
        == q.count(f)
        < q.count(CommentFilter(policy_ids=f.policy_ids, primary_only=True))
    )


def test_opening_a_policy_lists_its_comments(
    qtbot, window: MainWindow, sqlite_services: Services
) -> None:
    panel = _open_policies(qtbot, window)
    item = panel.tree.topLevelItem(1).child(0)  # 2-01
    panel.tree.setCurrentItem(item)
    assert "2-01" in panel.text.toPlainText()
    panel.open_button.click()
    comments = window.panels["comments"]
    assert window.stack.currentWidget() is comments
    qtbot.waitUntil(lambda: not comments.runner.busy and not comments.model.loading)
    policy = sqlite_services.catalog.policy_by_code("2-01")
    assert comments.current_filter().policy_ids == (policy.id,)
    expected = _number(item.text(panel.tree.first_count_column))
    assert comments.total_count == expected > 0
    assert all(
        comments.model.comment_at(r).primary_policy_code == "2-01"
        for r in range(comments.model.rowCount())
    )


def _kw(f: CommentFilter) -> dict[str, object]:
    return {name: getattr(f, name) for name in CommentFilter.__dataclass_fields__}
