"""The meetings page: the list of meetings, and capture mode for the one being recorded."""

from __future__ import annotations

from typing import cast

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QStackedWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from komoro_feedback.config import UserSettings
from komoro_feedback.domain.comment import Meeting
from komoro_feedback.domain.errors import KomoroError
from komoro_feedback.domain.roles import Action
from komoro_feedback.i18n.formatting import DateStyle, format_datetime, format_number
from komoro_feedback.i18n.translation import N_, _
from komoro_feedback.services.container import Services

from komoro_feedback.ui.accessibility import scale_heading
from komoro_feedback.ui.dialogs.meeting_dialog import MeetingDialog
from komoro_feedback.ui.panels.base import Panel
from komoro_feedback.ui.panels.capture_panel import CapturePanel
from komoro_feedback.ui.shortcuts import SECTION_MEETINGS, bind
from komoro_feedback.ui.widgets.status_banner import StatusBanner

LIST_LIMIT = 500
_ID_ROLE = Qt.ItemDataRole.UserRole


class MeetingsPanel(Panel):
    """Lists meetings (newest first); Enter or double-click opens one in capture mode."""

    key = "meetings"

    def __init__(
        self, services: Services, settings: UserSettings, parent: QWidget | None = None
    ) -> None:
        super().__init__(services, settings, parent)
        self._meetings: list[Meeting] = []
        self._district_names: dict[int, str] = {}
        self.pages = QStackedWidget(self)
        self.list_page = QWidget(self)
        self.capture = CapturePanel(services, settings, self)
        self.pages.addWidget(self.list_page)
        self.pages.addWidget(self.capture)
        QVBoxLayout(self).addWidget(self.pages)
        self.layout().setContentsMargins(0, 0, 0, 0)
        self._build_list_page()
        self.setFocusProxy(self.table)
        self.capture.setFocusProxy(self.capture.text_edit)
        self.capture.back_requested.connect(self.show_list)
        self.retranslate()

    def _build_list_page(self) -> None:
        self.heading = QLabel(self.list_page)
        scale_heading(self.heading, self.font(), 1.2)
        self.new_button = QPushButton(self.list_page)
        self.open_button = QPushButton(self.list_page)
        self.edit_button = QPushButton(self.list_page)
        self.close_button = QPushButton(self.list_page)
        self.open_only_check = QCheckBox(self.list_page)
        self.banner = StatusBanner(self.list_page)
        self.table = QTreeWidget(self.list_page)
        self.table.setObjectName("meetingList")
        self.table.setColumnCount(7)
        self.table.setRootIsDecorated(False)
        self.table.setUniformRowHeights(True)
        self.table.setAlternatingRowColors(True)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.table.header()
        for col in range(7):
            modes = QHeaderView.ResizeMode
            header.setSectionResizeMode(col, modes.Stretch if col == 1 else modes.Interactive)
        header.setStretchLastSection(False)
        bar = QHBoxLayout()
        bar.addWidget(self.heading)
        bar.addStretch(1)
        bar.addWidget(self.open_only_check)
        for b in (self.new_button, self.open_button, self.edit_button, self.close_button):
            bar.addWidget(b)
        layout = QVBoxLayout(self.list_page)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.addLayout(bar)
        layout.addWidget(self.banner)
        layout.addWidget(self.table, 1)
        self.new_button.clicked.connect(self.new_meeting)
        self.open_button.clicked.connect(self._on_open_clicked)
        self.edit_button.clicked.connect(self._on_edit_clicked)
        self.close_button.clicked.connect(self._on_close_clicked)
        self.open_only_check.toggled.connect(self._on_open_only_toggled)
        self.table.itemActivated.connect(self._on_open_clicked)
        self.table.currentItemChanged.connect(self._on_current_changed)
        bind(self.list_page, "F2", self._on_edit_clicked, SECTION_MEETINGS, N_("会議を編集"))
        bind(
            self.list_page,
            "Ctrl+E",
            self._on_close_clicked,
            SECTION_MEETINGS,
            N_("会議を終了・再開"),
        )

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange and hasattr(self, "heading"):
            scale_heading(self.heading, self.font(), 1.2)

    # --- Panel ------------------------------------------------------------------------------
    def title(self) -> str:
        return _("会議と記録")

    def on_data_changed(self) -> None:
        if self.pages.currentWidget() is not self.capture:  # never disturb a recorder
            self.refresh()

    def refresh(self) -> None:
        if self.pages.currentWidget() is self.capture:
            self.capture.refresh()
            return
        try:
            self._district_names = {d.id: d.name for d in self.services.catalog.districts()}
            self._meetings = self.services.meetings.list(
                limit=LIST_LIMIT, open_only=self.open_only_check.isChecked()
            )
        except KomoroError as exc:
            self.banner.show_message(str(exc), "error")
            return
        self._fill_table()
        if self.banner.level == "info":
            self._show_hint()

    def retranslate(self) -> None:
        self.heading.setText(_("会議と記録"))
        self.new_button.setText(_("新しい会議 (Ctrl+N)"))
        self.open_button.setText(_("記録を開始 (Enter)"))
        self.edit_button.setText(_("編集 (F2)"))
        self.open_only_check.setText(_("開催中の会議のみ"))
        self.table.setHeaderLabels(
            [_("日時"), _("会議名"), _("会場"), _("対象地区"), _("件数"), _("種別"), _("状態")]
        )
        self.capture.retranslate()
        self._fill_table()
        self._on_current_changed()
        if self.banner.level == "info":
            self._show_hint()

    # --- public API -------------------------------------------------------------------------
    def new_meeting(self) -> MeetingDialog:
        """Open the new-meeting dialog (non-blocking); on OK the meeting opens for capture."""
        self.show_list()
        dialog = MeetingDialog(
            self.services, self.services.catalog.districts(), self.settings.recorder, None, self
        )
        dialog.accepted.connect(lambda: self._on_dialog_accepted(dialog, capture=True))
        dialog.open()
        return dialog

    def edit_meeting(self, meeting_id: int) -> MeetingDialog:
        meeting = self.services.meetings.get(meeting_id)
        dialog = MeetingDialog(self.services, self.services.catalog.districts(), "", meeting, self)
        dialog.accepted.connect(lambda: self._on_dialog_accepted(dialog, capture=False))
        dialog.open()
        return dialog

    def open_capture(self, meeting_id: int) -> CapturePanel:
        self.pages.setCurrentWidget(self.capture)
        self.setFocusProxy(self.capture)
        self.capture.open_meeting(meeting_id)
        return self.capture

    def show_list(self) -> None:
        self.setFocusProxy(self.table)
        if self.pages.currentWidget() is not self.list_page:
            self.pages.setCurrentWidget(self.list_page)
            self.refresh()
            self._select(self.capture.meeting().id if self.capture.meeting() else None)
        self.table.setFocus()

    def set_closed(self, meeting_id: int, closed: bool) -> None:
        try:
            m = self.services.meetings.set_closed(meeting_id, closed)
        except KomoroError as exc:
            self.banner.show_message(str(exc), "error")
            return
        done = _("「{title}」を終了しました。") if closed else _("「{title}」を再開しました。")
        self.banner.show_message(done.format(title=m.title), "ok")
        self.refresh()
        self._select(meeting_id)

    def current_meeting_id(self) -> int | None:
        item = self.table.currentItem()
        return None if item is None else int(item.data(0, _ID_ROLE))

    # --- internals --------------------------------------------------------------------------
    def _show_hint(self) -> None:
        if not self._meetings:
            hint = _("会議はまだありません。Ctrl+N で新しい会議を作り、そのまま記録を始めます。")
        elif len(self._meetings) >= LIST_LIMIT:
            hint = _("新しい順に{n}件の会議を表示しています。").format(n=LIST_LIMIT)
        else:
            hint = _("Enter またはダブルクリックで会議を開き、発言の記録を始めます。")
        self.banner.show_message(hint, "info")

    def _fill_table(self) -> None:
        current = self.current_meeting_id()
        style = cast(DateStyle, self.settings.date_style)
        self.table.clear()
        for m in self._meetings:
            districts = "、".join(self._district_names.get(d, "?") for d in m.district_ids)
            item = QTreeWidgetItem(
                [
                    format_datetime(m.held_at, style),
                    m.title,
                    m.venue,
                    districts or _("市全域"),
                    format_number(m.comment_count),
                    _(m.kind.label),
                    _("終了") if m.closed else _("開催中"),
                ]
            )
            item.setData(0, _ID_ROLE, m.id)
            item.setTextAlignment(4, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            item.setToolTip(2, m.venue)
            item.setToolTip(3, districts)
            self.table.addTopLevelItem(item)
        for col in (0, 2, 3, 4, 5, 6):
            self.table.resizeColumnToContents(col)
            if col in (2, 3):  # venue and districts can be long; their tooltip has it all
                self.table.setColumnWidth(col, min(self.table.columnWidth(col), 200))
        self._select(current)

    def _select(self, meeting_id: int | None) -> None:
        for i in range(self.table.topLevelItemCount()):
            item = self.table.topLevelItem(i)
            if meeting_id is None or item.data(0, _ID_ROLE) == meeting_id:
                self.table.setCurrentItem(item)
                return

    def _on_open_clicked(self, *_args: object) -> None:
        mid = self.current_meeting_id()
        if mid is not None:
            self.open_capture(mid)

    def _on_edit_clicked(self) -> None:
        mid = self.current_meeting_id()
        if mid is not None:
            self.edit_meeting(mid)

    def _on_close_clicked(self) -> None:
        mid = self.current_meeting_id()
        m = next((m for m in self._meetings if m.id == mid), None)
        if m is not None:
            self.set_closed(m.id, not m.closed)

    def _on_open_only_toggled(self, _checked: bool) -> None:
        self.refresh()

    def _on_current_changed(self, *_args: object) -> None:
        mid = self.current_meeting_id()
        m = next((m for m in self._meetings if m.id == mid), None)
        closed = m is not None and m.closed
        self.close_button.setText(_("再開 (Ctrl+E)") if closed else _("終了 (Ctrl+E)"))
        record = self.services.access.can(Action.RECORD)
        why = self.services.access.why_not(Action.RECORD)
        self.open_button.setEnabled(m is not None)
        for b in (self.edit_button, self.close_button):
            b.setEnabled(m is not None and record)
            b.setToolTip(why)
        self.new_button.setEnabled(record)
        self.new_button.setToolTip(why)

    def _on_dialog_accepted(self, dialog: MeetingDialog, *, capture: bool) -> None:
        m = dialog.result_meeting
        if m is None:
            return
        self.window().activateWindow()  # some platforms leave no window active after a dialog
        self.refresh()
        self._select(m.id)
        if capture:
            self.open_capture(m.id)
        else:
            self.banner.show_message(_("「{title}」を保存しました。").format(title=m.title), "ok")
