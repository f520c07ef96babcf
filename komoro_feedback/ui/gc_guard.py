"""Python's cyclic garbage collection, only ever on the GUI thread.

The collector runs on whichever thread happens to allocate when a generation fills up. If a
worker thread (building the suggestion model, reading a report's rows) triggers it while a
window or dialog lies in a reference cycle (signals connected to lambdas make many), Qt
objects are destroyed on that worker thread: Qt forbids it, and it can crash or hang. So the
app turns automatic collection off and collects from a timer on the GUI thread instead, with
the same thresholds (the approach pyqtgraph takes). Reference counting still frees
everything that is not in a cycle at once, on any thread, as always.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

from komoro_feedback.services.collector_pause import paused

CHECK_INTERVAL_MS = 500
#: Start-up (window, catalog, suggestion model warm-up) is over by then on a 100k database.
SETTLE_AFTER_MS = 3000


class GuiThreadCollector(QObject):
    """While it lives (and until `stop()`), cycles are collected on this object's thread."""

    def __init__(self, parent: QObject | None = None, interval_ms: int = CHECK_INTERVAL_MS):
        super().__init__(parent)
        self._was_enabled = gc.isenabled()
        self._thresholds = gc.get_threshold()
        gc.disable()
        self._timer = QTimer(self)
        self._timer.timeout.connect(self.collect_due)
        self._timer.start(interval_ms)

    def collect_due(self) -> int:
        """Collect the generations that are over their threshold (what gc would have done),
        unless a report, import or export has paused collection (services/collector_pause)."""
        if paused():
            return 0
        t0, t1, t2 = self._thresholds
        c0, c1, c2 = gc.get_count()
        if t2 and c2 > t2:
            return gc.collect(2)
        if t1 and c1 > t1:
            return gc.collect(1)
        if t0 and c0 > t0:
            return gc.collect(0)
        return 0

    def freeze_startup_objects(self) -> None:
        """Collect once, then exempt everything alive now from later full collections.

        What start-up builds (Qt wrappers, the catalog, the suggestion model: about 125,000
        objects on a 100k database) lives as long as the app; scanning it made every full
        collection take ~110 ms on the GUI thread. Frozen, a full collection takes ~0 ms.
        """
        gc.collect()
        gc.freeze()

    def stop(self) -> None:
        """Back to Python's own collection (as it was before), after a last full collection."""
        self._timer.stop()
        gc.unfreeze()
        gc.collect()
        if self._was_enabled:
            gc.enable()
