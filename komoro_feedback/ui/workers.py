"""Run slow service calls off the GUI thread and hand results back on the GUI thread.

Two rules keep this safe with Python and Qt together:

- Nothing ever *waits* for a job from a destructor. A QThreadPool owned by a widget does
  (its destructor joins its threads), and a destructor runs wherever the last reference or
  Python's cyclic garbage collector happens to drop the widget - on the GUI thread holding
  the GIL that the job needs, or on the job's own thread, which then waits for itself. Both
  hang the app for good (it hung CI once). So jobs run on plain Python threads that belong
  to no Qt object, and a runner that goes away simply never hears of its results.
- Results come back through one relay that lives on the GUI thread for the whole process;
  only an int token crosses threads, and callbacks run on the GUI thread.
"""

from __future__ import annotations

import collections
import itertools
import logging
import threading
import weakref
from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, QThread, Signal, Slot

from komoro_feedback.domain.errors import KomoroError

log = logging.getLogger(__name__)

Done = Callable[[Any], None]
Failed = Callable[[str], None]

_tokens = itertools.count(1)


class _Relay(QObject):
    """Wakes the owning runner on the GUI thread (queued) when a job has left its outcome."""

    finished = Signal(int)

    def __init__(self) -> None:
        super().__init__()
        # token -> (ok, value, the job's callable). The callable travels back so that the GUI
        # thread, not the worker, drops the last reference to whatever the closure holds.
        self.outcomes: dict[int, tuple[bool, Any, object]] = {}
        self.routes: dict[int, weakref.ReferenceType[TaskRunner]] = {}
        self.finished.connect(self._deliver)

    @Slot(int)
    def _deliver(self, token: int) -> None:
        ok, value, _fn = self.outcomes.pop(token, (False, "", None))
        route = self.routes.pop(token, None)
        runner = route() if route is not None else None
        if runner is not None and shiboken6.isValid(runner):
            runner._deliver(token, (ok, value))


_relay: _Relay | None = None


def _the_relay() -> _Relay:
    """The process-wide relay, created on (and so living in) the GUI thread, never deleted."""
    global _relay
    if _relay is None:
        app = QCoreApplication.instance()
        assert app is not None and QThread.currentThread() is app.thread(), "GUI thread only"
        _relay = _Relay()
    return _relay


class _Queue:
    """What a runner shares with its worker threads (no Qt object, no reference to the runner)."""

    def __init__(self, max_threads: int) -> None:
        self.cond = threading.Condition()
        self.jobs: collections.deque[tuple[int, Callable[[], Any]]] = collections.deque()
        self.max_threads = max(1, max_threads)
        self.threads = 0
        self.unfinished = 0


class TaskRunner(QObject):
    """Runs callables on up to `max_threads` worker threads; callbacks run on the GUI thread.

    Widgets pass a service call (a closure over plain values) and a callback that shows the
    result. Jobs start in the order given. `wait()` lets tests and the benchmark block until
    every queued call has finished. A worker thread ends as soon as the queue is empty, so an
    idle runner holds no thread, and deleting a runner never blocks.
    """

    def __init__(self, parent: QObject | None = None, *, max_threads: int = 2) -> None:
        super().__init__(parent)
        self._relay = _the_relay()
        self._queue = _Queue(max_threads)
        # GUI thread only. The callable stays here too, so that its last reference (and
        # whatever widget a careless closure holds) is dropped on the GUI thread, not a worker.
        self._callbacks: dict[int, tuple[Callable[[], Any], Done, Failed | None]] = {}

    def run(self, fn: Callable[[], Any], on_done: Done, on_failed: Failed | None = None) -> int:
        """Start `fn()` on a worker thread; `on_done(result)` or `on_failed(message)` follows."""
        token = next(_tokens)
        self._callbacks[token] = (fn, on_done, on_failed)
        self._relay.routes[token] = weakref.ref(self)
        q = self._queue
        with q.cond:
            q.jobs.append((token, fn))
            q.unfinished += 1
            start = q.threads < q.max_threads
            if start:
                q.threads += 1
        if start:
            threading.Thread(target=_work, args=(q, self._relay), daemon=True).start()
        return token

    @property
    def busy(self) -> bool:
        """Whether a result is still to be delivered."""
        return bool(self._callbacks)

    def wait(self, msecs: int = -1) -> bool:
        """Block until every queued job has run (tests, benchmark); results still queue."""
        q = self._queue
        with q.cond:
            return q.cond.wait_for(lambda: q.unfinished == 0, None if msecs < 0 else msecs / 1000)

    def _deliver(self, token: int, outcome: tuple[bool, Any]) -> None:
        entry = self._callbacks.pop(token, None)
        if entry is None:
            return
        _fn, on_done, on_failed = entry
        ok, value = outcome
        if ok:
            on_done(value)
        elif on_failed is not None:
            on_failed(str(value))
        else:
            log.warning("background task failed: %s", value)


def _work(q: _Queue, relay: _Relay) -> None:
    """A worker thread: run queued jobs until none is left, then end."""
    while True:
        with q.cond:
            if not q.jobs:
                q.threads -= 1
                return
            token, fn = q.jobs.popleft()
        outcome: tuple[bool, Any]
        try:
            outcome = (True, fn())
        except KomoroError as exc:
            outcome = (False, str(exc))
        except Exception as exc:  # a bug must reach the user, not die silently in a thread
            log.exception("background task failed")
            outcome = (False, f"{type(exc).__name__}: {exc}")
        relay.outcomes[token] = (*outcome, fn)  # a single dict store: atomic under the GIL
        del fn
        relay.finished.emit(token)  # the relay lives as long as the process
        with q.cond:
            q.unfinished -= 1
            if q.unfinished == 0:
                q.cond.notify_all()
