"""The PySide6 6.12.0 reference-count workaround keeps long sessions alive."""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QComboBox

from komoro_feedback.ui.signal_guard import RESERVE, emit


class _Emitter(QObject):
    changed = Signal(int)


def test_emit_keeps_the_reference_count_of_true(qapp) -> None:
    e = _Emitter()
    got: list[int] = []
    e.changed.connect(got.append)
    emit(e.changed, 0)
    before = sys.getrefcount(True)
    for i in range(20_000):
        emit(e.changed, i)
    assert len(got) == 20_001
    assert abs(sys.getrefcount(True) - before) < 16


def test_many_calls_returning_none_do_not_exhaust_none(qapp) -> None:
    combo = QComboBox()
    combo.addItem("すべて", None)
    e = _Emitter()
    for _round in range(3):
        for _i in range(RESERVE // 4):
            combo.currentData()  # returns None; PySide6 6.12.0 drops a reference each time
        emit(e.changed, 1)  # every emit tops the reserve up if it ran low
    assert sys.getrefcount(None) > RESERVE // 4
