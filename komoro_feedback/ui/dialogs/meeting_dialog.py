"""Create or edit a meeting: defaults make a new one a matter of Ctrl+N, Enter."""

from __future__ import annotations

from datetime import date, datetime, time

from PySide6.QtCore import QDateTime, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from komoro_feedback.domain.catalog import District
from komoro_feedback.domain.comment import Meeting, MeetingDraft
from komoro_feedback.domain.enums import MeetingKind
from komoro_feedback.domain.errors import KomoroError
from komoro_feedback.i18n.formatting import format_date
from komoro_feedback.i18n.translation import _
from komoro_feedback.services.container import Services

from komoro_feedback.ui.widgets.choice_combos import fill_enum_combo
from komoro_feedback.ui.widgets.date_time_edit import OneStopDateTimeEdit
from komoro_feedback.ui.widgets.status_banner import StatusBanner

DEFAULT_START = time(19, 0)


class MeetingDialog(QDialog):
    """Kind, title, date/time, venue, districts covered, attendees, recorder.

    New meetings start today at 19:00 with the recorder from the settings; the title follows
    kind and date until the user types one.
    """

    def __init__(
        self,
        services: Services,
        districts: list[District],
        recorder: str,
        meeting: Meeting | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.services = services
        self.meeting = meeting
        self.result_meeting: Meeting | None = None
        self._title_touched = meeting is not None
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.setWindowTitle(_("会議の編集") if meeting else _("新しい会議"))
        self.banner = StatusBanner(self)
        self.banner.setVisible(False)
        self.kind_combo = QComboBox(self)
        fill_enum_combo(self.kind_combo, list(MeetingKind))
        self.title_edit = QLineEdit(self)
        self.title_edit.setMinimumWidth(self.fontMetrics().horizontalAdvance("あ") * 30)
        self.when_edit = OneStopDateTimeEdit(self)
        self.when_edit.setCalendarPopup(True)
        self.when_edit.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.venue_edit = QLineEdit(self)
        self.district_checks: dict[int, QCheckBox] = {}
        district_grid = QGridLayout()
        for i, d in enumerate(districts):
            check = QCheckBox(d.name, self)
            self.district_checks[d.id] = check
            district_grid.addWidget(check, i // 2, i % 2)
        self.attendees_spin = QSpinBox(self)
        self.attendees_spin.setRange(-1, 100000)
        self.attendees_spin.setSpecialValueText(_("未記入"))
        self.recorder_edit = QLineEdit(self)
        form = QFormLayout()
        form.addRow(_("種別"), self.kind_combo)
        form.addRow(_("会議名"), self.title_edit)
        form.addRow(_("日時"), self.when_edit)
        form.addRow(_("会場"), self.venue_edit)
        form.addRow(_("対象地区"), district_grid)
        form.addRow(_("参加者数"), self.attendees_spin)
        form.addRow(_("記録者"), self.recorder_edit)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(
            _("保存") if meeting else _("作成して記録を開始")
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("キャンセル"))
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self._fill(meeting, recorder)
        self.kind_combo.currentIndexChanged.connect(self._on_defaults_changed)
        self.when_edit.dateTimeChanged.connect(self._on_defaults_changed)
        self.title_edit.textEdited.connect(self._on_title_edited)
        self.title_edit.setFocus()
        self.title_edit.selectAll()

    def _fill(self, m: Meeting | None, recorder: str) -> None:
        if m is None:
            start = datetime.combine(date.today(), DEFAULT_START)
            self.when_edit.setDateTime(QDateTime(start))
            self.attendees_spin.setValue(-1)
            self.recorder_edit.setText(recorder)
            self.title_edit.setText(self.default_title())
            return
        self.kind_combo.setCurrentIndex(max(self.kind_combo.findData(m.kind.value), 0))
        self.title_edit.setText(m.title)
        self.when_edit.setDateTime(QDateTime(m.held_at))
        self.venue_edit.setText(m.venue)
        for did in m.district_ids:
            if did in self.district_checks:
                self.district_checks[did].setChecked(True)
        self.attendees_spin.setValue(-1 if m.attendees is None else m.attendees)
        self.recorder_edit.setText(m.recorder)

    def default_title(self) -> str:
        kind = MeetingKind(self.kind_combo.currentData())
        day = self.when_edit.dateTime().toPython().date()
        return _("{kind}（{date}）").format(kind=_(kind.label), date=format_date(day))

    def draft(self) -> MeetingDraft:
        attendees = self.attendees_spin.value()
        held_at = self.when_edit.dateTime().toPython()
        assert isinstance(held_at, datetime)
        return MeetingDraft(
            kind=MeetingKind(self.kind_combo.currentData()),
            title=self.title_edit.text(),
            held_at=held_at.replace(second=0, microsecond=0),
            venue=self.venue_edit.text(),
            district_ids=tuple(d for d, c in self.district_checks.items() if c.isChecked()),
            attendees=None if attendees < 0 else attendees,
            recorder=self.recorder_edit.text(),
            notes=self.meeting.notes if self.meeting else "",
        )

    def save(self) -> None:
        try:
            if self.meeting is None:
                self.result_meeting = self.services.meetings.create(self.draft())
            else:
                self.result_meeting = self.services.meetings.edit(self.meeting.id, self.draft())
        except KomoroError as exc:
            self.banner.show_message(str(exc), "error")
            self.banner.setVisible(True)
            return
        self.accept()

    def _on_defaults_changed(self, *_args: object) -> None:
        if not self._title_touched:
            self.title_edit.setText(self.default_title())

    def _on_title_edited(self, _text: str) -> None:
        self._title_touched = True
