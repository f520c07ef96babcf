"""Capture mode: type each speaker's comment, tag ward and policies, Ctrl+Enter, next speaker.

Every speaker starts clean: after a save nothing of the previous comment stays chosen, and
taking the previous ward again is one explicit key (Alt+R). What is typed is kept as a draft
of this meeting while typing (CaptureDraftKeeper), so a crash or a quit loses nothing.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QTimer, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from komoro_feedback.config import UserSettings
from komoro_feedback.domain.comment import Comment, CommentDraft, Meeting
from komoro_feedback.domain.draft import WARD_CITY, WARD_UNSET, CaptureDraft
from komoro_feedback.domain.errors import KomoroError
from komoro_feedback.domain.query import CommentFilter, CommentQuery, SortKey
from komoro_feedback.domain.roles import Action
from komoro_feedback.domain.suggestion import Suggestions
from komoro_feedback.i18n.formatting import format_number
from komoro_feedback.i18n.translation import _
from komoro_feedback.services.container import Services

from komoro_feedback.ui.accessibility import scale_heading
from komoro_feedback.ui.dialogs.comment_edit_dialog import CommentEditDialog
from komoro_feedback.ui.panels.capture_checks import ready_to_save
from komoro_feedback.ui.panels.capture_keys import CaptureKeys
from komoro_feedback.ui.panels.capture_layout import header_text, label, lay_out
from komoro_feedback.ui.panels.capture_withdraw import WithdrawFlow
from komoro_feedback.ui.widgets.draft_keeper import CaptureDraftKeeper
from komoro_feedback.ui.widgets.policy_picker import PolicyPicker
from komoro_feedback.ui.widgets.recent_entries import RecentEntriesList
from komoro_feedback.ui.widgets.similar_comments import SimilarCommentsWidget
from komoro_feedback.ui.widgets.speaker_form import SpeakerForm
from komoro_feedback.ui.widgets.status_banner import StatusBanner
from komoro_feedback.ui.widgets.suggestion_bar import SuggestionBar
from komoro_feedback.ui.widgets.ward_keys import WardKeys
from komoro_feedback.ui.widgets.ward_picker import WardPicker

RECENT_LIMIT = 50


class CapturePanel(QWidget):
    """The recording form of one meeting; every save is committed at once.

    For the suggestion feature: `text_edit`, `policy_picker` (`add_policy(policy_id)`),
    the `suggestion_area` layout under the policy picker, the `saved(Comment)` signal,
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
        self.drafts = CaptureDraftKeeper(services, self.current_draft, self)
        self.withdraw = WithdrawFlow(self)
        self.keys = CaptureKeys(self)
        self._connect()
        self.retranslate()

    # --- construction -----------------------------------------------------------------------
    def _build(self) -> None:
        self.header_label = QLabel(self)
        self.header_label.setObjectName("captureHeader")
        self.header_label.setWordWrap(True)
        scale_heading(self.header_label, self.font(), 1.15)
        self.back_button = QPushButton(self)
        self.banner = StatusBanner(self)
        self.form = SpeakerForm(self)
        f = self.form  # its fields, by the names the shortcuts and tests use
        self.text_edit, self.count_label = f.text_edit, f.count_label
        self.kind_combo, self.age_combo, self.gender_combo = (
            f.kind_combo,
            f.age_combo,
            f.gender_combo,
        )
        self.needs_answer_check, self.spot_answer_edit = f.needs_answer_check, f.spot_answer_edit
        self.speaker_toggle = f.speaker_toggle
        self.speaker_name_edit = f.speaker_name_edit
        self.speaker_contact_edit = f.speaker_contact_edit
        self.save_button = QPushButton(self)
        self.save_button.setObjectName("saveButton")
        self.withdraw_button = QPushButton(self)
        self.recent_label = QLabel(self)
        self.recent_list = RecentEntriesList(self)
        self.recent_label.setBuddy(self.recent_list)
        self.ward_label = QLabel(self)
        self.ward_picker = WardPicker(self)
        self.ward_label.setBuddy(self.ward_picker.filter_edit)
        self.ward_keys = WardKeys(
            self.ward_picker, lambda text: self.banner.show_message(text, "info"), self
        )
        keys = self.ward_keys  # by the names tests and the key table use
        self.same_ward_button, self.city_wide_button = keys.same_button, keys.city_button
        self.place_ward_button = keys.place_button
        self.policy_label = QLabel(self)
        self.policy_picker = PolicyPicker(self)
        self.policy_label.setBuddy(self.policy_picker.filter_edit)
        self.suggestion_area = QHBoxLayout()
        self.suggestion_area.setContentsMargins(0, 0, 0, 0)
        self.suggestion_bar = SuggestionBar(self.services, self)
        self.similar_comments = SimilarCommentsWidget(self.services, self)
        column = QVBoxLayout()
        for widget in (self.suggestion_bar, self.similar_comments):
            # Long titles and new suggestions never widen (or grow) the window.
            widget.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Maximum)
            column.addWidget(widget)
        self.suggestion_area.addLayout(column)
        lay_out(self)

    def _connect(self) -> None:
        self.save_button.clicked.connect(self.save)
        self.withdraw_button.clicked.connect(self.withdraw.start)
        self.back_button.clicked.connect(self.leave)
        self.ward_picker.ward_chosen.connect(self._on_ward_chosen)
        self.recent_list.itemActivated.connect(self._on_recent_activated)
        self.suggestion_bar.attach(self.text_edit, self.policy_picker.add_policy)
        self.suggestion_bar.suggestions_shown.connect(self._on_suggestions_shown)
        self.suggestion_bar.policy_chosen.connect(self._on_suggestion_state)
        self.saved.connect(self._on_saved_for_suggestions)
        self.form.changed.connect(self.drafts.touch)
        self.policy_picker.changed.connect(self.drafts.touch)

    # --- public API -------------------------------------------------------------------------
    def open_meeting(self, meeting_id: int) -> None:
        """Start (or continue) recording a meeting: its own draft comes back, nothing else."""
        # The draft of the meeting being recorded (if any) stays with that meeting.
        switching = self.drafts.meeting_id != meeting_id
        if switching:
            self.drafts.flush()
        try:
            meeting = self.services.meetings.get(meeting_id)
        except KomoroError as exc:
            self.banner.show_message(str(exc), "error")
            return
        self._meeting = meeting
        self.drafts.meeting_id = meeting.id
        self._load_catalog()
        self._show_header()
        self.reload_entries()
        restored = self._restore_draft() if switching else False
        may_record = self.services.access.can(Action.RECORD)
        for widget in (self.form, self.save_button, self.withdraw_button, self.ward_keys):
            widget.setEnabled(may_record)
            widget.setToolTip(self.services.access.why_not(Action.RECORD))
        if not may_record:
            self.banner.show_message(self.services.access.why_not(Action.RECORD), "error")
        elif self._meeting.closed:
            self.banner.show_message(
                _("この会議は終了しています。記録するには会議一覧で「再開」してください。"), "error"
            )
        elif restored:
            self.banner.show_message(
                _(
                    "前回保存されていなかった入力（下書き）を戻しました。確かめてから保存してください。"
                ),
                "info",
            )
        else:
            self.banner.show_message(self._idle_hint(), "info")
        self.text_edit.setFocus()
        # Opened from a dialog: Qt gives focus back to where it was when the dialog closes.
        QTimer.singleShot(0, self.text_edit.setFocus)

    def meeting(self) -> Meeting | None:
        return self._meeting

    def refresh(self) -> None:
        """Reload the catalog (wards may have changed) and this meeting's entries; keeps input."""
        self._catalog_loaded = False
        if self._meeting is not None:
            self._load_catalog()
            self.reload_entries()

    def leave(self) -> None:
        """Back to the meetings list: what is typed stays with this meeting as its draft."""
        had_input = not self.current_draft().empty
        self.drafts.flush()
        self.drafts.meeting_id = None  # the emptied form belongs to no meeting
        self._clear_form()
        self.back_requested.emit()
        if had_input:
            self.banner.show_message(_("入力中の内容はこの会議の下書きとして残しました。"), "info")

    def current_draft(self) -> CaptureDraft:
        """Every field of the form as it is now."""
        ward = WARD_UNSET
        if self.ward_picker.has_choice():
            wid = self.ward_picker.ward_id()
            ward = WARD_CITY if wid is None else str(wid)
        state = self.form.state()
        return CaptureDraft(
            **{
                **{f: getattr(state, f) for f in CaptureDraft.__dataclass_fields__},
                "ward": ward,
                "policy_ids": self.policy_picker.policy_ids(),
            }
        )

    def apply_draft(self, draft: CaptureDraft) -> None:
        """Fill every field from a draft (after a crash, or a withdrawn entry)."""
        self.form.apply(draft)
        if draft.ward == WARD_CITY:
            self.ward_picker.set_ward_id(None)
        elif draft.ward.isdigit():
            self.ward_picker.set_ward_id(int(draft.ward))
        else:
            self.ward_picker.clear_choice()
        self.policy_picker.set_policy_ids(draft.policy_ids)

    def save(self) -> Comment | None:
        """Record the form as one comment; on failure keep everything and say why."""
        if self._meeting is None or not ready_to_save(self):
            return None
        try:
            comment = self.services.comments.record(self._draft(self._meeting.id))
        except KomoroError as exc:
            message = _("保存できませんでした: {reason}").format(reason=exc)
            self.banner.show_message(message, "error")
            return None
        self.ward_keys.set_previous(True, comment.ward_id)
        self._clear_form()
        self.drafts.discard()
        self.reload_entries()
        number = self._meeting.comment_count if self._meeting else comment.seq
        self.banner.show_message(
            _("保存しました（No.{n}、{ward}）。次の発言をどうぞ。").format(
                n=format_number(number), ward=comment.ward_name or _("市全域")
            ),
            "ok",
        )
        self.saved.emit(comment)
        return comment

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
        dialog.finished.connect(self._on_edit_finished)
        dialog.open()
        return dialog

    def retranslate(self) -> None:
        label(self)
        if self._meeting is not None and self.banner.level == "info":
            self.banner.show_message(self._idle_hint(), "info")
        if self._meeting is not None:
            self._show_header()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange and hasattr(self, "header_label"):
            scale_heading(self.header_label, self.font(), 1.15)

    # --- behaviour --------------------------------------------------------------------------
    def _draft(self, meeting_id: int) -> CommentDraft:
        source = self.suggestion_accepted_source
        return self.form.draft(
            meeting_id=meeting_id,
            ward_id=self.ward_picker.ward_id(),
            policy_ids=self.policy_picker.policy_ids(),
            suggestion_accepted=self.suggestion_accepted if source is None else source(),
        )

    def _clear_form(self) -> None:
        """Empty every field of the last speaker: text, ward, policies, kind, answer, person."""
        with self.drafts.paused():
            self.form.clear_for_next_speaker()
            self.ward_picker.clear_choice()
            self.policy_picker.clear_policies()
            self.policy_picker.filter_edit.clear()
            self.suggestion_bar.reset()
        self.suggestion_accepted = None
        self.ward_keys.set_detected(None)
        self.text_edit.setFocus()

    def _restore_draft(self) -> bool:
        """Put this meeting's kept draft (if any) into the emptied form."""
        self._clear_form()
        draft = self.drafts.load()
        if draft is None or draft.empty:
            return False
        with self.drafts.paused():
            self.apply_draft(draft)
        return True

    def _load_catalog(self) -> None:
        covered = self._meeting.district_ids if self._meeting else ()
        if self._catalog_loaded and covered == self._covered:
            return
        # The districts this meeting covers come first, their wards numbered 1, 2, 3 …
        districts = self.services.catalog.districts()
        districts.sort(key=lambda d: (d.id not in covered, d.order))
        self._covered = covered
        self.ward_picker.set_districts(districts)
        self.ward_picker.set_quick_wards(
            [w.id for d in districts if d.id in covered for w in d.wards]
        )
        programme = self.services.catalog.programme()
        self.policy_picker.set_programme(programme, self.services.catalog.policy_words(programme))
        self._catalog_loaded = True

    def reload_entries(self) -> None:
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
        self.recent_list.set_comments(items, self._meeting.comment_count)
        self.ward_keys.set_previous(bool(items), items[0].ward_id if items else None)
        self._show_header()

    def _show_header(self) -> None:
        if self._meeting is not None:
            self.header_label.setText(header_text(self._meeting, self.settings.date_style))

    def _idle_hint(self) -> str:
        return _("区 (Alt+W) と政策 (Alt+P) を選び Ctrl+Enter で保存。次の発言は空から始まります。")

    def _on_ward_chosen(self, _ward_id: object) -> None:
        self.drafts.touch()
        self.policy_picker.filter_edit.setFocus()

    def _on_recent_activated(self, *_args: object) -> None:
        comment_id = self.recent_list.current_comment_id()
        if comment_id is not None:
            self.edit_entry(comment_id)

    def _on_suggestions_shown(self, result: Suggestions) -> None:
        self._on_suggestion_state()
        wards = result.wards if result is not None else ()
        self.ward_keys.set_detected(wards[0].ward_id if wards else None)
        # A ward in the text is on its Alt+D key; the line is for districts only.
        self.suggestion_bar.places_label.setVisible(bool(result and result.places) and not wards)

    def _on_suggestion_state(self, *_args: object) -> None:
        self.suggestion_accepted = self.suggestion_bar.accepted()

    def _on_saved_for_suggestions(self, comment: Comment) -> None:
        self.services.suggestions.refresh()  # learn this tagging on the next suggestion
        self.similar_comments.show_for(comment)

    def _on_edit_accepted(self) -> None:
        self.reload_entries()
        self.banner.show_message(_("記録を修正しました。"), "ok")

    def _on_edit_finished(self, _code: int) -> None:
        self.focus_text()

    def focus_text(self) -> None:
        """After a dialog (saved or cancelled): the next keystroke belongs to the next speaker."""
        self.window().activateWindow()
        self.text_edit.setFocus()
        QTimer.singleShot(0, self.text_edit.setFocus)
