"""The comments table model: Qt's model checks, key-set paging in order, sorting in SQL."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from PySide6.QtCore import QModelIndex, Qt

from komoro_feedback.domain.enums import Status
from komoro_feedback.domain.query import CommentFilter, CommentQuery, SortKey
from komoro_feedback.services.container import Services

from komoro_feedback.ui.models.comment_table_model import (
    COLUMNS,
    COMMENT_ROLE,
    CommentTableModel,
    column_of,
)
from komoro_feedback.ui.workers import TaskRunner

PAGE = 40
N_COMMENTS = 150


@pytest.fixture
def filled(sqlite_services: Services) -> Services:
    sqlite_services.demo.generate(N_COMMENTS, seed=7, end=date(2026, 3, 31))
    return sqlite_services


@pytest.fixture
def model(qtbot, filled: Services) -> Iterator[CommentTableModel]:
    runner = TaskRunner()
    m = CommentTableModel(filled.queries, runner, page_size=PAGE)
    m.reload()
    qtbot.waitUntil(lambda: not m.loading)
    yield m
    runner.wait()


def _fetch_all(qtbot, m: CommentTableModel) -> None:
    while m.canFetchMore(QModelIndex()):
        before = m.rowCount()
        m.fetchMore(QModelIndex())
        qtbot.waitUntil(lambda before=before: not m.loading and m.rowCount() > before)


def _ids(m: CommentTableModel) -> list[str]:
    return [m.data(m.index(r, 0), COMMENT_ROLE).id for r in range(m.rowCount())]


def test_model_passes_qt_model_tester(qtmodeltester, qtbot, model: CommentTableModel) -> None:
    assert model.rowCount() == PAGE
    qtmodeltester.check(model)  # Qt's QAbstractItemModelTester
    # The tester also watches rows arriving from later pages.
    model.fetchMore(QModelIndex())
    qtbot.waitUntil(lambda: not model.loading)
    assert model.rowCount() == 2 * PAGE


def test_paging_past_the_first_page_fetches_more_rows_in_order(
    qtbot, model: CommentTableModel, filled: Services
) -> None:
    assert model.rowCount() == PAGE and model.canFetchMore(QModelIndex())
    _fetch_all(qtbot, model)
    expected = [c.id for c in filled.queries.page(CommentQuery(limit=1000)).items]
    assert len(expected) == N_COMMENTS
    assert _ids(model) == expected  # newest first, nothing skipped or repeated
    assert not model.canFetchMore(QModelIndex())
    shown = model.data(model.index(0, column_of(SortKey.RECEIVED)))
    first = filled.queries.page(CommentQuery(limit=1)).items[0]
    assert shown == first.received_on.isoformat()


def test_sorting_by_status_happens_in_sql_and_unsortable_columns_are_ignored(
    qtbot, model: CommentTableModel
) -> None:
    status_col = column_of(SortKey.STATUS)
    model.sort(status_col, Qt.SortOrder.AscendingOrder)
    qtbot.waitUntil(lambda: not model.loading)
    _fetch_all(qtbot, model)
    statuses = [model.data(model.index(r, 0), COMMENT_ROLE).status for r in range(model.rowCount())]
    assert len(statuses) == N_COMMENTS
    assert [s.value for s in statuses] == sorted(s.value for s in statuses)
    assert model.query.sort is SortKey.STATUS and not model.query.descending

    text_col = [c.key for c in COLUMNS].index("text")
    before = _ids(model)
    model.sort(text_col, Qt.SortOrder.DescendingOrder)
    assert not model.loading and _ids(model) == before  # nothing re-queried
    assert model.headerData(text_col, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole)


def test_a_filter_changes_the_rows_and_a_saved_comment_updates_its_row(
    qtbot, model: CommentTableModel, filled: Services
) -> None:
    model.set_query(CommentFilter(statuses=(Status.RECEIVED,)))
    qtbot.waitUntil(lambda: not model.loading)
    _fetch_all(qtbot, model)
    expected = filled.queries.count(CommentFilter(statuses=(Status.RECEIVED,)))
    assert 0 < model.rowCount() == expected
    status_col = column_of(SortKey.STATUS)
    assert {model.data(model.index(r, status_col)) for r in range(model.rowCount())} == {"受付"}

    c = model.comment_at(0)
    assert c is not None
    saved = filled.comments.change_status(c.id, c.version, Status.IN_PROGRESS)
    model.replace_comment(saved)
    assert model.data(model.index(0, status_col)) == "対応中"


def test_pages_beyond_the_window_are_dropped_and_come_back(
    qtmodeltester, qtbot, filled: Services
) -> None:
    """However far one scrolls, only a few pages stay in memory; scrolling back refetches."""
    runner = TaskRunner()
    m = CommentTableModel(filled.queries, runner, page_size=10, window_pages=3)
    m.reload()
    qtbot.waitUntil(lambda: not m.loading)
    _fetch_all(qtbot, m)
    assert m.rowCount() == N_COMMENTS
    assert m.resident_rows <= 30
    expected = [c.id for c in filled.queries.browse(CommentQuery(limit=N_COMMENTS + 1)).items]
    assert m.data(m.index(0, 0), COMMENT_ROLE) is None  # dropped; being fetched again
    qtbot.waitUntil(lambda: m.data(m.index(0, 0), COMMENT_ROLE) is not None)
    shown = []
    for row in range(m.rowCount()):
        qtbot.waitUntil(lambda row=row: m.data(m.index(row, 0), COMMENT_ROLE) is not None)
        shown.append(m.data(m.index(row, 0), COMMENT_ROLE).id)
        assert m.resident_rows <= 30
    assert shown == expected
    qtmodeltester.check(m)
    runner.wait()
