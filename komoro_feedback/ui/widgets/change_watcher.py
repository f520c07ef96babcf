"""Emit `changed` when anyone (another PC, another app window) saved something: lists refresh."""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal

from komoro_feedback.services.container import Services

DEFAULT_INTERVAL_MS = 3000


class ChangeWatcher(QObject):
    """Polls `services.changes.change_token()` (a few microseconds) on a timer.

    Usage in a page: `self.watcher = ChangeWatcher(services, parent=self)`,
    `self.watcher.changed.connect(self.refresh)`, `self.watcher.start()`; after the page saved
    and refreshed by itself, `self.watcher.acknowledge()` avoids a second refresh.
    """

    changed = Signal()

    def __init__(
        self,
        services: Services,
        interval_ms: int = DEFAULT_INTERVAL_MS,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.services = services
        self._last = services.changes.change_token()
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.poll)

    def start(self) -> None:
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()

    def acknowledge(self) -> None:
        """The caller is up to date now: only later changes count. (On PostgreSQL the
        notice of one's own save can arrive a moment later: at worst one extra refresh.)"""
        self._last = self.services.changes.change_token()

    def poll(self) -> bool:
        token = self.services.changes.change_token()
        if token == self._last:
            return False
        self._last = token
        self.changed.emit()
        return True
