"""How the detail pane is laid out (kept apart from what it does)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

if TYPE_CHECKING:
    from komoro_feedback.ui.panels.comment_detail import CommentDetailPane


def lay_out(pane: CommentDetailPane) -> QWidget:
    """Heading, banner, the form and history as tabs, and the buttons; returns the page."""
    pane.form = QFormLayout()
    pane.form_labels = []
    dates = QHBoxLayout()
    dates.addWidget(pane.answered_on)
    pane.due_label = QLabel()
    dates.addWidget(pane.due_label)
    dates.addWidget(pane.due)
    for msgid, widget in (
        ("本文", pane.text),
        ("区", pane.ward),
        ("政策", pane.policies),
        ("種別", pane.kind),
        ("状況", pane.status),
        ("担当課", pane.department),
        ("回答", pane.answer),
        ("回答日", dates),
        ("個人情報", pane.speaker_row),
        ("公開用の文面", pane.public),
    ):
        label = QLabel()
        pane.form_labels.append((label, msgid))
        pane.form.addRow(label, widget)
    pane.form.addRow(pane.suggestion_bar)
    pane.form.addRow(pane.similar_comments)
    form_host = QWidget()
    form_host.setLayout(pane.form)
    scroll = QScrollArea()
    scroll.setWidgetResizable(True)
    scroll.setWidget(form_host)
    pane.tabs = QTabWidget()
    pane.tabs.addTab(scroll, "")
    pane.tabs.addTab(pane.history, "")

    buttons = QHBoxLayout()
    buttons.addWidget(pane.save_button)
    buttons.addWidget(pane.revert_button)
    buttons.addStretch(1)
    buttons.addWidget(pane.delete_button)
    buttons.addWidget(pane.restore_button)
    banner_row = QHBoxLayout()
    banner_row.addWidget(pane.banner, 1)
    banner_row.addWidget(pane.reload_button)

    page = QWidget()
    layout = QVBoxLayout(page)
    layout.setContentsMargins(4, 0, 0, 0)
    layout.addWidget(pane.heading)
    layout.addLayout(banner_row)
    layout.addWidget(pane.tabs, 1)
    layout.addLayout(buttons)
    return page
