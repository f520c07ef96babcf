"""Background jobs: results come back on the GUI thread, and closing a window never hangs."""

from __future__ import annotations

import gc
import threading

import shiboken6
from PySide6.QtCore import QObject
from PySide6.QtWidgets import QWidget

from komoro_feedback.services.collector_pause import collector_paused
from tests.helpers import run_qt_script

from komoro_feedback.ui.gc_guard import GuiThreadCollector
from komoro_feedback.ui.workers import TaskRunner

# A window in a reference cycle (as signal-connected lambdas make them) is dropped while its
# background job is still busy allocating. With Python's collector free to run on the job's
# thread, the window can be destroyed *there*; a runner whose destructor waits for its jobs
# then waits for itself, holding the GIL, and the whole app freezes (CI hung this way).
DROPPED_WHILE_BUSY = """
import faulthandler, gc, sys, time
faulthandler.dump_traceback_later(30, exit=True)
from PySide6.QtWidgets import QApplication, QWidget
from komoro_feedback.ui.workers import TaskRunner

app = QApplication([])
gc.enable()  # the worst case: no GUI-thread collector in charge

def allocate():
    junk, t = [], time.time()
    while time.time() - t < 1.5:
        junk.append([{} for _ in range(100)])  # fills gc generation 0 again and again
        if len(junk) > 1000:
            junk.clear()
    return 1

delivered = []
for _ in range(2):
    window = QWidget()
    window.cycle = window
    window.runner = TaskRunner(window)
    window.runner.run(allocate, delivered.append)
    time.sleep(0.2)
    del window
    t = time.time()
    while time.time() - t < 2:
        app.processEvents()
        time.sleep(0.01)
print("closed", len(delivered))
"""


def test_a_window_dropped_while_its_job_runs_does_not_freeze_the_app() -> None:
    proc = run_qt_script(DROPPED_WHILE_BUSY)
    assert proc.returncode == 0, proc.stderr[-2000:]
    # The windows are gone: their results are dropped, not delivered to dead widgets.
    assert proc.stdout.split() == ["closed", "0"]


def test_results_arrive_on_the_gui_thread_in_order(qtbot) -> None:
    owner = QWidget()
    qtbot.addWidget(owner)
    runner = TaskRunner(owner, max_threads=1)
    seen: list[tuple[int, bool]] = []
    failures: list[str] = []
    gui = threading.get_ident()
    for i in range(5):
        runner.run(lambda i=i: i, lambda n: seen.append((n, threading.get_ident() == gui)))
    runner.run(lambda: 1 / 0, seen.append, failures.append)
    assert runner.wait(10_000)
    qtbot.waitUntil(lambda: not runner.busy)
    assert seen == [(i, True) for i in range(5)]
    assert failures == ["ZeroDivisionError: division by zero"]


def test_a_deleted_runner_hears_nothing_and_raises_nothing(qtbot) -> None:
    owner = QWidget()
    runner = TaskRunner(owner)
    release = threading.Event()
    seen: list[int] = []
    runner.run(lambda: release.wait(10) and 7, seen.append)
    owner.deleteLater()
    qtbot.waitUntil(lambda: not _alive(owner))
    release.set()
    qtbot.wait(200)
    assert seen == []


def _alive(obj: QWidget) -> bool:
    return bool(shiboken6.isValid(obj))


class _Cyclic:
    """Garbage only the cycle collector can free; remembers the thread that freed it."""

    freed_on: list[int] = []  # noqa: RUF012 - shared on purpose

    def __init__(self) -> None:
        self.me = self

    def __del__(self) -> None:
        _Cyclic.freed_on.append(threading.get_ident())


def test_cycles_are_freed_on_the_gui_thread_even_when_a_worker_allocates(qtbot) -> None:
    collector = GuiThreadCollector(interval_ms=50)
    try:
        _Cyclic.freed_on.clear()
        for _ in range(1000):  # more than gc's first threshold (700)
            _Cyclic()  # unreachable at once, but only a collection frees it
        worker = threading.Thread(target=lambda: [[{} for _ in range(50)] for _ in range(20_000)])
        worker.start()
        worker.join()
        assert _Cyclic.freed_on == []  # the worker's allocations did not trigger a collection
        qtbot.waitUntil(lambda: len(_Cyclic.freed_on) == 1000)
        assert set(_Cyclic.freed_on) == {threading.get_ident()}
    finally:
        collector.stop()


def test_an_import_on_a_worker_is_not_interrupted_by_the_gui_collector(qtbot) -> None:
    """A package import pauses collection (services/collector_pause); the GUI thread's
    collector waits for it to end, then frees what is due."""
    collector = GuiThreadCollector(interval_ms=50)
    try:
        _Cyclic.freed_on.clear()
        with collector_paused():
            for _ in range(1000):
                _Cyclic()
            qtbot.wait(300)  # six turns of the timer
            assert _Cyclic.freed_on == []
        qtbot.waitUntil(lambda: len(_Cyclic.freed_on) == 1000)
    finally:
        collector.stop()


def test_start_up_objects_are_frozen_after_garbage_is_freed(qtbot) -> None:
    collector = GuiThreadCollector(interval_ms=60_000)
    try:
        _Cyclic.freed_on.clear()
        _Cyclic()
        collector.freeze_startup_objects()
        assert _Cyclic.freed_on == [threading.get_ident()]  # garbage first, on this thread
        assert gc.get_freeze_count() > 1000  # then what lives is left out of later scans
    finally:
        collector.stop()
    assert gc.get_freeze_count() == 0  # stop() gives them back to the collector


class _Probe(QObject):
    """A parentless Qt object (Python owns it): where its last reference goes, it dies."""

    freed_on: list[int] = []  # noqa: RUF012 - shared on purpose

    def __del__(self) -> None:
        _Probe.freed_on.append(threading.get_ident())


def test_what_a_job_holds_is_released_on_the_gui_thread_even_without_its_runner(qtbot) -> None:
    _Probe.freed_on.clear()
    owner = QWidget()
    runner = TaskRunner(owner)
    started, release = threading.Event(), threading.Event()
    probe = _Probe()

    def job(p: _Probe = probe) -> int:
        started.set()
        release.wait(10)
        return 1

    runner.run(job, lambda _r: None)
    del probe, job
    assert started.wait(10)
    owner.deleteLater()  # the window goes away while the job still runs...
    qtbot.waitUntil(lambda: not shiboken6.isValid(owner))
    del runner  # ...and nothing of it is left on the GUI side to hold the job
    release.set()
    qtbot.waitUntil(lambda: _Probe.freed_on != [])
    assert _Probe.freed_on == [threading.get_ident()]
