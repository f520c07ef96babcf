"""The main window: a navigation list on the left, one page at a time on the right; who is
signed in in the title; the idle lock hides it all after the minutes set."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QSize, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMenu,
    QMessageBox,
    QStackedWidget,
    QWidget,
)

from komoro_feedback.config import UserSettings
from komoro_feedback.domain.errors import KomoroError
from komoro_feedback.i18n.translation import N_, _, set_language
from komoro_feedback.services.container import Services

from komoro_feedback.ui.accessibility import name_controls, name_windows_as_they_open
from komoro_feedback.ui.main_menu import MainMenu
from komoro_feedback.ui.pages import PAGES, Pages, PageSpec
from komoro_feedback.ui.panels.base import Panel
from komoro_feedback.ui.panels.capture_panel import CapturePanel
from komoro_feedback.ui.panels.meetings_panel import MeetingsPanel
from komoro_feedback.ui.qt_language import QT_LANGUAGE
from komoro_feedback.ui.shortcuts import SECTION_WINDOW, describe
from komoro_feedback.ui.text_size import LARGE_POINT_SIZE, NORMAL_POINT_SIZE
from komoro_feedback.ui.widgets.change_watcher import ChangeWatcher
from komoro_feedback.ui.widgets.idle_lock import IdleWatcher, SignInAgain, Unlocker
from komoro_feedback.ui.widgets.lock_page import LockPage


class MainWindow(QMainWindow):
    """Wires the pages; holds no data of its own. Ctrl+1..7 switch pages."""

    def __init__(
        self, services: Services, settings: UserSettings, unlocker: Unlocker | None = None
    ) -> None:
        super().__init__()
        self.services = services
        self.settings = settings
        self.nav = QListWidget()
        self.nav.setObjectName("navigation")
        self.nav.setFixedWidth(170)
        self.nav.setStyleSheet("QListWidget#navigation::item { padding: 6px 8px; }")
        self.stack = QStackedWidget()
        # Pages are built on their first visit (ui/pages.py); until then an empty stand-in.
        self.panels = Pages(self._build_page)
        for i, spec in enumerate(PAGES):
            self.stack.addWidget(QWidget())
            item = QListWidgetItem(_(spec.title))
            item.setData(Qt.ItemDataRole.UserRole, spec.key)
            self.nav.addItem(item)
            action = QAction(self)
            action.setShortcut(QKeySequence(f"Ctrl+{i + 1}"))
            action.triggered.connect(lambda _=False, row=i: self.nav.setCurrentRow(row))
            describe(action, SECTION_WINDOW, N_("ページを切り替える（1 会議 … 7 設定）"))
            self.addAction(action)
        content = QWidget()
        layout = QHBoxLayout(content)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.nav)
        layout.addWidget(self.stack, 1)
        # The lock page replaces the content; the pages stay alive behind it (typed text too).
        self.lock_page = LockPage()
        self.screens = QStackedWidget()
        self.screens.addWidget(content)
        self.screens.addWidget(self.lock_page)
        self.setCentralWidget(self.screens)
        self.unlocker: Unlocker = unlocker or SignInAgain(services)
        self.idle = IdleWatcher(settings.idle_lock_minutes, self)
        self.idle.idle.connect(self.lock)
        self.lock_page.unlock_requested.connect(self.unlock)
        self.panels["meetings"]  # the first page: built now, shown at once
        self._hidden_while_locked: list[QWidget] = []
        self._disabled_while_locked: list[QAction] = []
        self._focus_before_lock: QWidget | None = None
        self.nav.currentRowChanged.connect(self._on_nav_row_changed)
        self.menu = MainMenu(self)
        # Lists follow what other windows, laptops (packages) and colleagues change.
        self.change_watcher = ChangeWatcher(services, parent=self)
        self.change_watcher.changed.connect(self._on_change_watcher_changed)
        self.change_watcher.start()
        self.resize(_first_size(self))
        self.retranslate()
        # The first page's data is read once, after the texts are set (retranslate refills a
        # page's lists, a second read of the meetings on a big database).
        self.nav.setCurrentRow(0)
        # Start in the meetings list: Enter opens the selected meeting, Ctrl+N makes a new one.
        self.stack.currentWidget().setFocus()
        self.draft_offer: QMessageBox | None = None
        app = QApplication.instance()
        if isinstance(app, QApplication):
            name_windows_as_they_open(app)
        QTimer.singleShot(0, self.offer_drafts)

    # --- capture: drafts and withdrawing -------------------------------------------------------
    def capture(self) -> CapturePanel:
        panel = self.panels["meetings"]
        assert isinstance(panel, MeetingsPanel)
        return panel.capture

    def withdraw_last_entry(self) -> None:
        """編集 → 直前の記録を取り消す: only where a meeting is being recorded."""
        capture = self.capture()
        if capture.isVisible() and capture.meeting() is not None:
            capture.withdraw.start()
            return
        QMessageBox.information(
            self,
            _("直前の記録を取り消す"),
            _("会議の記録画面で使います。会議一覧で会議を開いてください。"),
        )

    def offer_drafts(self) -> QMessageBox | None:
        """After a crash or a quit: offer what was typed but not saved, in its own meeting."""
        try:
            pending = self.services.drafts.pending()
        except KomoroError:
            return None
        if not pending:
            return None
        newest = pending[0]
        words = newest.draft.text.strip().replace("\n", " ")[:30] or _("（本文なし）")
        text = _("保存されていない入力が残っています。\n\n会議: {title}\n本文: {words}").format(
            title=newest.meeting_title, words=words
        )
        if len(pending) > 1:
            text += "\n" + _(
                "ほかに{n}件の会議に下書きがあります（会議を開くと戻ります）。"
            ).format(n=len(pending) - 1)
        box = QMessageBox(QMessageBox.Icon.Question, _("下書きがあります"), text, parent=self)
        resume = box.addButton(_("会議を開いて続ける"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(_("あとで"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(resume)
        box.accepted.connect(lambda: self._resume_draft(newest.meeting_id))
        self.draft_offer = box
        box.open()
        return box

    def _resume_draft(self, meeting_id: int) -> None:
        panel = self.show_panel("meetings")
        assert isinstance(panel, MeetingsPanel)
        panel.open_capture(meeting_id)

    def closeEvent(self, event: QCloseEvent) -> None:
        # Quit with a comment half typed: it stays with its meeting and comes back next time.
        self.capture().drafts.flush()
        super().closeEvent(event)

    def _build_page(self, spec: PageSpec) -> Panel:
        """Build a page in place of its stand-in, named and in the current language."""
        row = next(i for i, p in enumerate(PAGES) if p.key == spec.key)
        panel = spec.load()(self.services, self.settings, self)
        stand_in = self.stack.widget(row)
        self.stack.insertWidget(row, panel)
        self.stack.removeWidget(stand_in)
        stand_in.deleteLater()
        if spec.key == "settings":
            self._connect_settings_panel(panel)
        if hasattr(self, "menu"):  # pages built later: named as the others were at start
            name_controls(panel)
        return panel

    def _connect_settings_panel(self, panel: Panel) -> None:
        for signal, slot in (
            ("language_changed", self.apply_language),
            ("text_size_changed", self.apply_text_size),
            ("idle_lock_changed", self.idle.set_minutes),
        ):
            if hasattr(panel, signal):
                getattr(panel, signal).connect(slot)

    def apply_language(self, code: str) -> None:
        """Switch language at once (Qt's own dialogs too); typed text stays in every form."""
        set_language(code)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            QT_LANGUAGE.install(app, code)
        self.settings.language = code
        self.retranslate()

    def apply_text_size(self, large: bool) -> None:
        """Normal or large text for the whole application, at once."""
        self.settings.large_text = large
        app = QApplication.instance()
        if isinstance(app, QApplication):
            font = app.font()
            font.setPointSize(LARGE_POINT_SIZE if large else NORMAL_POINT_SIZE)
            app.setFont(font)
            # The navigation and menu bar are styled, and a styled widget does not always take
            # the application's new font: give it to them (and their menus) explicitly.
            for widget in (self.nav, self.menuBar(), *self.menuBar().findChildren(QMenu)):
                widget.setFont(font)
        self.menu.sync()

    # --- idle lock --------------------------------------------------------------------------
    def is_locked(self) -> bool:
        return self.screens.currentWidget() is self.lock_page

    def lock(self) -> None:
        """Hide every page, menu and open dialog until the person signs in again."""
        if self.is_locked():
            return
        self._focus_before_lock = QApplication.focusWidget()
        self._hidden_while_locked = [
            w
            for w in QApplication.topLevelWidgets()
            if isinstance(w, QDialog) and w.isVisible() and w is not self
        ]
        for w in self._hidden_while_locked:
            w.hide()
        self._disabled_while_locked = [a for a in self.findChildren(QAction) if a.isEnabled()]
        for a in self._disabled_while_locked:
            a.setEnabled(False)
        self.menuBar().setEnabled(False)
        self.idle.paused = True
        self.idle.timer.stop()
        self.lock_page.prepare(self.services.access.who(), self.unlocker.secret_label())
        self.screens.setCurrentWidget(self.lock_page)

    def unlock(self, secret: str = "") -> bool:
        problem = self.unlocker.unlock(secret)
        if problem is not None:
            self.lock_page.show_error(problem)
            return False
        self.screens.setCurrentIndex(0)
        self.menuBar().setEnabled(True)
        for a in self._disabled_while_locked:
            a.setEnabled(True)
        for w in self._hidden_while_locked:
            w.show()
        self._hidden_while_locked, self._disabled_while_locked = [], []
        if self._focus_before_lock is not None:
            self._focus_before_lock.setFocus()
        self.idle.paused = False
        self.idle.restart()
        self.retranslate()
        return True

    def _on_change_watcher_changed(self) -> None:
        panel = self.stack.currentWidget()
        if isinstance(panel, Panel):
            panel.on_data_changed()

    def show_panel(self, key: str) -> Panel:
        panel = self.panels[key]
        self.nav.setCurrentRow(self.stack.indexOf(panel))
        return panel

    def _on_nav_row_changed(self, row: int) -> None:
        if row < 0:
            return
        panel = self.panels[PAGES[row].key]  # built on the first visit
        self.stack.setCurrentIndex(row)
        if isinstance(panel, Panel):
            panel.refresh()
            if not self.nav.hasFocus():  # switched by Ctrl+number: the keyboard goes along
                panel.setFocus()

    def retranslate(self) -> None:
        """Apply the current language to every page without rebuilding them (keeps input)."""
        self.setWindowTitle(
            self.services.access.who()
            + " — "
            + _("Komoro Feedback — 市民の声 記録・集計")
            + f" [{self.services.db.describe()}]"
        )
        if hasattr(self, "lock_page"):
            self.lock_page.retranslate()
        for i, spec in enumerate(PAGES):
            panel = self.panels.get(spec.key)
            if panel is not None:
                panel.retranslate()
            self.nav.item(i).setText(panel.title() if panel is not None else _(spec.title))
        if hasattr(self, "menu"):
            self.menu.retranslate()
        self._fit_navigation()
        name_controls(self)

    def _fit_navigation(self) -> None:
        """As narrow as the longest page name allows: large text must still fit 1366 px."""
        fm = self.nav.fontMetrics()
        names = [self.nav.item(i).text() for i in range(self.nav.count())]
        self.nav.setFixedWidth(max(110, max(fm.horizontalAdvance(n) for n in names) + 40))

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange and hasattr(self, "nav"):
            self._fit_navigation()


def _first_size(window: QMainWindow) -> QSize:
    """1280x720 (a 1366x768 laptop with its task bar), never more than the screen has: on a
    1024x600 laptop the window opens whole instead of running off the screen."""
    screen = window.screen() or QApplication.primaryScreen()
    wanted = QSize(1280, 720)
    if screen is None:
        return wanted
    return wanted.boundedTo(screen.availableGeometry().size())
