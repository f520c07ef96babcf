"""The Qt binding the app runs on survives a long session (PySide6 6.12.0 did not)."""

from __future__ import annotations

from tests.helpers import run_qt_script

LONG_SESSION = """
import sys
from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QApplication, QLabel

class Probe(QObject):
    ping = Signal(int)

app = QApplication([])
label, probe = QLabel(), Probe()
probe.ping.connect(lambda n: None)
none_before, true_before = sys.getrefcount(None), sys.getrefcount(True)
for i in range(50_000):  # a few hours of typing, clicking and list refreshes
    label.setText(str(i))
    probe.ping.emit(i)
print(sys.getrefcount(None) - none_before, sys.getrefcount(True) - true_before)
"""


def test_fifty_thousand_qt_calls_do_not_crash_or_leak_singletons() -> None:
    proc = run_qt_script(LONG_SESSION)
    assert proc.returncode == 0, proc.stderr[-500:]
    none_delta, true_delta = (int(x) for x in proc.stdout.split())
    assert abs(none_delta) < 1000 and abs(true_delta) < 1000
