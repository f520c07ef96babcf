"""The capture page's keys: active wherever the focus is on the page, never typed as text."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QShortcut

from komoro_feedback.i18n.translation import N_

from komoro_feedback.ui.shortcuts import SECTION_CAPTURE, bind

if TYPE_CHECKING:
    from komoro_feedback.ui.panels.capture_panel import CapturePanel

#: The key that withdraws the last saved entry (with a confirmation); never plain Ctrl+Z.
WITHDRAW_KEYS = "Ctrl+Shift+Backspace"


class CaptureKeys:
    """Binds every capture command to a key on the page (listed in the shortcut list)."""

    def __init__(self, page: CapturePanel) -> None:
        self.page = page
        f = page.form
        table = (
            ("Ctrl+Return", page.save, N_("保存して次の発言へ")),
            ("Ctrl+Enter", page.save, N_("保存して次の発言へ")),
            ("Alt+T", page.text_edit.setFocus, N_("発言内容へ")),
            ("Alt+W", page.ward_picker.filter_edit.setFocus, N_("区を選ぶ")),
            ("Alt+R", page.ward_keys.use_previous, N_("前の記録と同じ区にする")),
            ("Alt+C", page.ward_keys.use_city_wide, N_("市全域にする")),
            ("Alt+D", page.ward_keys.use_detected, N_("本文中の地名の区にする")),
            ("Alt+P", page.policy_picker.filter_edit.setFocus, N_("政策を選ぶ")),
            ("Alt+M", page.policy_picker.make_selected_primary, N_("選んだ政策を主にする")),
            ("Alt+K", page.kind_combo.setFocus, N_("種別へ")),
            ("Alt+Y", page.age_combo.setFocus, N_("年代へ")),
            ("Alt+G", page.gender_combo.setFocus, N_("性別へ")),
            ("Alt+N", page.needs_answer_check.toggle, N_("回答が必要の切り替え")),
            ("Alt+A", page.spot_answer_edit.setFocus, N_("その場での回答へ")),
            ("Alt+S", f.toggle_speaker, N_("発言者の氏名・連絡先の入力欄を開く・閉じる")),
            ("Alt+L", page.recent_list.setFocus, N_("この会議の記録一覧へ")),
            ("Alt+Left", page.leave, N_("会議一覧へ戻る（入力中の内容は下書きに残る）")),
        )
        self.shortcuts: list[QShortcut] = [
            bind(page, keys, slot, SECTION_CAPTURE, text) for keys, slot, text in table
        ]
