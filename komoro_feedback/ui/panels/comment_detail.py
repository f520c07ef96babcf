"""The detail pane beside the comments table: edit one comment, see its history, or bulk-edit."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QStandardItemModel
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from komoro_feedback.config import UserSettings
from komoro_feedback.domain.catalog import Department, District, Programme
from komoro_feedback.domain.comment import Comment
from komoro_feedback.domain.enums import CommentKind, Status
from komoro_feedback.domain.errors import ConflictError, KomoroError
from komoro_feedback.domain.roles import Action
from komoro_feedback.i18n.formatting import DateStyle, format_date
from komoro_feedback.i18n.translation import N_, _
from komoro_feedback.services.container import Services

from komoro_feedback.ui.panels.comment_detail_changes import DetailValues, save_changes
from komoro_feedback.ui.panels.comment_detail_layout import lay_out
from komoro_feedback.ui.shortcuts import SECTION_COMMENTS, bind
from komoro_feedback.ui.widgets.bulk_edit_box import BulkEditBox
from komoro_feedback.ui.widgets.comment_history_view import CommentHistoryView
from komoro_feedback.ui.widgets.period_picker import OptionalDateEdit
from komoro_feedback.ui.widgets.policy_list_editor import PolicyListEditor
from komoro_feedback.ui.widgets.public_wording_box import PublicWordingBox
from komoro_feedback.ui.widgets.similar_comments import SimilarCommentsWidget
from komoro_feedback.ui.widgets.speaker_reveal import SpeakerRevealRow
from komoro_feedback.ui.widgets.suggestion_bar import SuggestionBar

_BANNER_STYLES = {
    "ok": "background:#e6f4ea;color:#14532d;border:1px solid #9bd3ad;",
    "error": "background:#fdecea;color:#8a1c14;border:2px solid #d93025;font-weight:bold;",
}
EMPTY_PAGE, DETAIL_PAGE, BULK_PAGE = 0, 1, 2


class CommentDetailPane(QWidget):
    """Saves through the comment service with the version the user saw; never overwrites."""

    #: A comment as saved (after an edit, a delete or a restore).
    saved = Signal(object)
    #: Ids changed by a bulk action.
    bulk_applied = Signal(list)
    # Made by comment_detail_layout.lay_out.
    form: QFormLayout
    form_labels: list[tuple[QWidget, str]]
    due_label: QLabel
    tabs: QTabWidget

    def __init__(
        self, services: Services, settings: UserSettings, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.services = services
        self.settings = settings
        self._comment: Comment | None = None
        self._ward_names: dict[int, str] = {}
        self._department_names: dict[int, str] = {}
        self.stack = QStackedWidget()
        self.empty_label = QLabel()
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setWordWrap(True)
        self.bulk = BulkEditBox(services.comments)
        self.bulk.applied.connect(self.bulk_applied)
        self.stack.addWidget(self.empty_label)
        self.stack.addWidget(self._build_detail())
        self.stack.addWidget(self.bulk)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)
        bind(
            self, QKeySequence.StandardKey.Save, self.save, SECTION_COMMENTS, N_("詳細の変更を保存")
        )
        self.retranslate()

    # --- building -------------------------------------------------------------------------
    def _build_detail(self) -> QWidget:
        self.heading = QLabel()
        self.heading.setObjectName("detail_heading")
        self.heading.setWordWrap(True)
        self.banner = QLabel()
        self.banner.setObjectName("detail_banner")
        self.banner.setWordWrap(True)
        self.banner.hide()
        self.reload_button = QPushButton()
        self.reload_button.setObjectName("detail_reload")
        self.reload_button.hide()
        self.reload_button.clicked.connect(self.reload)
        self.text = QPlainTextEdit()
        self.text.setObjectName("detail_text")
        self.text.setTabChangesFocus(True)
        self.text.setMinimumHeight(70)
        self.ward = QComboBox()
        self.ward.setObjectName("detail_ward")
        self.policies = PolicyListEditor()
        self.kind = QComboBox()
        self.kind.setObjectName("detail_kind")
        for k in CommentKind:
            self.kind.addItem("", k)
        self.status = QComboBox()
        self.status.setObjectName("detail_status")
        for s in Status:
            self.status.addItem("", s)
        self.department = QComboBox()
        self.department.setObjectName("detail_department")
        self.due = OptionalDateEdit()
        self.due.setObjectName("detail_due")
        self.answer = QPlainTextEdit()
        self.answer.setObjectName("detail_answer")
        self.answer.setTabChangesFocus(True)
        self.answer.setMinimumHeight(60)
        self.answered_on = OptionalDateEdit()
        self.answered_on.setObjectName("detail_answered_on")
        self.speaker_row = SpeakerRevealRow(self.services, self._report)
        self.speaker_button = self.speaker_row.button
        self.speaker_reason = self.speaker_row.reason
        self.speaker = self.speaker_row.shown
        self.public = PublicWordingBox(self.services.publish)

        # Policy suggestions for the text (Alt+1..3) and similar comments to link (issue 6).
        self.suggestion_bar = SuggestionBar(self.services, self)
        self.suggestion_bar.attach(self.text, self.policies.add)
        self.similar_comments = SimilarCommentsWidget(self.services, self)
        self.similar_comments.set_answer_source(self.answer.toPlainText)
        self.similar_comments.group_answered.connect(lambda _done: self.reload())
        self.history = CommentHistoryView()
        self.save_button = QPushButton()
        self.save_button.setObjectName("detail_save")
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)
        self.revert_button = QPushButton()
        self.revert_button.clicked.connect(lambda: self._fill(self._comment))
        self.delete_button = QPushButton()
        self.delete_button.setObjectName("detail_delete")
        self.delete_button.clicked.connect(self.delete)
        self.restore_button = QPushButton()
        self.restore_button.setObjectName("detail_restore")
        self.restore_button.clicked.connect(self.restore)
        return lay_out(self)

    def set_catalog(
        self, programmes: list[Programme], districts: list[District], departments: list[Department]
    ) -> None:
        """The choices of the ward, policy and department fields (merged wards included)."""
        self._ward_names = {w.id: w.name for d in districts for w in d.wards}
        self._department_names = {d.id: d.name for d in departments}
        self.policies.set_programme(programmes)
        self.ward.clear()
        self.ward.addItem(_("市全域（区の指定なし）"), None)
        model = self.ward.model()
        for d in districts:
            self.ward.addItem(f"― {d.name} ―", "district")
            if isinstance(model, QStandardItemModel):
                item = model.item(self.ward.count() - 1)
                item.setFlags(
                    item.flags() & ~Qt.ItemFlag.ItemIsSelectable & ~Qt.ItemFlag.ItemIsEnabled
                )
            for w in d.wards:
                merged = _("（統合済）") if not w.active else ""
                self.ward.addItem(f"  {w.name}{merged}", w.id)
        self.department.clear()
        self.department.addItem(_("（未割当）"), None)
        for dep in departments:
            self.department.addItem(dep.name if dep.active else dep.name + _("（廃止）"), dep.id)
        self.bulk.set_departments([d for d in departments if d.active])

    # --- what is shown --------------------------------------------------------------------
    def comment(self) -> Comment | None:
        return self._comment

    def show_comment(self, comment_id: str | None) -> None:
        """Load the latest saved state of a comment (None: nothing selected)."""
        self._hide_banner()
        if comment_id is None:
            self._comment = None
            self.stack.setCurrentIndex(EMPTY_PAGE)
            return
        try:
            c = self.services.comments.get(comment_id)
        except KomoroError as exc:
            self._comment = None
            self.stack.setCurrentIndex(EMPTY_PAGE)
            self.empty_label.setText(str(exc))
            return
        self._show(c)

    def show_selection(self, ids: list[str]) -> None:
        """Several rows selected: offer the bulk changes."""
        self._comment = None
        self.bulk.set_ids(ids)
        self.bulk.set_allowed(self.services.access.why_not(Action.ROUTE))
        self.stack.setCurrentIndex(BULK_PAGE)

    def reload(self) -> None:
        if self._comment is not None:
            self.show_comment(self._comment.id)

    def _show(self, c: Comment) -> None:
        self._comment = c
        self._fill(c)
        self.public.show_for(c.id)
        self.similar_comments.show_for(c)
        self.history.show_history(self.services.comments.history(c.id), self._name_of)
        self.stack.setCurrentIndex(DETAIL_PAGE)

    def _fill(self, c: Comment | None) -> None:
        if c is None:
            return
        self.heading.setText(self._heading(c))
        self.text.setPlainText(c.text)
        self._select(self.ward, c.ward_id)
        self.policies.set_ids(c.policy_ids)
        self._select(self.kind, c.kind)
        self._select(self.status, c.status)
        self._select(self.department, c.department_id)
        self.due.set_value(c.due_on)
        self.answer.setPlainText(c.answer)
        self.answered_on.set_value(c.answered_on)
        self.delete_button.setVisible(not c.deleted)
        self.restore_button.setVisible(c.deleted)
        self.apply_permissions(c)

    def apply_permissions(self, c: Comment) -> None:
        """What the signed-in role may not do is greyed out, with the reason as the tooltip."""
        access = self.services.access
        self.speaker_row.show_for(c.id, has_speaker=c.has_speaker)
        for button in (self.delete_button, self.restore_button):
            button.setEnabled(access.can(Action.DELETE))
            button.setToolTip(access.why_not(Action.DELETE))
        edit_text, route = access.can(Action.EDIT_TEXT), access.can(Action.ROUTE)
        for widget in (self.text, self.ward, self.policies, self.kind):
            widget.setEnabled(edit_text and not c.deleted)
            widget.setToolTip(access.why_not(Action.EDIT_TEXT))
        # The public wording of an answered item is part of answering it.
        for widget in (
            self.status,
            self.department,
            self.answer,
            self.answered_on,
            self.due,
            self.public,
        ):
            widget.setEnabled(route and not c.deleted)
            widget.setToolTip(access.why_not(Action.ROUTE))
        self.save_button.setEnabled((edit_text or route) and not c.deleted)

    def _heading(self, c: Comment) -> str:
        """Two lines: which comment, then who recorded it (a name never breaks mid-line)."""
        where = c.meeting_title or _(c.channel.label)
        text = _("No.{seq}　{date}　{where}").format(
            seq=c.seq, date=format_date(c.received_on, _style(self.settings)), where=where
        )
        recorder = _("記録: {who}").format(who=c.created_by)
        return (_("［削除済］") + text if c.deleted else text) + "\n" + recorder

    @staticmethod
    def _select(combo: QComboBox, value: object) -> None:
        i = combo.findData(value)
        combo.setCurrentIndex(i if i >= 0 else 0)

    def _name_of(self, field: str, raw: str) -> str:
        if field == "ward_id" and raw.isdigit():
            return self._ward_names.get(int(raw), raw)
        if field == "department_id" and raw.isdigit():
            return self._department_names.get(int(raw), raw)
        return raw

    # --- saving ---------------------------------------------------------------------------
    def save(self) -> bool:
        """Save what changed, based on the version shown; refuse if someone changed it since."""
        c = self._comment
        if c is None or self.stack.currentIndex() != DETAIL_PAGE:
            return False
        try:
            saved = self._apply(c)
            self.public.save()
        except ConflictError as exc:
            self._show_banner(str(exc), "error", offer_reload=True)
            return False
        except KomoroError as exc:
            self._show_banner(str(exc), "error")
            return False
        self._show(saved)
        self._show_banner(_("保存しました。"), "ok")
        self.saved.emit(saved)
        return True

    def _apply(self, c: Comment) -> Comment:
        ward_id = self.ward.currentData()
        department = self.department.currentData()
        values = DetailValues(
            text=self.text.toPlainText(),
            ward_id=ward_id if isinstance(ward_id, int) else None,
            policy_ids=self.policies.ids(),
            kind=CommentKind(self.kind.currentData()),
            due_on=self.due.value(),
            department_id=department if isinstance(department, int) else None,
            status=Status(self.status.currentData()),  # Qt hands StrEnum data back as str
            answer=self.answer.toPlainText(),
            answered_on=self.answered_on.value(),
        )
        return save_changes(self.services.comments, c, values)

    def delete(self) -> None:
        """Soft delete: hidden from lists, recoverable with 復元."""
        c = self._comment
        if c is None:
            return
        try:
            self.services.comments.delete(c.id, c.version)
            restored = self.services.comments.get(c.id)
        except ConflictError as exc:
            self._show_banner(str(exc), "error", offer_reload=True)
            return
        except KomoroError as exc:
            self._show_banner(str(exc), "error")
            return
        self._show(restored)
        self._show_banner(_("削除しました。「復元」で元に戻せます。"), "ok")
        self.saved.emit(restored)

    def restore(self) -> None:
        c = self._comment
        if c is None:
            return
        try:
            restored = self.services.comments.restore(c.id)
        except KomoroError as exc:
            self._show_banner(str(exc), "error")
            return
        self._show(restored)
        self._show_banner(_("復元しました。"), "ok")
        self.saved.emit(restored)

    # --- messages -------------------------------------------------------------------------
    def _show_banner(self, text: str, level: str, *, offer_reload: bool = False) -> None:
        self.banner.setStyleSheet(f"QLabel {{{_BANNER_STYLES[level]} padding:4px 8px;}}")
        self.banner.setText(text)
        self.banner.show()
        self.reload_button.setVisible(offer_reload)

    def _report(self, text: str, level: str) -> None:
        if text:
            self._show_banner(text, level)
        else:
            self._hide_banner()

    def _hide_banner(self) -> None:
        self.banner.hide()
        self.banner.clear()
        self.reload_button.hide()

    def retranslate(self) -> None:
        self.empty_label.setText(_("一覧で意見を選ぶと、ここに詳細が表示されます。"))
        for label, msgid in self.form_labels:
            if isinstance(label, QLabel):
                label.setText(_(msgid))
        self.due_label.setText(_("期限"))
        self.tabs.setTabText(0, _("内容"))
        self.tabs.setTabText(1, _("履歴"))
        self.reload_button.setText(_("最新の内容を読み込む"))
        self.speaker_row.retranslate()
        self.save_button.setText(_("保存 (Ctrl+S)"))
        self.revert_button.setText(_("編集を取り消す"))
        self.delete_button.setText(_("削除"))
        self.restore_button.setText(_("復元"))
        for i, k in enumerate(CommentKind):
            self.kind.setItemText(i, _(k.label))
        for i, s in enumerate(Status):
            self.status.setItemText(i, _(s.label))
        self.due.retranslate()
        self.answered_on.retranslate()
        self.policies.retranslate()
        self.history.retranslate()
        self.public.retranslate()
        self.bulk.retranslate()
        if self._comment is not None:
            self.heading.setText(self._heading(self._comment))


def _style(settings: UserSettings) -> DateStyle:
    return "era" if settings.date_style == "era" else "western"
