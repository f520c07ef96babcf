"""What the user sees when something went wrong: where the log is, and details to pass on."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from komoro_feedback.i18n.translation import _


class CrashDialog(QDialog):
    """An unexpected error: the app keeps running; details go to IT by copy, not on screen."""

    def __init__(self, details: str, log_path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.details = details
        self.setWindowTitle(_("エラーが発生しました"))
        self.setAccessibleName(_("エラーが発生しました"))
        icon = QLabel(self)
        icon.setPixmap(
            self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning).pixmap(48)
        )
        icon.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.heading = QLabel(_("エラーが発生しました"), self)
        font = self.heading.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.2)
        self.heading.setFont(font)
        self.message = QLabel(
            _(
                "予期しないエラーが発生しました。保存済みの記録は失われていません。"
                "このまま作業を続けられますが、同じ操作で何度も起きる場合は"
                "「詳細をコピー」を押して、情報システム担当にお知らせください。"
            ),
            self,
        )
        self.message.setWordWrap(True)
        self.log_label = QLabel(_("記録ファイル: {path}").format(path=log_path), self)
        self.log_label.setWordWrap(True)
        self.log_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.log_label.setAccessibleName(_("記録ファイルの場所"))
        buttons = QDialogButtonBox(self)
        self.copy_button: QPushButton = buttons.addButton(
            _("詳細をコピー"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.copy_button.setAccessibleName(_("詳細をコピー"))
        self.close_button: QPushButton = buttons.addButton(
            _("閉じる"), QDialogButtonBox.ButtonRole.RejectRole
        )
        self.close_button.setDefault(True)
        self.copy_button.clicked.connect(self._on_copy_clicked)
        buttons.rejected.connect(self.reject)
        text = QVBoxLayout()
        text.addWidget(self.heading)
        text.addWidget(self.message)
        text.addWidget(self.log_label)
        top = QHBoxLayout()
        top.addWidget(icon)
        top.addLayout(text, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(buttons)
        self.setMinimumWidth(520)

    def _on_copy_clicked(self) -> None:
        QGuiApplication.clipboard().setText(self.details)
        self.copy_button.setText(_("コピーしました"))


class CrashReporter(QObject):
    """Shows uncaught exceptions (from any thread) in a CrashDialog on the GUI thread."""

    reported = Signal(str)

    def __init__(self, log_path: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.log_path = log_path
        self.dialog: CrashDialog | None = None
        self.reported.connect(self._on_reported, Qt.ConnectionType.QueuedConnection)

    def report(self, details: str) -> None:
        """Called by the excepthook on whatever thread failed; the dialog opens on the GUI's."""
        self.reported.emit(details)

    def _on_reported(self, details: str) -> None:
        if self.dialog is not None and self.dialog.isVisible():
            self.dialog.details += "\n\n" + details  # one dialog, however many errors follow
            return
        self.dialog = CrashDialog(details, self.log_path, QApplication.activeWindow())
        self.dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog.finished.connect(self._on_dialog_finished)
        self.dialog.open()

    def _on_dialog_finished(self) -> None:
        self.dialog = None
