"""Help: the offline staff guide, every keyboard shortcut, and where data, backups and logs are."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from komoro_feedback.i18n.translation import _, current_language
from komoro_feedback.paths import resources_dir

from komoro_feedback.ui.shortcuts import collect

GUIDE_TAB, KEYS_TAB, PLACES_TAB = 0, 1, 2


def guide_path(language: str) -> Path:
    """The guide in the UI language (Japanese when there is none in that language)."""
    path = resources_dir() / "guide" / language / "guide.html"
    return path if path.is_file() else resources_dir() / "guide" / "ja" / "guide.html"


class HelpDialog(QDialog):
    """Three tabs: 操作ガイド (F1), ショートカット一覧, データの保存場所. Non-modal, Esc closes."""

    def __init__(
        self, window: QWidget, places: list[tuple[str, str]], tab: int = GUIDE_TAB
    ) -> None:
        super().__init__(window)
        self.setWindowTitle(_("ヘルプ"))
        self.tabs = QTabWidget(self)
        self.guide = QTextBrowser(self)
        self.guide.setOpenLinks(True)
        self.guide.setSearchPaths([str(guide_path(current_language()).parent)])
        self.guide.setHtml(guide_path(current_language()).read_text(encoding="utf-8"))
        self.guide.setAccessibleName(_("操作ガイド"))
        self.keys = _table([_("キー"), _("操作"), _("場面")], self)
        self.keys.setAccessibleName(_("ショートカット一覧"))
        for entry in collect(window):
            _append(self.keys, [entry.keys, entry.description, entry.section])
        self.keys.resizeRowsToContents()
        self.places = _table([_("項目"), _("場所")], self)
        self.places.setAccessibleName(_("データの保存場所"))
        for label, where in places:
            _append(self.places, [label, where])
        self.places.resizeRowsToContents()
        self.tabs.addTab(self.guide, _("操作ガイド"))
        self.tabs.addTab(self.keys, _("ショートカット一覧"))
        self.tabs.addTab(self.places, _("データの保存場所"))
        self.tabs.setCurrentIndex(tab)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(_("閉じる"))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(buttons)
        self.resize(880, 600)

    def show_tab(self, tab: int) -> None:
        self.tabs.setCurrentIndex(tab)
        self.tabs.currentWidget().setFocus()


def _table(headers: list[str], parent: QWidget) -> QTableWidget:
    table = QTableWidget(0, len(headers), parent)
    table.setHorizontalHeaderLabels(headers)
    table.verticalHeader().setVisible(False)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setWordWrap(True)
    header = table.horizontalHeader()
    for col in range(len(headers) - 1):
        header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(len(headers) - 1, QHeaderView.ResizeMode.Stretch)
    return table


def _append(table: QTableWidget, values: list[str]) -> None:
    row = table.rowCount()
    table.insertRow(row)
    for col, value in enumerate(values):
        item = QTableWidgetItem(value)
        item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
        table.setItem(row, col, item)
