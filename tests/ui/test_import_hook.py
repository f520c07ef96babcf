"""PySide6's import hook answers as before, only faster (ui/import_hook.py)."""

from __future__ import annotations

import sys

import komoro_feedback.ui  # noqa: F401  (installs the check)
from komoro_feedback.ui.import_hook import ORIGINAL, speed_up_feature_check


def test_the_faster_check_gives_pysides_own_answer_for_every_loaded_module() -> None:
    import komoro_feedback.ui.main_window  # noqa: F401  (plenty of modules of every kind)

    assert speed_up_feature_check()
    ours = sys.modules["shibokensupport.feature"]._mod_uses_pyside
    theirs = getattr(ours, ORIGINAL)
    modules = list(sys.modules.values())
    answers = [ours(m) for m in modules]
    assert answers == [theirs(m) for m in modules]
    assert any(answers) and not all(answers)  # Qt's users and the rest both seen
