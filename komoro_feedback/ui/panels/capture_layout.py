"""How the capture page is laid out (kept apart from what it does)."""

from __future__ import annotations

import itertools
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

if TYPE_CHECKING:
    from komoro_feedback.ui.panels.capture_panel import CapturePanel


def lay_out(page: CapturePanel) -> None:
    """Form, suggestions and this meeting's entries on the left; ward and policies on the right."""
    top = QHBoxLayout()
    top.addWidget(page.header_label, 1)
    top.addWidget(page.back_button)
    buttons = QHBoxLayout()
    buttons.addWidget(page.save_button)
    buttons.addWidget(page.withdraw_button)
    buttons.addStretch(1)
    left = QVBoxLayout()
    left.addWidget(page.form, 3)
    # Suggestions of the text just typed sit under it; the right column keeps its height
    # for the ward and policy lists.
    left.addLayout(page.suggestion_area)
    left.addLayout(buttons)
    left.addWidget(page.recent_label)
    left.addWidget(page.recent_list, 4)
    right = QVBoxLayout()
    right.addWidget(page.ward_label)
    right.addWidget(page.ward_picker, 3)
    right.addWidget(page.ward_keys)
    right.addWidget(page.policy_label)
    right.addWidget(page.policy_picker, 2)
    body = QHBoxLayout()
    body.addLayout(left, 1)
    body.addLayout(right, 1)
    outer = QVBoxLayout(page)
    outer.setContentsMargins(8, 6, 8, 6)
    outer.addLayout(top)
    outer.addWidget(page.banner)
    outer.addLayout(body, 1)
    order = [
        page.text_edit,
        page.ward_picker.filter_edit,
        page.policy_picker.filter_edit,
        page.kind_combo,
        page.age_combo,
        page.gender_combo,
        page.needs_answer_check,
        page.spot_answer_edit,
        page.speaker_toggle,
        page.speaker_name_edit,
        page.speaker_contact_edit,
        page.save_button,
        page.withdraw_button,
        page.recent_list,
        page.back_button,
    ]
    for first, second in itertools.pairwise(order):
        QWidget.setTabOrder(first, second)
