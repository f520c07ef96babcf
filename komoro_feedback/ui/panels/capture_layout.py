"""How the capture page is laid out (kept apart from what it does)."""

from __future__ import annotations

import itertools
from typing import TYPE_CHECKING, cast

from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from komoro_feedback.domain.comment import Meeting
from komoro_feedback.i18n.formatting import DateStyle, format_datetime, format_number
from komoro_feedback.i18n.translation import _

from komoro_feedback.ui.accessibility import name_from_label

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


def label(page: CapturePanel) -> None:
    """Every text of the page in the current language, and the accessible names from them."""
    page.back_button.setText(_("← 会議一覧 (Alt+←)"))
    page.form.retranslate()
    page.save_button.setText(_("保存 (Ctrl+Enter)"))
    page.save_button.setToolTip(_("保存してすぐ確定し、次の発言者のために入力欄を空にします"))
    page.withdraw_button.setText(_("直前の記録を取り消す… (Ctrl+Shift+Backspace)"))
    page.withdraw_button.setToolTip(
        _("この会議の最新の記録を取り消します（確認あり。意見一覧の削除済みから復元できます）")
    )
    page.recent_label.setText(_("この会議の記録（新しい順、Alt+L・Enterで修正）"))
    page.ward_label.setText(_("区 (Alt+W)"))
    page.policy_label.setText(_("政策（複数可、最初が主） (Alt+P)"))
    page.ward_picker.retranslate()
    page.policy_picker.retranslate()
    page.recent_list.retranslate()
    page.banner.retranslate()
    page.suggestion_bar.retranslate()
    page.ward_keys.retranslate()
    for text_label, widget in (
        (page.ward_label, page.ward_picker.filter_edit),
        (page.policy_label, page.policy_picker.filter_edit),
        (page.recent_label, page.recent_list),
    ):
        widget.setAccessibleName(name_from_label(text_label.text()))


def header_text(m: Meeting, date_style: str) -> str:
    """The meeting on one line (the kind is in the meetings list; the form keeps the room)."""
    parts = [m.title, format_datetime(m.held_at, cast(DateStyle, date_style))]
    if m.venue:
        parts.append(m.venue)
    parts.append(_("記録 {n}件").format(n=format_number(m.comment_count)))
    if m.closed:
        parts.append(_("【終了】"))
    return "　".join(parts)
