"""Export a meeting (or a period) to a .komoro package, and preview + import one."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from komoro_feedback.domain.errors import KomoroError
from komoro_feedback.i18n.formatting import format_date
from komoro_feedback.i18n.translation import _
from komoro_feedback.services.container import Services
from komoro_feedback.services.package_format import SUFFIX, ExportResult
from komoro_feedback.services.package_service import PackagePreview

from komoro_feedback.ui.widgets.status_banner import StatusBanner


def _file_row(parent: QWidget, edit: QLineEdit, on_browse: object) -> QHBoxLayout:
    row = QHBoxLayout()
    row.addWidget(edit, 1)
    browse = QPushButton(_("参照…"), parent)
    browse.clicked.connect(on_browse)
    row.addWidget(browse)
    return row


class PackageExportDialog(QDialog):
    """One meeting or a date range → one file to carry to city hall (no personal data unless
    the user ticks the box)."""

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.result_export: ExportResult | None = None
        self.setWindowTitle(_("会議パッケージの書き出し"))
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.banner = StatusBanner(self)
        self.banner.setVisible(False)
        self.by_meeting = QRadioButton(_("会議を選ぶ"), self)
        self.by_period = QRadioButton(_("期間で選ぶ"), self)
        group = QButtonGroup(self)
        group.addButton(self.by_meeting)
        group.addButton(self.by_period)
        self.meeting_combo = QComboBox(self)
        for m in services.meetings.list():
            label = _("{date} {title}（{n}件）").format(
                date=format_date(m.held_at.date()), title=m.title, n=m.comment_count
            )
            self.meeting_combo.addItem(label, m.id)
        self.from_edit = QDateEdit(self)
        self.to_edit = QDateEdit(self)
        for edit in (self.from_edit, self.to_edit):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.setDate(QDate(date.today()))
        period = QHBoxLayout()
        period.addWidget(self.from_edit)
        period.addWidget(QLabel("〜", self))
        period.addWidget(self.to_edit)
        period.addStretch(1)
        self.speakers_check = QCheckBox(_("発言者の氏名・連絡先（個人情報）も含める"), self)
        self.speakers_note = QLabel(
            _("個人情報を含むファイルは、持ち運びと保管に注意してください。"), self
        )
        self.speakers_note.setWordWrap(True)
        self.speakers_note.setVisible(False)
        self.speakers_check.toggled.connect(self.speakers_note.setVisible)
        self.path_edit = QLineEdit(self)
        self.path_edit.setPlaceholderText(_("保存先のファイル（.komoro）"))
        form = QFormLayout()
        form.addRow(self.by_meeting, self.meeting_combo)
        form.addRow(self.by_period, period)
        form.addRow("", self.speakers_check)
        form.addRow("", self.speakers_note)
        form.addRow(_("保存先"), _file_row(self, self.path_edit, self._on_browse_clicked))
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.export_button = self.buttons.addButton(
            _("書き出す"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Close).setText(_("閉じる"))
        self.export_button.clicked.connect(self.export)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        has_meetings = self.meeting_combo.count() > 0
        (self.by_meeting if has_meetings else self.by_period).setChecked(True)
        self.by_meeting.setEnabled(has_meetings)
        self.resize(560, self.sizeHint().height())

    def suggested_name(self) -> str:
        if self.by_meeting.isChecked():
            return f"meeting-{self.meeting_combo.currentData()}{SUFFIX}"
        lo, hi = self._period()
        return f"comments-{lo}-{hi}{SUFFIX}"

    def _period(self) -> tuple[date, date]:
        lo = self.from_edit.date().toPython()
        hi = self.to_edit.date().toPython()
        assert isinstance(lo, date) and isinstance(hi, date)
        return lo, hi

    def _on_browse_clicked(self) -> None:
        path, _filter = QFileDialog.getSaveFileName(
            self, _("保存先"), self.suggested_name(), _("会議パッケージ (*.komoro)")
        )
        if path:
            self.path_edit.setText(path if path.endswith(SUFFIX) else path + SUFFIX)

    def export(self) -> None:
        text = self.path_edit.text().strip()
        if not text:
            self._show(_("保存先のファイルを指定してください。"), "error")
            return
        out = Path(text)
        with_speakers = self.speakers_check.isChecked()
        try:
            if self.by_meeting.isChecked():
                res = self.services.packages.export_meeting(
                    int(self.meeting_combo.currentData()), out, with_speakers=with_speakers
                )
            else:
                lo, hi = self._period()
                res = self.services.packages.export_range(lo, hi, out, with_speakers=with_speakers)
        except (KomoroError, OSError) as exc:
            self._show(str(exc), "error")
            return
        self.result_export = res
        self._show(
            _("{n} 件の意見（会議 {m} 件）を書き出しました: {p}").format(
                n=res.comments, m=res.meetings, p=res.path
            ),
            "ok",
        )

    def _show(self, text: str, level: str) -> None:
        self.banner.show_message(text, level)
        self.banner.setVisible(True)


class PackageImportDialog(QDialog):
    """Pick a file, see what it would do (nothing written yet), then import all of it or nothing."""

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.preview: PackagePreview | None = None
        self.result_import: PackagePreview | None = None
        self.setWindowTitle(_("会議パッケージの取り込み"))
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.banner = StatusBanner(self)
        self.banner.setVisible(False)
        self.path_edit = QLineEdit(self)
        self.path_edit.setPlaceholderText(_("取り込むファイル（.komoro）"))
        self.path_edit.textChanged.connect(self._on_path_changed)
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.summary.setMinimumHeight(140)
        self.summary.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        form = QFormLayout()
        form.addRow(_("ファイル"), _file_row(self, self.path_edit, self._on_browse_clicked))
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.preview_button = self.buttons.addButton(
            _("内容を確認"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.import_button = self.buttons.addButton(
            _("取り込む"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.conflicts_button = self.buttons.addButton(
            _("競合を確認…"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Close).setText(_("閉じる"))
        self.preview_button.clicked.connect(self.check)
        self.import_button.clicked.connect(self.run_import)
        self.conflicts_button.clicked.connect(self._on_conflicts_clicked)
        self.buttons.rejected.connect(self.reject)
        self.import_button.setEnabled(False)
        self.conflicts_button.setVisible(bool(services.packages.conflicts()))
        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addLayout(form)
        layout.addWidget(self.summary, 1)
        layout.addWidget(self.buttons)
        self.resize(600, 360)

    def _on_browse_clicked(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self, _("取り込むファイル"), "", _("会議パッケージ (*.komoro)")
        )
        if path:
            self.path_edit.setText(path)
            self.check()

    def _on_path_changed(self, _text: str) -> None:
        self.preview = None
        self.import_button.setEnabled(False)

    def check(self) -> None:
        """Read and verify the file and show what would happen; writes nothing."""
        self.preview = None
        self.import_button.setEnabled(False)
        try:
            p = self.services.packages.preview(Path(self.path_edit.text().strip()))
        except KomoroError as exc:
            self.summary.setText("")
            self._show(str(exc), "error")
            return
        self.preview = p
        self.summary.setText("\n".join(_preview_lines(p)))
        if p.already_imported:
            self._show(_("このパッケージは取り込み済みです。何も追加しません。"), "info")
        elif p.unknown:
            self._show(_("取り込めません。何も変更していません。"), "error")
        else:
            self.banner.setVisible(False)
        self.import_button.setEnabled(p.can_import)

    def run_import(self) -> None:
        if self.preview is None or not self.preview.can_import:
            self.check()
            if self.preview is None or not self.preview.can_import:
                return
        try:
            p = self.services.packages.import_package(Path(self.path_edit.text().strip()))
        except KomoroError as exc:
            self._show(str(exc), "error")
            return
        self.result_import = p
        self.import_button.setEnabled(False)
        self.summary.setText("\n".join(_preview_lines(p)))
        message = _("取り込みました: 新規 {a} 件、更新 {u} 件、競合 {c} 件。").format(
            a=len(p.added), u=len(p.updated), c=len(p.conflicts)
        )
        self._show(message, "info" if p.conflicts else "ok")
        self.conflicts_button.setVisible(bool(p.conflicts) or self.conflicts_button.isVisible())

    def _on_conflicts_clicked(self) -> None:
        from komoro_feedback.ui.dialogs.conflict_dialog import ConflictDialog

        ConflictDialog(self.services, self).exec()

    def _show(self, text: str, level: str) -> None:
        self.banner.show_message(text, level)
        self.banner.setVisible(True)


def _preview_lines(p: PackagePreview) -> list[str]:
    head = [
        _("作成: {at}（{by}）").format(at=p.created_at[:16].replace("T", " "), by=p.created_by),
    ]
    if p.already_imported:
        return head
    return [
        *head,
        _("新しい意見: {n} 件").format(n=len(p.added)),
        _("更新される意見: {n} 件").format(n=len(p.updated)),
        _("変更なし: {n} 件").format(n=p.unchanged),
        _("こちらの版を残す: {n} 件").format(n=len(p.kept_local)),
        _("競合（両方で編集）: {n} 件").format(n=len(p.conflicts)),
        _("新しい会議: {n} 件").format(n=p.meetings_new),
        _("個人情報を含む") if p.includes_speakers else _("個人情報は含まない"),
        *p.problems(),
    ]
