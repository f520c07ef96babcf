"""Render the main screens offscreen at 1366x768 on a fresh demo database, as PNG files."""

from __future__ import annotations

import os
import tempfile
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from komoro_feedback.config import UserSettings
from komoro_feedback.domain.comment import MeetingDraft
from komoro_feedback.domain.enums import CommentKind, MeetingKind
from komoro_feedback.domain.query import CommentFilter
from komoro_feedback.i18n.translation import set_language
from komoro_feedback.services.actor import Actor
from komoro_feedback.services.container import Services
from komoro_feedback.store.database import Database

SIZE = (1366, 768)
RECORDER = "小諸 記録係"

#: What the capture screenshot types: text, ward, policy codes, kind.
CAPTURE_ENTRIES = (
    ("小諸駅前の駐車場が足りず、病院へ送迎するときに困っています。", "相生", ("5-01",), "request"),
    ("保育園の送迎で朝の通学路が混みます。見守りを増やしてほしい。", "相生", ("1-04",), "request"),
    ("帯状疱疹ワクチンの助成はいつから受けられますか。", None, ("3-03",), "question"),
)


def render_screenshots(
    out_dir: Path, lang: str = "ja", comments: int = 800, seed: int = 7, pause: float = 1.0
) -> list[Path]:
    """Build a demo database in a temp folder, open the main window offscreen, save PNGs."""
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from PySide6.QtWidgets import QApplication

    from komoro_feedback.ui.app import install_fonts
    from komoro_feedback.ui.main_window import MainWindow

    app = QApplication.instance() or QApplication([])
    assert isinstance(app, QApplication)
    install_fonts(app)
    set_language(lang)
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="komoro-shots-") as tmp:
        services = Services.build(
            Database(f"sqlite:///{Path(tmp) / 'demo.sqlite3'}"), Actor(RECORDER)
        )
        try:
            services.setup.initialise()
            services.demo.generate(comments, seed)
            window = MainWindow(services, UserSettings(language=lang, recorder=RECORDER))
            window.resize(*SIZE)
            window.show()
            shots = _Shooter(app, window, out_dir, pause)
            shots.take_all()
            window.close()
            return shots.saved
        finally:
            services.close()


class _Shooter:
    """Drives the window from screen to screen and grabs each one."""

    def __init__(self, app: object, window: object, out_dir: Path, pause: float) -> None:
        self.pause = pause  # how long a page may take to load in its workers
        self.app = app
        self.window = window
        self.out_dir = out_dir
        self.saved: list[Path] = []

    def settle(self, until: Callable[[], bool] | None = None, timeout: float = 5.0) -> None:
        """Let workers and layouts finish: process events until `until` holds (or briefly)."""
        deadline = time.monotonic() + (timeout if until else 0.3)
        while time.monotonic() < deadline:
            self.app.processEvents()  # type: ignore[attr-defined]
            if until is not None and until():
                break
            time.sleep(0.02)
        self.app.processEvents()  # type: ignore[attr-defined]

    def grab(self, name: str) -> None:
        self.settle(until=lambda: False, timeout=0.3 * self.pause)
        path = self.out_dir / f"{name}.png"
        self.window.grab().save(str(path))  # type: ignore[attr-defined]
        self.saved.append(path)

    def take_all(self) -> None:
        w = self.window
        meetings = w.show_panel("meetings")  # type: ignore[attr-defined]
        self.grab("meetings")
        self._capture(meetings)
        self.grab("capture")
        meetings.show_list()
        self._comments()
        for key in ("policies", "districts", "dashboard", "reports", "settings"):
            if key in w.panels:  # type: ignore[attr-defined]
                w.show_panel(key)  # type: ignore[attr-defined]
                self.settle(timeout=self.pause, until=lambda: False)
                self.grab(key)

    def _capture(self, meetings: object) -> None:
        services: Services = self.window.services  # type: ignore[attr-defined]
        today = datetime.now().replace(hour=19, minute=0, second=0, microsecond=0)
        district = services.catalog.district_by_name("中央(中部)")
        meeting = services.meetings.create(
            MeetingDraft(
                MeetingKind.TOWN_MEETING,
                "中央(中部)地区タウンミーティング",
                today,
                venue="相生町公民館",
                district_ids=(district.id,),
                attendees=38,
                recorder=RECORDER,
            )
        )
        capture = meetings.open_capture(meeting.id)  # type: ignore[attr-defined]
        wards = {w.name: w.id for w in services.catalog.wards()}
        for text, ward, codes, kind in CAPTURE_ENTRIES:
            capture.text_edit.setPlainText(text)
            capture.ward_picker.set_ward_id(wards.get(ward) if ward else None)
            capture.policy_picker.clear_policies()
            for code in codes:
                capture.policy_picker.add_policy(services.catalog.policy_by_code(code).id)
            capture.kind_combo.setCurrentIndex(capture.kind_combo.findData(CommentKind(kind).value))
            capture.save()
        capture.policy_picker.clear_policies()
        capture.text_edit.setPlainText(
            "空き家バンクの登録を増やして、若い人の移住を後押ししてほしい。"
        )
        capture.policy_picker.filter_edit.setText("空き家")
        capture.text_edit.setFocus()
        bar = getattr(capture, "suggestion_bar", None)  # the suggestion feature, when present
        if bar is not None:
            bar.refresh_now()
            self.settle(until=lambda: bar.suggestions() is not None, timeout=3 * self.pause)

    def _comments(self) -> None:
        w = self.window
        panel = w.show_panel("comments")  # type: ignore[attr-defined]
        services: Services = w.services  # type: ignore[attr-defined]
        set_filter = getattr(panel, "set_filter", None)
        model = getattr(panel, "model", None)
        if set_filter is not None:
            pillar = services.catalog.programme().pillars[0]
            set_filter(CommentFilter(pillar_ids=(pillar.id,), open_only=True))
        if model is not None:
            self.settle(until=lambda: model.rowCount() > 0, timeout=5 * self.pause)
        self.grab("comments")
        table = getattr(panel, "table", None)
        if table is not None and model is not None and model.rowCount() > 0:
            table.selectRow(0)
            self.settle(timeout=self.pause, until=lambda: False)
        self.grab("detail")
