"""Emit Qt signals from Python without PySide6 6.12.0's lost reference to True.

PySide6 6.12.0's `SignalInstance.emit()` returns `True` without taking a reference for it
(measured: every emit lowers `sys.getrefcount(True)` by one, connected or not). On Python
3.11, where True is not immortal, a long session of emits ends in "Fatal Python error:
bool_dealloc". `emit()` below gives the reference back when, and only when, the running
PySide6 has the defect (probed once), so a fixed PySide6 needs no change here.
"""

from __future__ import annotations

import ctypes
import sys
from typing import Any

from PySide6.QtCore import QObject, Signal

_PROBES = 64


class _Probe(QObject):
    ping = Signal()


def _emit_leaks_bool() -> bool:
    probe = _Probe()
    before = sys.getrefcount(True)
    for _i in range(_PROBES):
        probe.ping.emit()
    lost = before - sys.getrefcount(True)
    if lost > 0:
        for _i in range(lost):
            ctypes.pythonapi.Py_IncRef(ctypes.py_object(True))
    return lost >= _PROBES // 2


def emit(signal: Any, *args: Any) -> None:
    """`signal.emit(*args)`, compensating the lost reference of PySide6 6.12.0."""
    result = signal.emit(*args)
    if _leaks and isinstance(result, bool):
        ctypes.pythonapi.Py_IncRef(ctypes.py_object(result))


#: Probed at import (on the importing thread, before any worker runs).
_leaks = _emit_leaks_bool()
