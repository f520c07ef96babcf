"""Export a meeting (or a period) to a .komoro package, and preview + import one."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from komoro_feedback.domain.roles import Action
from komoro_feedback.i18n.formatting import format_date
from komoro_feedback.i18n.translation import _
from komoro_feedback.services.container import Services
from komoro_feedback.services.package_crypto import PackageKeys, PassphraseKeys
from komoro_feedback.services.package_format import SUFFIX, ExportResult
from komoro_feedback.services.package_service import PackagePreview

from komoro_feedback.ui.widgets.date_time_edit import OneStopDateEdit
from komoro_feedback.ui.widgets.status_banner import StatusBanner
from komoro_feedback.ui.workers import TaskRunner


def _file_row(parent: QWidget, edit: QLineEdit, on_browse: object) -> QHBoxLayout:
    row = QHBoxLayout()
    row.addWidget(edit, 1)
    browse = QPushButton(_("参照…"), parent)
    browse.clicked.connect(on_browse)
    row.addWidget(browse)
    return row


class _BackgroundDialog(QDialog):
    """A package dialog whose reading and writing runs on a worker thread.

    Thousands of comments take seconds; the dialog stays responsive with a busy bar, its
    buttons wait, and it cannot be closed half-way through a write (the write is one
    transaction either way; closing would only hide its outcome).
    """

    def __init__(self, services: Services, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.services = services
        self._passphrase: PackageKeys | None = None
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.runner = TaskRunner(self, max_threads=1)
        self.banner = StatusBanner(self)
        self.banner.setVisible(False)
        self.busy_bar = QProgressBar(self)
        self.busy_bar.setRange(0, 0)  # no count to show: a moving bar says "working"
        self.busy_bar.setTextVisible(False)
        self.busy_bar.setVisible(False)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.buttons.button(QDialogButtonBox.StandardButton.Close).setText(_("閉じる"))
        self.buttons.rejected.connect(self.reject)

    def busy(self) -> bool:
        return self.runner.busy

    def _keys(self, *, confirm: bool = False) -> PackageKeys | None:
        """The key file set up for this installation, or the city's passphrase asked now
        (kept for this dialog only, never saved; twice when it seals a package, since a typo
        would make a package nobody can open). None: the user cancelled."""
        if self.services.packages.keys is not None:
            return self.services.packages.keys
        if self._passphrase is None:
            text = self._ask(_("会議パッケージを保護するパスフレーズ（市で決めたもの）"))
            if text and confirm and self._ask(_("確認のため、もう一度入力してください")) != text:
                self._show(_("パスフレーズが一致しません。何も書き出していません。"), "error")
                return None
            if not text:
                return None
            self._passphrase = PassphraseKeys(text)
        return self._passphrase

    def _ask(self, label: str) -> str | None:
        text, ok = QInputDialog.getText(
            self, _("パッケージのパスフレーズ"), label, QLineEdit.EchoMode.Password
        )
        return text if ok and text else None

    def reject(self) -> None:
        if not self.runner.busy:  # Esc or Close while writing: wait for the outcome
            super().reject()

    def _start(self, message: str, fn: Callable[[], Any], on_done: Callable[[Any], None]) -> None:
        self._show(message, "info")
        self.busy_bar.setVisible(True)
        self.buttons.setEnabled(False)
        self.runner.run(fn, lambda result: self._finish(on_done, result), self._failed)

    def _finish(self, on_done: Callable[[Any], None], result: Any) -> None:
        self.busy_bar.setVisible(False)
        self.buttons.setEnabled(True)
        on_done(result)

    def _failed(self, message: str) -> None:
        self.busy_bar.setVisible(False)
        self.buttons.setEnabled(True)
        self._on_failed(message)

    def _on_failed(self, message: str) -> None:
        self._show(message, "error")

    def _guard(self, button: QPushButton) -> None:
        """Packages are for the roles the matrix allows; others see why the button is grey."""
        access = self.services.access
        button.setEnabled(access.can(Action.PACKAGES))
        button.setToolTip(access.why_not(Action.PACKAGES))

    def _show(self, text: str, level: str) -> None:
        self.banner.show_message(text, level)
        self.banner.setVisible(True)


class PackageExportDialog(_BackgroundDialog):
    """One meeting or a date range → one file to carry to city hall (no personal data unless
    the user ticks the box)."""

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(services, parent)
        self.result_export: ExportResult | None = None
        self.setWindowTitle(_("会議パッケージの書き出し"))
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
        self.from_edit = OneStopDateEdit(self)
        self.to_edit = OneStopDateEdit(self)
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
        self.export_button = self.buttons.addButton(
            _("書き出す"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.export_button.clicked.connect(self.export)
        self._guard(self.export_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addLayout(form)
        layout.addWidget(self.busy_bar)
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
        """Write the package on a worker thread; the banner says what was written."""
        text = self.path_edit.text().strip()
        if not text:
            self._show(_("保存先のファイルを指定してください。"), "error")
            return
        out = Path(text)
        with_speakers = self.speakers_check.isChecked()
        keys = self._keys(confirm=True)
        if keys is None:
            return
        packages = self.services.packages
        fn: Callable[[], ExportResult]
        if self.by_meeting.isChecked():
            meeting_id = int(self.meeting_combo.currentData())

            def fn() -> ExportResult:
                return packages.export_meeting(
                    meeting_id, out, with_speakers=with_speakers, keys=keys
                )
        else:
            lo, hi = self._period()

            def fn() -> ExportResult:
                return packages.export_range(lo, hi, out, with_speakers=with_speakers, keys=keys)

        self._start(_("書き出しています…"), fn, self._on_exported)

    def _on_exported(self, res: ExportResult) -> None:
        self.result_export = res
        self._show(
            _("{n} 件の意見（会議 {m} 件）を書き出しました: {p}").format(
                n=res.comments, m=res.meetings, p=res.path
            ),
            "ok",
        )


class PackageImportDialog(_BackgroundDialog):
    """Pick a file, see what it would do (nothing written yet), then import all of it or nothing."""

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(services, parent)
        self.preview: PackagePreview | None = None
        self.result_import: PackagePreview | None = None
        self.setWindowTitle(_("会議パッケージの取り込み"))
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
        self.preview_button = self.buttons.addButton(
            _("内容を確認"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.import_button = self.buttons.addButton(
            _("取り込む"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.conflicts_button = self.buttons.addButton(
            _("競合を確認…"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.preview_button.clicked.connect(self.check)
        self._guard(self.preview_button)
        self.import_button.clicked.connect(self.run_import)
        self.conflicts_button.clicked.connect(self._on_conflicts_clicked)
        self.import_button.setEnabled(False)
        self.conflicts_button.setVisible(bool(services.packages.conflicts()))
        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addLayout(form)
        layout.addWidget(self.summary, 1)
        layout.addWidget(self.busy_bar)
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
        """Read and verify the file on a worker thread and show what would happen; writes
        nothing."""
        self.preview = None
        self.import_button.setEnabled(False)
        path = Path(self.path_edit.text().strip())
        packages = self.services.packages
        keys = self._keys()
        if keys is None:
            return
        self._start(
            _("ファイルを確認しています…"),
            lambda: packages.preview(path, keys=keys),
            self._previewed,
        )

    def _previewed(self, p: PackagePreview) -> None:
        self.preview = p
        self.summary.setText("\n".join(_preview_lines(p)))
        if p.already_imported:
            self._show(_("このパッケージは取り込み済みです。何も追加しません。"), "info")
        elif p.blocked:
            self._show(_("取り込めません。何も変更していません。"), "error")
        else:
            self.banner.setVisible(False)
        self.import_button.setEnabled(p.can_import)

    def run_import(self) -> None:
        """Import the checked file on a worker thread (all or nothing)."""
        if self.preview is None or not self.preview.can_import:
            self.check()  # the user then sees the preview and presses 取り込む again
            return
        path = Path(self.path_edit.text().strip())
        packages = self.services.packages
        keys = self._keys()
        if keys is None:
            return
        self.import_button.setEnabled(False)
        self._start(
            _("取り込んでいます…"),
            lambda: packages.import_package(path, keys=keys),
            self._imported,
        )

    def _imported(self, p: PackagePreview) -> None:
        self.result_import = p
        self.preview = None
        self.summary.setText("\n".join(_preview_lines(p)))
        message = _("取り込みました: 新規 {a} 件、更新 {u} 件、競合 {c} 件。").format(
            a=len(p.added), u=len(p.updated), c=len(p.conflicts)
        )
        self._show(message, "info" if p.conflicts else "ok")
        self.conflicts_button.setVisible(bool(p.conflicts) or self.conflicts_button.isVisible())

    def _on_failed(self, message: str) -> None:
        self.summary.setText("")
        self._passphrase = None  # a wrong passphrase is asked again next time
        self._show(message, "error")

    def _on_conflicts_clicked(self) -> None:
        from komoro_feedback.ui.dialogs.conflict_dialog import ConflictDialog

        ConflictDialog(self.services, self).exec()


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
        *p.notes(),
        *p.problems(),
    ]
