"""What one speaker said and about whom: the per-comment fields of the capture form."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QInputMethodEvent, QKeyEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from komoro_feedback.domain.comment import MAX_COMMENT_CHARS, Comment, CommentDraft, SpeakerContact
from komoro_feedback.domain.draft import CaptureDraft
from komoro_feedback.domain.enums import CommentKind
from komoro_feedback.i18n.formatting import format_number
from komoro_feedback.i18n.translation import _

from komoro_feedback.ui.widgets.choice_combos import (
    AGE_BANDS,
    GENDERS,
    fill_choice_combo,
    fill_enum_combo,
)

DEFAULT_KIND = CommentKind.OPINION


class SpeakerForm(QWidget):
    """Text (with a live character count), kind, age band, gender, needs-answer flag,
    on-the-spot answer, and name/contact behind an explicit toggle (off by default).

    `changed` is emitted on any edit (the capture page keeps a draft). An Alt+letter that is
    no shortcut is swallowed rather than typed into the citizen's words, and
    `composing()` tells whether an input method is still converting (preedit) in the text.
    """

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._preedit = False
        self.text_label = QLabel(self)
        self.text_label.setWordWrap(True)
        self.count_label = QLabel(self)
        self.count_label.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.text_edit = QPlainTextEdit(self)
        self.text_edit.setObjectName("commentText")
        self.text_edit.setTabChangesFocus(True)
        self.text_edit.setMinimumHeight(90)
        self.kind_label, self.kind_combo = QLabel(self), QComboBox(self)
        self.age_label, self.age_combo = QLabel(self), QComboBox(self)
        self.gender_label, self.gender_combo = QLabel(self), QComboBox(self)
        self.needs_answer_check = QCheckBox(self)
        self.needs_answer_check.setChecked(True)
        self.spot_label = QLabel(self)
        self.spot_answer_edit = QPlainTextEdit(self)
        self.spot_answer_edit.setTabChangesFocus(True)
        self.spot_answer_edit.setFixedHeight(48)
        self.speaker_toggle = QCheckBox(self)
        self.speaker_name_edit = QLineEdit(self)
        self.speaker_contact_edit = QLineEdit(self)
        self._lay_out()
        self.text_label.setBuddy(self.text_edit)
        self.spot_label.setBuddy(self.spot_answer_edit)
        self.speaker_toggle.toggled.connect(self._set_speaker_visible)
        self.text_edit.textChanged.connect(self._update_count)
        for edit in (self.text_edit, self.spot_answer_edit):
            edit.textChanged.connect(self.changed)
            edit.installEventFilter(self)
        for line in (self.speaker_name_edit, self.speaker_contact_edit):
            line.textChanged.connect(self.changed)
            line.installEventFilter(self)
        for combo in (self.kind_combo, self.age_combo, self.gender_combo):
            combo.currentIndexChanged.connect(self.changed)
        self.needs_answer_check.toggled.connect(self.changed)
        self.speaker_toggle.toggled.connect(self.changed)
        self._set_speaker_visible(False)
        self.retranslate()
        self.set_kind(DEFAULT_KIND)

    def _lay_out(self) -> None:
        text_head = QHBoxLayout()
        text_head.addWidget(self.text_label, 1)
        text_head.addWidget(self.count_label)
        # Labels above their boxes: the row stays narrow enough for large text at 1366 px.
        details = QGridLayout()
        details.setVerticalSpacing(1)
        pairs = (
            (self.kind_label, self.kind_combo),
            (self.age_label, self.age_combo),
            (self.gender_label, self.gender_combo),
        )
        for col, (label, combo) in enumerate(pairs):
            label.setBuddy(combo)
            details.addWidget(label, 0, col)
            details.addWidget(combo, 1, col)
        details.setColumnStretch(3, 1)
        spot_head = QHBoxLayout()
        spot_head.addWidget(self.spot_label, 1)
        spot_head.addWidget(self.needs_answer_check)
        speaker = QHBoxLayout()
        speaker.addWidget(self.speaker_toggle)
        speaker.addWidget(self.speaker_name_edit, 1)
        speaker.addWidget(self.speaker_contact_edit, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(text_head)
        layout.addWidget(self.text_edit, 1)
        layout.addLayout(details)
        layout.addLayout(spot_head)
        layout.addWidget(self.spot_answer_edit)
        layout.addLayout(speaker)

    # --- public API -------------------------------------------------------------------------
    def draft(
        self,
        *,
        meeting_id: int,
        ward_id: int | None,
        policy_ids: tuple[int, ...],
        suggestion_accepted: bool | None = None,
    ) -> CommentDraft:
        """The comment as entered (validated by the service when it is recorded)."""
        speaker = None
        if self.speaker_toggle.isChecked():
            contact = SpeakerContact(
                self.speaker_name_edit.text().strip(), self.speaker_contact_edit.text().strip()
            )
            speaker = None if contact.empty else contact
        return CommentDraft(
            text=self.text_edit.toPlainText(),
            kind=CommentKind(self.kind_combo.currentData()),
            ward_id=ward_id,
            policy_ids=policy_ids,
            meeting_id=meeting_id,
            needs_answer=self.needs_answer_check.isChecked(),
            spot_answer=self.spot_answer_edit.toPlainText().strip(),
            age_band=str(self.age_combo.currentData() or ""),
            gender=str(self.gender_combo.currentData() or ""),
            speaker=speaker,
            suggestion_accepted=suggestion_accepted,
        )

    def clear_for_next_speaker(self) -> None:
        """Empty everything that belonged to the last speaker, personal data first."""
        self.text_edit.clear()
        self.spot_answer_edit.clear()
        self.speaker_toggle.setChecked(False)  # also clears name and contact
        self.set_kind(DEFAULT_KIND)
        self.age_combo.setCurrentIndex(0)
        self.gender_combo.setCurrentIndex(0)
        self.needs_answer_check.setChecked(True)

    def restore(self, comment: Comment, speaker: SpeakerContact | None) -> None:
        """Put a withdrawn entry back, every field of it, so nothing typed is lost."""
        self.apply(
            CaptureDraft(
                text=comment.text,
                kind=comment.kind.value,
                age_band=comment.age_band,
                gender=comment.gender,
                needs_answer=comment.needs_answer,
                spot_answer=comment.spot_answer,
                speaker_shown=speaker is not None and not speaker.empty,
                speaker_name=speaker.name if speaker else "",
                speaker_contact=speaker.contact if speaker else "",
            )
        )

    def state(self) -> CaptureDraft:
        """This form's fields as a draft (ward and policies are the pickers', added by the page)."""
        return CaptureDraft(
            text=self.text_edit.toPlainText(),
            kind=str(self.kind_combo.currentData() or ""),
            age_band=str(self.age_combo.currentData() or ""),
            gender=str(self.gender_combo.currentData() or ""),
            needs_answer=self.needs_answer_check.isChecked(),
            spot_answer=self.spot_answer_edit.toPlainText(),
            speaker_shown=self.speaker_toggle.isChecked(),
            speaker_name=self.speaker_name_edit.text() if self.speaker_toggle.isChecked() else "",
            speaker_contact=(
                self.speaker_contact_edit.text() if self.speaker_toggle.isChecked() else ""
            ),
        )

    def apply(self, draft: CaptureDraft) -> None:
        """Fill the form from a draft (a restored entry or what was typed before a crash)."""
        self.text_edit.setPlainText(draft.text)
        self.text_edit.moveCursor(self.text_edit.textCursor().MoveOperation.End)
        kinds = {k.value for k in CommentKind}
        self.set_kind(CommentKind(draft.kind) if draft.kind in kinds else DEFAULT_KIND)
        self.age_combo.setCurrentIndex(max(self.age_combo.findData(draft.age_band), 0))
        self.gender_combo.setCurrentIndex(max(self.gender_combo.findData(draft.gender), 0))
        self.needs_answer_check.setChecked(draft.needs_answer)
        self.spot_answer_edit.setPlainText(draft.spot_answer)
        self.speaker_toggle.setChecked(draft.speaker_shown)
        self.speaker_name_edit.setText(draft.speaker_name)
        self.speaker_contact_edit.setText(draft.speaker_contact)

    def composing(self) -> bool:
        """An input method is still converting text (preedit) in the comment box."""
        return self._preedit

    def set_kind(self, kind: CommentKind) -> None:
        self.kind_combo.setCurrentIndex(max(self.kind_combo.findData(kind.value), 0))

    def toggle_speaker(self) -> None:
        """Alt+S: show (and go to) or hide and clear the personal-data fields."""
        self.speaker_toggle.toggle()
        if self.speaker_toggle.isChecked():
            self.speaker_name_edit.setFocus()

    def retranslate(self) -> None:
        self.text_label.setText(_("発言内容 (Alt+T)"))
        self.kind_label.setText(_("種別 (Alt+K)"))
        self.age_label.setText(_("年代 (Alt+Y)"))
        self.gender_label.setText(_("性別 (Alt+G)"))
        self.needs_answer_check.setText(_("回答が必要 (Alt+N)"))
        self.spot_label.setText(_("その場での回答 (Alt+A)"))
        self.speaker_toggle.setText(_("発言者の氏名・連絡先を記録 (Alt+S)"))
        self.speaker_toggle.setToolTip(_("個人情報です。必要なときだけ記録し、保存後は消えます。"))
        self.speaker_name_edit.setPlaceholderText(_("氏名"))
        self.speaker_contact_edit.setPlaceholderText(_("連絡先（電話・メール等）"))
        fill_enum_combo(self.kind_combo, list(CommentKind))
        fill_choice_combo(self.age_combo, AGE_BANDS)
        fill_choice_combo(self.gender_combo, GENDERS)
        self._update_count()

    # --- behaviour --------------------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.InputMethod and watched is self.text_edit:
            assert isinstance(event, QInputMethodEvent)
            self._preedit = bool(event.preeditString())
        elif event.type() == QEvent.Type.FocusOut and watched is self.text_edit:
            self._preedit = False  # an input method commits or drops its text on focus loss
        elif event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            # Alt+letter is a command here, never text: a key that is no shortcut does nothing.
            if event.modifiers() & Qt.KeyboardModifier.AltModifier and not (
                event.modifiers() & Qt.KeyboardModifier.ControlModifier
            ):
                return True
        return super().eventFilter(watched, event)

    def _update_count(self) -> None:
        n = len(self.text_edit.toPlainText().strip())
        text = _("{n} / {max}文字").format(n=format_number(n), max=format_number(MAX_COMMENT_CHARS))
        if n > MAX_COMMENT_CHARS:
            text += _("（{over}文字超過）").format(over=format_number(n - MAX_COMMENT_CHARS))
            self.count_label.setStyleSheet("color: #b00020; font-weight: bold;")
        else:
            self.count_label.setStyleSheet("")
        self.count_label.setText(text)

    def _set_speaker_visible(self, visible: bool) -> None:
        self.speaker_name_edit.setVisible(visible)
        self.speaker_contact_edit.setVisible(visible)
        if not visible:
            self.speaker_name_edit.clear()
            self.speaker_contact_edit.clear()
