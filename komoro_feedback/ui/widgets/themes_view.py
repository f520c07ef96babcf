"""The themes of the chosen policy or area: found on a worker thread, shown as a tree."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from komoro_feedback.domain.query import CommentFilter
from komoro_feedback.domain.theme import ThemeResult
from komoro_feedback.i18n.formatting import format_number
from komoro_feedback.i18n.translation import _

from komoro_feedback.ui.workers import TaskRunner

if TYPE_CHECKING:  # its engine loads numpy and scipy (0.3 s): only when themes are found
    from komoro_feedback.services.themes.service import ThemeService

#: Wards named in a theme's row.
WARDS_SHOWN = 4


class ThemesView(QWidget):
    """A button finds the themes of the current selection (never on the GUI thread)."""

    themes_shown = Signal(int)  # number of themes, after a result is shown

    def __init__(self, themes: ThemeService, runner: TaskRunner, parent: QWidget | None = None):
        super().__init__(parent)
        self.themes = themes
        self.runner = runner
        self._filter: CommentFilter | None = None
        self._area = ""
        self._generation = 0
        self.result: ThemeResult | None = None
        self.find_button = QPushButton()
        self.find_button.setObjectName("themes_find")
        self.find_button.setEnabled(False)
        self.status = QLabel()
        self.status.setObjectName("themes_status")
        self.status.setWordWrap(True)
        self.tree = QTreeWidget()
        self.tree.setObjectName("themes_tree")
        self.tree.setColumnCount(3)
        self.tree.setWordWrap(True)
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(2, 220)
        row = QHBoxLayout()
        row.addWidget(self.status, 1)
        row.addWidget(self.find_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.tree, 1)
        self.find_button.clicked.connect(self.find)
        self.retranslate()

    def set_selection(self, f: CommentFilter | None, area: str) -> None:
        """A new policy or area: the old themes no longer apply."""
        self._generation += 1
        self._filter, self._area = f, area
        self.result = None
        self.tree.clear()
        self.find_button.setEnabled(f is not None)
        self._show_hint()

    def find(self) -> None:
        if self._filter is None:
            return
        self._generation += 1
        generation = self._generation
        f, themes = self._filter, self.themes
        self.find_button.setEnabled(False)
        self.status.setText(_("{area} の意見をテーマごとにまとめています…").format(area=self._area))
        self.runner.run(
            lambda: themes.themes(f),
            lambda result: self._on_result(generation, result),
            lambda message: self._on_failed(generation, message),
        )

    def _on_result(self, generation: int, result: ThemeResult) -> None:
        if generation != self._generation:
            return  # the selection changed meanwhile
        self.result = result
        self.find_button.setEnabled(True)
        self.tree.clear()
        for t in result.themes:
            wards = "、".join(f"{w or _('市全域')} {n}" for w, n in t.wards[:WARDS_SHOWN])
            item = QTreeWidgetItem([t.label, format_number(t.count), wards])
            item.setTextAlignment(1, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            item.setToolTip(2, "、".join(f"{w or _('市全域')} {n}" for w, n in t.wards))
            for r in t.representatives:
                child = QTreeWidgetItem(["・" + r.text, "", r.ward or _("市全域")])
                child.setToolTip(0, r.text)
                item.addChild(child)
            self.tree.addTopLevelItem(item)
        self.status.setText(
            _("{area}: 意見 {n}件 → テーマ {k}件（どのテーマにも入らない意見 {u}件）").format(
                area=self._area,
                n=format_number(result.total),
                k=format_number(len(result.themes)),
                u=format_number(result.unthemed),
            )
        )
        if result.limited:
            self.status.setText(
                self.status.text()
                + _("対象が多いため、新しい順に{n}件だけをまとめました。").format(
                    n=format_number(result.total)
                )
            )
        self.themes_shown.emit(len(result.themes))

    def _on_failed(self, generation: int, message: str) -> None:
        if generation == self._generation:
            self.find_button.setEnabled(True)
            self.status.setText(_("テーマをまとめられませんでした: {err}").format(err=message))

    def _show_hint(self) -> None:
        if self._filter is None:
            self.status.setText(_("政策または地区を選ぶと、その意見のテーマを調べられます。"))
        else:
            self.status.setText(
                _("「テーマを表示」を押すと、{area} の意見を似た内容ごとにまとめます。").format(
                    area=self._area
                )
            )

    def retranslate(self) -> None:
        self.tree.setHeaderLabels([_("テーマ（多い言葉）"), _("件数"), _("主な区")])
        self.tree.setAccessibleName(_("テーマの一覧"))
        self.find_button.setText(_("テーマを表示"))
        self.find_button.setAccessibleName(_("テーマを表示"))
        if self.result is None:
            self._show_hint()
