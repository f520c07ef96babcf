"""The main window's pages: which there are, in order, and building each on its first visit.

A page's module (and what it brings: charts, the PDF viewer, the report and export services)
is imported, and the page built, when the person first opens it, not at start: the window
opens on the meetings page, and the other six cost nothing until they are wanted.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from komoro_feedback.i18n.translation import N_

if TYPE_CHECKING:
    from komoro_feedback.ui.panels.base import Panel


@dataclass(frozen=True, slots=True)
class PageSpec:
    """A page by key, where its class lives, and its name in the navigation (a msgid)."""

    key: str
    module: str
    class_name: str
    title: str

    def load(self) -> type[Panel]:
        panel_type: type[Panel] = getattr(importlib.import_module(self.module), self.class_name)
        return panel_type


_PANELS = "komoro_feedback.ui.panels."

#: In navigation order (Ctrl+1 … Ctrl+7). The titles equal each page's title() (a test says).
PAGES: tuple[PageSpec, ...] = (
    PageSpec("meetings", _PANELS + "meetings_panel", "MeetingsPanel", N_("会議と記録")),
    PageSpec("comments", _PANELS + "comments_panel", "CommentsPanel", N_("意見一覧")),
    PageSpec("policies", _PANELS + "policies_panel", "PoliciesPanel", N_("政策")),
    PageSpec("districts", _PANELS + "districts_panel", "DistrictsPanel", N_("地区")),
    PageSpec("dashboard", _PANELS + "dashboard_panel", "DashboardPanel", N_("集計グラフ")),
    PageSpec("reports", _PANELS + "reports_panel", "ReportsPanel", N_("帳票")),
    PageSpec("settings", _PANELS + "settings_panel", "SettingsPanel", N_("設定")),
)


class Pages(dict[str, "Panel"]):
    """The pages built so far, by key; `pages[key]` builds a page on first use.

    `key in pages` is true for every page there is; `get()`, `values()` and `items()` give
    only the pages already built (what a language switch or a shutdown has to touch).
    """

    def __init__(self, build: Callable[[PageSpec], Panel]) -> None:
        super().__init__()
        self._build = build
        self._specs = {spec.key: spec for spec in PAGES}

    def __missing__(self, key: str) -> Panel:
        spec = self._specs.get(key)
        if spec is None:
            raise KeyError(key)
        panel = self._build(spec)
        self[key] = panel
        return panel

    def __contains__(self, key: object) -> bool:
        return key in self._specs

    def build_all(self) -> None:
        """Every page (Help lists the keys of every page, so it needs them all)."""
        for key in self._specs:
            self[key]  # building it is the point
