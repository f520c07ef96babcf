"""What must not be saved from the capture form, and the message that says why."""

from __future__ import annotations

from typing import TYPE_CHECKING

from komoro_feedback.domain.comment import CommentDraft
from komoro_feedback.domain.errors import KomoroError
from komoro_feedback.i18n.translation import _

if TYPE_CHECKING:
    from komoro_feedback.ui.panels.capture_panel import CapturePanel


def ready_to_save(page: CapturePanel) -> bool:
    """Refuse (and say why) what must not be saved: a conversion, a guess, no ward."""
    if page.form.composing():
        page.banner.show_message(
            _("変換中の文字があります。確定してから保存してください。"), "error"
        )
        return False
    if pending_filter(page):
        return False
    try:
        CommentDraft(text=page.text_edit.toPlainText(), meeting_id=0).validated()
    except KomoroError as exc:
        page.banner.show_message(_("保存できませんでした: {reason}").format(reason=exc), "error")
        page.text_edit.setFocus()
        return False
    if not page.ward_picker.has_choice():
        page.banner.show_message(
            _(
                "区が選ばれていません。区を選ぶ (Alt+W) か、市全域にする (Alt+C) か、"
                "前と同じ区にして (Alt+R) から保存してください。"
            ),
            "error",
        )
        page.ward_picker.filter_edit.setFocus()
        return False
    return True


def pending_filter(page: CapturePanel) -> bool:
    """Typed into a picker but not chosen with Enter: say so rather than save a guess."""
    for edit, message in (
        (
            page.ward_picker.filter_edit,
            _("区の欄に「{text}」が残っています。Enterで決定するか、Escで消してください。"),
        ),
        (
            page.policy_picker.filter_edit,
            _("政策の欄に「{text}」が残っています。Enterで追加するか、Escで消してください。"),
        ),
    ):
        if edit.text().strip():
            page.banner.show_message(message.format(text=edit.text().strip()), "error")
            edit.setFocus()
            return True
    return False
