"""UI fixtures: the bundled Japanese font registered once, so grabs and sizes are realistic."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication

from komoro_feedback.ui.app import install_fonts


@pytest.fixture(autouse=True, scope="session")
def _bundled_font(qapp: QApplication) -> None:
    install_fonts(qapp)
