"""Start the desktop app: settings, fonts, language, database, services, window."""

from __future__ import annotations

import contextlib
import sys
from pathlib import Path

from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication, QMessageBox

from komoro_feedback.config import UserSettings, backups_dir, resolve_database_url
from komoro_feedback.domain.errors import KomoroError
from komoro_feedback.fonts import japanese_font_path
from komoro_feedback.i18n.translation import SUPPORTED_LANGUAGES, _, set_language
from komoro_feedback.services.actor import Actor
from komoro_feedback.services.container import Services
from komoro_feedback.store.database import Database

from komoro_feedback.ui.main_window import LARGE_POINT_SIZE, NORMAL_POINT_SIZE, MainWindow


def install_fonts(app: QApplication, large: bool = False) -> str:
    """Register the bundled IPAexGothic so Japanese renders with no system CJK font."""
    font_id = QFontDatabase.addApplicationFont(str(japanese_font_path()))
    families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
    family = families[0] if families else app.font().family()
    font = QFont(family, LARGE_POINT_SIZE if large else NORMAL_POINT_SIZE)
    app.setFont(font)
    return family


def open_services(settings: UserSettings, url: str | None = None) -> Services:
    """Open (create, migrate, seed) the database and build the services over it."""
    db_url = url or resolve_database_url(settings=settings)
    if db_url.startswith("sqlite:///"):
        Path(db_url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    services = Services.build(Database(db_url), Actor(settings.recorder or _("記録係")))
    services.setup.initialise(backup_dir=backups_dir() / "migrations")
    return services


def run_gui(argv: list[str] | None = None) -> int:
    app = QApplication.instance() or QApplication(argv or sys.argv)
    assert isinstance(app, QApplication)
    app.setApplicationName("Komoro Feedback")
    settings = UserSettings.load()
    if settings.language not in SUPPORTED_LANGUAGES:  # a hand-edited settings.json
        settings.language = "ja"
    set_language(settings.language)
    install_fonts(app, settings.large_text)
    try:
        services = open_services(settings)
    except KomoroError as exc:
        QMessageBox.critical(None, "Komoro Feedback", str(exc))
        return 1
    # PostgreSQL, or an unwritable folder: the app still works; those backups are city IT's.
    with contextlib.suppress(KomoroError):
        services.backups.auto_backup(backups_dir())
    window = MainWindow(services, settings)
    window.show()
    code = app.exec()
    services.close()
    return int(code)
