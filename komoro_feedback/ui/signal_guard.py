"""Work around PySide6 6.12.0 losing references to None, True and False.

Measured on PySide6 6.12.0 (none of it on 6.11.3): every call of a C++ method that returns
void or None (`QLabel.setText`, `QWidget.show`, `processEvents`, `QComboBox.currentData()` of
an item without data, ...) drops a reference to None, and every `SignalInstance.emit()` drops
one to the bool it returns. On Python 3.11, where these singletons are not immortal, a session
of some ten thousand Qt calls ends in "Fatal Python error: none_dealloc / bool_dealloc".

The real fix is a PySide6 without the defect (pin `PySide6 != 6.12.0`). Until then:
`emit()` gives the lost bool reference back, and `reserve_references()` (run at import, on
every emit and by a 50 ms timer that `install_reference_guard()` starts) keeps a reserve of
references to None, True and False so that the lost ones never bring a count to zero. On a
PySide6 without the defect (probed at import) both do nothing.
"""

from __future__ import annotations

import ctypes
import sys
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal

_PROBES = 64
#: References held to each singleton; topped up when its count falls below half of this.
RESERVE = 1 << 20
GUARD_INTERVAL_MS = 50
_pins: list[list[object]] = []
_timers: list[QTimer] = []


class _Probe(QObject):
    ping = Signal()


def _give_back(obj: object, n: int) -> None:
    for _i in range(max(n, 0)):
        ctypes.pythonapi.Py_IncRef(ctypes.py_object(obj))


def _emit_loses_bool() -> bool:
    probe = _Probe()
    before = sys.getrefcount(True)
    for _i in range(_PROBES):
        probe.ping.emit()
    lost = before - sys.getrefcount(True)
    _give_back(True, lost)
    return lost >= _PROBES // 2


def _void_call_loses_none() -> bool:
    probe = QObject()
    before = sys.getrefcount(None)
    for _i in range(_PROBES):
        probe.setObjectName("probe")
    lost = before - sys.getrefcount(None)
    _give_back(None, lost)
    return lost >= _PROBES // 2


def reserve_references() -> None:
    """Top up the reserve of references to None, True and False if it ran low (cheap)."""
    if not _defective:
        return
    for obj in (None, True, False):
        if sys.getrefcount(obj) < RESERVE // 2:
            pins = [obj] * RESERVE
            # Never freed, not even at interpreter exit: freeing it would hand back references
            # that PySide6 already lost, and the count would reach zero at shutdown.
            ctypes.pythonapi.Py_IncRef(ctypes.py_object(pins))
            _pins.append(pins)


def install_reference_guard() -> None:
    """Keep the reserve topped up from the event loop (once per process; needs an app)."""
    app = QCoreApplication.instance()
    if not _defective or app is None or _timers:
        return
    timer = QTimer(app)
    timer.setInterval(GUARD_INTERVAL_MS)
    timer.timeout.connect(reserve_references)
    timer.start()
    _timers.append(timer)


def emit(signal: Any, *args: Any) -> None:
    """`signal.emit(*args)`, giving back the reference PySide6 6.12.0 loses."""
    result = signal.emit(*args)
    if _emit_leaks and isinstance(result, bool):
        ctypes.pythonapi.Py_IncRef(ctypes.py_object(result))
    reserve_references()


#: Probed at import (on the importing thread, before any worker runs).
_emit_leaks = _emit_loses_bool()
_defective = _emit_leaks or _void_call_loses_none()
reserve_references()
