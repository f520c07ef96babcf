"""Help → About: version, database, where the log is, and the third-party licences."""

from __future__ import annotations

import html

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import Qt, QUrl, qVersion
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from komoro_feedback import __version__
from komoro_feedback.i18n.translation import _
from komoro_feedback.logs import log_dir, log_file
from komoro_feedback.paths import fonts_dir

IPA_LICENCE_FILE = "IPA_Font_License_Agreement_v1.0.txt"


def third_party_licences() -> list[tuple[str, str, str]]:
    """(component, licence, note) for what the app ships with."""
    return [
        (
            f"Qt {qVersion()} / PySide6 {pyside_version}",
            "LGPL-3.0",
            _("The Qt Company。動的リンクで使用。ソースは https://code.qt.io/ から入手できます。"),
        ),
        (
            _("IPAexゴシック（IPAexフォント）"),
            "IPA Font License v1.0",
            _("画面表示とPDFへの埋め込みに使用。ライセンス全文は下にあります。"),
        ),
        ("SudachiPy / SudachiDict", "Apache-2.0", "Works Applications Co., Ltd."),
        ("ReportLab", "BSD", "ReportLab Europe Ltd."),
        ("SQLAlchemy / Alembic", "MIT", "Michael Bayer and contributors"),
        ("psycopg 3", "LGPL-3.0", "The Psycopg Team"),
        ("Babel", "BSD", "The Babel Team"),
        ("openpyxl", "MIT", "openpyxl contributors"),
        ("platformdirs", "MIT", "platformdirs contributors"),
        ("Python", "PSF-2.0", "Python Software Foundation"),
    ]


def licences_html() -> str:
    rows = "".join(
        f"<tr><td><b>{html.escape(name)}</b></td><td>{html.escape(lic)}</td>"
        f"<td>{html.escape(note)}</td></tr>"
        for name, lic, note in third_party_licences()
    )
    try:
        ipa = (fonts_dir() / IPA_LICENCE_FILE).read_text(encoding="utf-8")
    except OSError:
        ipa = str(fonts_dir() / IPA_LICENCE_FILE)
    return (
        f"<table cellspacing='0' cellpadding='3'>{rows}</table>"
        "<h4>IPA Font License Agreement v1.0</h4>"
        f"<pre style='white-space: pre-wrap'>{html.escape(ipa)}</pre>"
    )


class AboutDialog(QDialog):
    """Version and database for a support call, the log folder, and the licences."""

    def __init__(self, database: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("バージョン情報"))
        title = QLabel(_("Komoro Feedback（市民の声 記録・集計）"), self)
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        title.setFont(font)
        form = QFormLayout()
        self.version_label = QLabel(__version__, self)
        self.database_label = QLabel(database, self)
        self.log_label = QLabel(str(log_file()), self)
        for label in (self.version_label, self.database_label, self.log_label):
            label.setWordWrap(True)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        form.addRow(_("バージョン"), self.version_label)
        form.addRow(_("データベース"), self.database_label)
        form.addRow(_("記録ファイル（ログ）"), self.log_label)
        self.licences = QTextBrowser(self)
        self.licences.setAccessibleName(_("使用しているソフトウェアのライセンス"))
        self.licences.setOpenExternalLinks(True)
        self.licences.setHtml(licences_html())
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(_("閉じる"))
        self.open_logs: QPushButton = buttons.addButton(
            _("ログのフォルダを開く"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.open_logs.clicked.connect(self._on_open_logs_clicked)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addLayout(form)
        layout.addWidget(QLabel(_("使用しているソフトウェアとライセンス"), self))
        layout.addWidget(self.licences, 1)
        layout.addWidget(buttons)
        self.resize(640, 520)

    def _on_open_logs_clicked(self) -> None:
        folder = log_dir()
        folder.mkdir(parents=True, exist_ok=True)
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))
