"""Capture mode: type each speaker's comment, tag ward and policies, Ctrl+Enter, next speaker."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from typing import cast

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from komoro_feedback.config import UserSettings
from komoro_feedback.domain.comment import (
    Comment,
    CommentDraft,
    Meeting,
)
from komoro_feedback.domain.errors import KomoroError
from komoro_feedback.domain.query import CommentFilter, CommentQuery, SortKey
from komoro_feedback.i18n.formatting import DateStyle, format_datetime, format_number
from komoro_feedback.i18n.translation import _
from komoro_feedback.services.container import Services

from komoro_feedback.ui.dialogs.comment_edit_dialog import CommentEditDialog
from komoro_feedback.ui.widgets.policy_picker import PolicyPicker
from komoro_feedback.ui.widgets.recent_entries import RecentEntriesList
from komoro_feedback.ui.widgets.similar_comments import SimilarCommentsWidget
from komoro_feedback.ui.widgets.speaker_form import SpeakerForm
from komoro_feedback.ui.widgets.status_banner import StatusBanner
from komoro_feedback.ui.widgets.suggestion_bar import SuggestionBar
from komoro_feedback.ui.widgets.ward_picker import WardPicker

RECENT_LIMIT = 50


class CapturePanel(QWidget):
    """The recording form of one meeting; every save is committed at once.

    For the suggestion feature: `text_edit`, `policy_picker` (`add_policy(policy_id)`),
    the empty `suggestion_area` layout under the policy picker, the `saved(Comment)` signal,
    and `suggestion_accepted` (passed into the next saved draft, then reset to None) or
    `suggestion_accepted_source` (a callable asked at each save).
    """

    saved = Signal(object)
    back_requested = Signal()

    def __init__(
        self, services: Services, settings: UserSettings, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.services = services
        self.settings = settings
        self.suggestion_accepted: bool | None = None
        #: If set, asked at each save instead of reading `suggestion_accepted`.
        self.suggestion_accepted_source: Callable[[], bool | None] | None = None
        self._meeting: Meeting | None = None
        self._catalog_loaded = False
        self._covered: tuple[int, ...] = ()
        self._build()
        self._connect()
        self.retranslate()

    # --- construction -----------------------------------------------------------------------
    def _build(self) -> None:
        self.header_label = QLabel(self)
        self.header_label.setObjectName("captureHeader")
        self.header_label.setWordWrap(True)
        font = self.header_label.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.header_label.setFont(font)
        self.back_button = QPushButton(self)
        self.banner = StatusBanner(self)
        self.form = SpeakerForm(self)
        # The form's fields, by the names the shortcuts, tests and the suggestion feature use.
        f = self.form
        self.text_edit, self.count_label = f.text_edit, f.count_label
        self.kind_combo, self.age_combo, self.gender_combo = (
            f.kind_combo,
            f.age_combo,
            f.gender_combo,
        )
        self.needs_answer_check, self.spot_answer_edit = f.needs_answer_check, f.spot_answer_edit
        self.speaker_toggle = f.speaker_toggle
        self.speaker_name_edit, self.speaker_contact_edit = (
            f.speaker_name_edit,
            f.speaker_contact_edit,
        )
        self.save_button = QPushButton(self)
        self.save_button.setObjectName("saveButton")
        self.save_button.setDefault(False)
        self.undo_button = QPushButton(self)
        self.recent_label = QLabel(self)
        self.recent_list = RecentEntriesList(self)
        self.ward_label = QLabel(self)
        self.ward_picker = WardPicker(self)
        self.policy_label = QLabel(self)
        self.policy_picker = PolicyPicker(self)
        #: Filled by the policy-suggestion feature; empty by default.
        self.suggestion_area = QHBoxLayout()
        self.suggestion_area.setContentsMargins(0, 0, 0, 0)
        # Policy suggestions (Alt+1..3) and, after a save, possible duplicates (issue 6).
        self.suggestion_bar = SuggestionBar(self.services, self)
        self.similar_comments = SimilarCommentsWidget(self.services, self)
        suggestion_column = QVBoxLayout()
        for widget in (self.suggestion_bar, self.similar_comments):
            # Long policy titles must not widen the window past 1366 px (large text, English).
            widget.setSizePolicy(QSizePolicy.Policy.Ignored, widget.sizePolicy().verticalPolicy())
            suggestion_column.addWidget(widget)
        self.suggestion_area.addLayout(suggestion_column)

        top = QHBoxLayout()
        top.addWidget(self.header_label, 1)
        top.addWidget(self.back_button)
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.undo_button)
        buttons.addStretch(1)
        left = QVBoxLayout()
        left.addWidget(self.form, 3)
        left.addLayout(buttons)
        left.addWidget(self.recent_label)
        left.addWidget(self.recent_list, 4)
        right = QVBoxLayout()
        right.addWidget(self.ward_label)
        right.addWidget(self.ward_picker, 2)
        right.addWidget(self.policy_label)
        right.addWidget(self.policy_picker, 3)
        right.addLayout(self.suggestion_area)
        body = QHBoxLayout()
        body.addLayout(left, 11)
        body.addLayout(right, 9)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(8, 6, 8, 6)
        outer.addLayout(top)
        outer.addWidget(self.banner)
        outer.addLayout(body, 1)
        order = [
            self.text_edit,
            self.ward_picker.filter_edit,
            self.policy_picker.filter_edit,
            self.kind_combo,
            self.age_combo,
            self.gender_combo,
            self.needs_answer_check,
            self.spot_answer_edit,
            self.speaker_toggle,
            self.speaker_name_edit,
            self.speaker_contact_edit,
            self.save_button,
            self.undo_button,
            self.recent_list,
            self.back_button,
        ]
        for first, second in itertools.pairwise(order):
            QWidget.setTabOrder(first, second)

    def _connect(self) -> None:
        shortcuts = {
            "Ctrl+Return": self.save,
            "Ctrl+Enter": self.save,
            "Alt+T": self.text_edit.setFocus,
            "Alt+W": self.ward_picker.filter_edit.setFocus,
            "Alt+P": self.policy_picker.filter_edit.setFocus,
            "Alt+K": self._focus_kind,
            "Alt+Y": self.age_combo.setFocus,
            "Alt+G": self.gender_combo.setFocus,
            "Alt+N": self.needs_answer_check.toggle,
            "Alt+A": self.spot_answer_edit.setFocus,
            "Alt+S": self.form.toggle_speaker,
            "Alt+L": self.recent_list.setFocus,
            "Ctrl+Z": self.undo_last,
            "Alt+Left": self._on_back,
        }
        for keys, slot in shortcuts.items():
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)
        self.save_button.clicked.connect(self.save)
        self.undo_button.clicked.connect(self.undo_last)
        self.back_button.clicked.connect(self._on_back)
        self.text_edit.installEventFilter(self)
        self.ward_picker.ward_chosen.connect(self._on_ward_chosen)
        self.recent_list.itemActivated.connect(self._on_recent_activated)
        self.suggestion_bar.attach(self.text_edit, self.policy_picker.add_policy)
        self.suggestion_bar.suggestions_shown.connect(self._on_suggestion_state)
        self.suggestion_bar.policy_chosen.connect(self._on_suggestion_state)
        self.saved.connect(self._on_saved_for_suggestions)

    # --- public API -------------------------------------------------------------------------
    def open_meeting(self, meeting_id: int) -> None:
        """Start (or continue) recording for a meeting; keeps ward and policies as they are."""
        self._meeting = self.services.meetings.get(meeting_id)
        self._load_catalog()
        self._show_header()
        self._reload_recent()
        if self._meeting.closed:
            self.banner.show_message(
                _("この会議は終了しています。記録するには会議一覧で「再開」してください。"), "error"
            )
        else:
            self.banner.show_message(self._idle_hint(), "info")
        self.text_edit.setFocus()
        # Opened from a dialog: Qt gives focus back to where it was when the dialog closes.
        QTimer.singleShot(0, self.text_edit.setFocus)

    def meeting(self) -> Meeting | None:
        return self._meeting

    def refresh(self) -> None:
        """Reload the catalog (wards may have changed) and this meeting's entries."""
        self._catalog_loaded = False
        if self._meeting is not None:
            self.open_meeting(self._meeting.id)

    def save(self) -> Comment | None:
        """Record the form as one comment; on failure keep everything and say why."""
        if self._meeting is None or self._pending_filter():
            return None
        try:
            comment = self.services.comments.record(self._draft(self._meeting.id))
        except KomoroError as exc:
            message = _("保存できませんでした: {reason}").format(reason=exc)
            self.banner.show_message(message, "error")
            return None
        self._clear_for_next_speaker()
        self._reload_recent()
        self.banner.show_message(
            _("保存しました（No.{seq}、{ward}）。次の発言をどうぞ。").format(
                seq=comment.seq, ward=comment.ward_name or _("市全域")
            ),
            "ok",
        )
        self.saved.emit(comment)
        return comment

    def undo_last(self) -> bool:
        """Soft-delete the newest entry of this meeting; its text comes back if the box is empty."""
        entries = self.recent_list.comments()
        if not entries:
            self.banner.show_message(_("取り消す記録がありません。"), "info")
            return False
        last = entries[0]
        try:
            current = self.services.comments.get(last.id)
            self.services.comments.delete(current.id, current.version)
        except KomoroError as exc:
            self.banner.show_message(
                _("取り消しできませんでした: {reason}").format(reason=exc), "error"
            )
            return False
        restored = not self.text_edit.toPlainText().strip()
        if restored:
            self.form.restore(current)
            self.ward_picker.set_ward_id(current.ward_id)
            self.policy_picker.set_policy_ids(current.policy_ids)
        self._reload_recent()
        message = (
            _("直前の記録（No.{seq}）を取り消しました。本文を入力欄に戻しました。")
            if restored
            else _("直前の記録（No.{seq}）を取り消しました。")
        )
        self.banner.show_message(message.format(seq=current.seq), "ok")
        self.text_edit.setFocus()
        return True

    def edit_entry(self, comment_id: str) -> CommentEditDialog | None:
        """Open a (window-modal, non-blocking) edit of one of this meeting's entries."""
        try:
            comment = self.services.comments.get(comment_id)
        except KomoroError as exc:
            self.banner.show_message(str(exc), "error")
            return None
        dialog = CommentEditDialog(
            self.services,
            comment,
            self.services.catalog.programme(),
            self.services.catalog.districts(),
            self,
        )
        dialog.accepted.connect(self._on_edit_accepted)
        dialog.open()
        return dialog

    def retranslate(self) -> None:
        self.back_button.setText(_("← 会議一覧 (Alt+←)"))
        self.form.retranslate()
        self.save_button.setText(_("保存 (Ctrl+Enter)"))
        self.save_button.setToolTip(_("保存してすぐ確定し、次の発言者のために本文を空にします"))
        self.undo_button.setText(_("直前の記録を取り消す (Ctrl+Z)"))
        self.undo_button.setToolTip(_("本文が空のときは Ctrl+Z でも取り消せます"))
        self.recent_label.setText(_("この会議の記録（新しい順、Alt+L・Enterで修正）"))
        self.ward_label.setText(_("区 (Alt+W)"))
        self.policy_label.setText(_("政策（複数可、最初が主） (Alt+P)"))
        self.ward_picker.retranslate()
        self.policy_picker.retranslate()
        self.recent_list.retranslate()
        self.banner.retranslate()
        if self._meeting is not None and self.banner.level == "info":
            self.banner.show_message(self._idle_hint(), "info")
        if self._meeting is not None:
            self._show_header()

    # --- behaviour --------------------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # The text box owns Ctrl+Z for its own typing; once it is empty, Ctrl+Z undoes the entry.
        if (
            watched is self.text_edit
            and event.type() in (QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress)
            and isinstance(event, QKeyEvent)
            and event.matches(QKeySequence.StandardKey.Undo)
            and not self.text_edit.toPlainText()
        ):
            if event.type() == QEvent.Type.KeyPress:
                self.undo_last()
            event.accept()
            return True
        return super().eventFilter(watched, event)

    def _draft(self, meeting_id: int) -> CommentDraft:
        source = self.suggestion_accepted_source
        return self.form.draft(
            meeting_id=meeting_id,
            ward_id=self.ward_picker.ward_id(),
            policy_ids=self.policy_picker.policy_ids(),
            suggestion_accepted=self.suggestion_accepted if source is None else source(),
        )

    def _pending_filter(self) -> bool:
        """Typed into a picker but not chosen with Enter: say so rather than save a guess."""
        for edit, message in (
            (
                self.ward_picker.filter_edit,
                _("区の欄に「{text}」が残っています。Enterで決定するか、Escで消してください。"),
            ),
            (
                self.policy_picker.filter_edit,
                _("政策の欄に「{text}」が残っています。Enterで追加するか、Escで消してください。"),
            ),
        ):
            if edit.text().strip():
                self.banner.show_message(message.format(text=edit.text().strip()), "error")
                edit.setFocus()
                return True
        return False

    def _clear_for_next_speaker(self) -> None:
        """Empty what belongs to one speaker; meeting, ward and policies stay."""
        self.form.clear_for_next_speaker()
        self.suggestion_accepted = None
        self.text_edit.setFocus()

    def _load_catalog(self) -> None:
        covered = self._meeting.district_ids if self._meeting else ()
        if self._catalog_loaded and covered == self._covered:
            return
        # The districts this meeting covers come first: their wards are the likely ones.
        districts = self.services.catalog.districts()
        districts.sort(key=lambda d: (d.id not in covered, d.order))
        self._covered = covered
        self.ward_picker.set_districts(districts)
        self.policy_picker.set_programme(self.services.catalog.programme())
        self._catalog_loaded = True

    def _reload_recent(self) -> None:
        if self._meeting is None:
            return
        query = CommentQuery(
            filter=CommentFilter(meeting_ids=(self._meeting.id,)),
            sort=SortKey.RECORDED,
            limit=RECENT_LIMIT,
        )
        try:
            items = list(self.services.queries.page(query).items)
            self._meeting = self.services.meetings.get(self._meeting.id)
        except KomoroError as exc:
            self.banner.show_message(str(exc), "error")
            return
        self.recent_list.set_comments(items)
        self._show_header()

    def _show_header(self) -> None:
        m = self._meeting
        if m is None:
            return
        when = format_datetime(m.held_at, cast(DateStyle, self.settings.date_style))
        parts = [_(m.kind.label), m.title, when]
        if m.venue:
            parts.append(m.venue)
        parts.append(_("記録 {n}件").format(n=format_number(m.comment_count)))
        if m.closed:
            parts.append(_("【終了】"))
        self.header_label.setText("　".join(parts))

    def _idle_hint(self) -> str:
        return _(
            "発言を入力し、区 (Alt+W) と政策 (Alt+P) を選んで Ctrl+Enter で保存します。"
            "保存はすぐに確定します。"
        )

    def _focus_kind(self) -> None:
        self.kind_combo.setFocus()

    def _on_ward_chosen(self, _ward_id: object) -> None:
        self.policy_picker.filter_edit.setFocus()

    def _on_recent_activated(self, *_args: object) -> None:
        comment_id = self.recent_list.current_comment_id()
        if comment_id is not None:
            self.edit_entry(comment_id)

    def _on_suggestion_state(self, *_args: object) -> None:
        self.suggestion_accepted = self.suggestion_bar.accepted()

    def _on_saved_for_suggestions(self, comment: Comment) -> None:
        self.services.suggestions.refresh()  # learn this tagging on the next suggestion
        self.similar_comments.show_for(comment)

    def _on_back(self) -> None:
        self.back_requested.emit()

    def _on_edit_accepted(self) -> None:
        self.window().activateWindow()
        self.recent_list.setFocus()
        self._reload_recent()
        self.banner.show_message(_("記録を修正しました。"), "ok")
