"""Run slow read-only service calls off the GUI thread and hand results back by signal."""

from __future__ import annotations

import contextlib
import itertools
import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

from komoro_feedback.domain.errors import KomoroError

log = logging.getLogger(__name__)

Done = Callable[[Any], None]
Failed = Callable[[str], None]


class _Relay(QObject):
    """Wakes the runner on the GUI thread (queued) when a job has left its outcome."""

    # Only an int token crosses threads (the outcome waits in the runner's dict), so no
    # Python object's lifetime depends on a queued signal.
    finished = Signal(int)


class _Job(QRunnable):
    """One call on a pool thread. Never touches a widget; leaves its outcome for the runner."""

    def __init__(
        self,
        token: int,
        fn: Callable[[], Any],
        relay: _Relay,
        outcomes: dict[int, tuple[bool, Any]],
    ) -> None:
        super().__init__()
        self.token = token
        self.fn = fn
        self.relay = relay
        self.outcomes = outcomes

    def run(self) -> None:
        outcome: tuple[bool, Any]
        try:
            outcome = (True, self.fn())
        except KomoroError as exc:
            outcome = (False, str(exc))
        except Exception as exc:  # a bug must reach the user, not die silently in a thread
            log.exception("background task failed")
            outcome = (False, f"{type(exc).__name__}: {exc}")
        self.outcomes[self.token] = outcome  # a single dict store: atomic under the GIL
        # RuntimeError: the relay's C++ side is gone (app quitting); nobody waits for it.
        with contextlib.suppress(RuntimeError):
            self.relay.finished.emit(self.token)


class TaskRunner(QObject):
    """Runs callables on its own small thread pool; callbacks run on the GUI thread.

    Widgets pass a service call (a closure over plain values) and a callback that shows the
    result. `wait()` lets tests and the benchmark block until every queued call has finished.
    """

    def __init__(self, parent: QObject | None = None, *, max_threads: int = 2) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(max_threads)
        self._relay = _Relay()
        self._relay.finished.connect(self._on_relay_finished)
        self._outcomes: dict[int, tuple[bool, Any]] = {}
        self._tokens = itertools.count(1)
        self._callbacks: dict[int, tuple[Done, Failed | None]] = {}

    def run(self, fn: Callable[[], Any], on_done: Done, on_failed: Failed | None = None) -> int:
        """Start `fn()` on a pool thread; `on_done(result)` or `on_failed(message)` follows."""
        token = next(self._tokens)
        self._callbacks[token] = (on_done, on_failed)
        self._pool.start(_Job(token, fn, self._relay, self._outcomes))
        return token

    @property
    def busy(self) -> bool:
        """Whether a result is still to be delivered."""
        return bool(self._callbacks)

    def wait(self, msecs: int = -1) -> bool:
        """Block until the pool is idle (tests, benchmark, shutdown); results still queue."""
        return bool(self._pool.waitForDone(msecs))

    @Slot(int)
    def _on_relay_finished(self, token: int) -> None:
        ok, value = self._outcomes.pop(token, (False, ""))
        on_done, on_failed = self._callbacks.pop(token, (None, None))
        if ok:
            if on_done is not None:
                on_done(value)
        elif on_failed is not None:
            on_failed(str(value))
        else:
            log.warning("background task failed: %s", value)
