"""The PySide6 desktop application: the only package that imports Qt."""

import PySide6.QtCore  # noqa: F401  (loads the import hook adjusted below)

from komoro_feedback.ui.import_hook import speed_up_feature_check

speed_up_feature_check()
