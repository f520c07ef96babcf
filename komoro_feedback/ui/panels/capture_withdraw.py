"""Withdraw the last saved entry of a meeting: its own command, confirmed, never destructive."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QMessageBox, QWidget

from komoro_feedback.domain.comment import Comment
from komoro_feedback.domain.errors import KomoroError
from komoro_feedback.i18n.formatting import format_number
from komoro_feedback.i18n.translation import _

if TYPE_CHECKING:
    from komoro_feedback.ui.panels.capture_panel import CapturePanel

FIRST_WORDS = 20


class WithdrawFlow:
    """Ctrl+Shift+Backspace / 直前の記録を取り消す…: ask, naming the entry, then soft-delete it.

    The withdrawn entry comes back into the form, every field of it (personal data included),
    when the form is empty; when the recorder is typing, what is typed stays and the entry is
    only withdrawn (restorable from the comments list's deleted items).
    """

    def __init__(self, page: CapturePanel) -> None:
        self.page = page
        self.box: QMessageBox | None = None

    def start(self) -> QMessageBox | None:
        """Ask about the newest entry; returns the (non-blocking) question, or None."""
        page = self.page
        entries = page.recent_list.comments()
        if not entries:
            page.banner.show_message(_("取り消す記録がありません。"), "info")
            return None
        last, number = entries[0], page.recent_list.number(0)
        words = last.text.replace("\n", " ")
        if len(words) > FIRST_WORDS:
            words = words[:FIRST_WORDS] + "…"
        typing = not page.current_draft().empty
        text = _("No.{n}「{words}」を取り消しますか？").format(n=format_number(number), words=words)
        text += "\n\n" + (
            _("入力中の内容はそのまま残ります。")
            if typing
            else _("取り消した記録の内容（区・政策・発言者も）を入力欄に戻します。")
        )
        text += "\n" + _("取り消した記録は意見一覧の「削除済み」からいつでも復元できます。")
        box = _question(page, _("直前の記録を取り消す"), text, _("取り消す"))
        box.accepted.connect(lambda: self._withdraw(last, number))
        box.finished.connect(lambda _code: page.focus_text())
        self.box = box
        box.open()
        return box

    def _withdraw(self, entry: Comment, number: int) -> None:
        page = self.page
        try:
            current = page.services.comments.get(entry.id)
            speaker = page.services.comments.undo_record(current.id, current.version)
        except KomoroError as exc:
            page.banner.show_message(
                _("取り消しできませんでした: {reason}").format(reason=exc), "error"
            )
            return
        restored = page.current_draft().empty
        if restored:
            with page.drafts.paused():
                page.form.restore(current, speaker)
                page.ward_picker.set_ward_id(current.ward_id)
                page.policy_picker.set_policy_ids(current.policy_ids)
            page.drafts.touch()
        page.reload_entries()
        message = (
            _("No.{n}を取り消しました。内容を入力欄に戻しました。")
            if restored
            else _("No.{n}を取り消しました。入力中の内容はそのままです。")
        )
        page.banner.show_message(message.format(n=format_number(number)), "ok")
        page.focus_text()


def _question(parent: QWidget, title: str, text: str, accept_text: str) -> QMessageBox:
    """A non-blocking question whose default button does the thing (Esc cancels)."""
    box = QMessageBox(QMessageBox.Icon.Question, title, text, parent=parent)
    yes = box.addButton(accept_text, QMessageBox.ButtonRole.AcceptRole)
    box.addButton(_("キャンセル"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(yes)
    box.setWindowModality(box.windowModality().WindowModal)
    return box
