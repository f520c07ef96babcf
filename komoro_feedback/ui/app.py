"""Start the desktop app: settings, fonts, language, database, services, window.

Imports are in the order the start needs them: on a ready plain SQLite file the sign-in
dialog shows before SQLAlchemy and the services load (otherwise once the database is open),
and the window's modules load after it is answered, each page on its first visit.
"""

from __future__ import annotations

import contextlib
import os
import sys
import threading
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QLocale, QTimer
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication, QInputDialog, QLineEdit, QMessageBox

from komoro_feedback.config import (
    ENV_DATABASE_URL,
    ENV_DB_PASSPHRASE,
    UserSettings,
    backups_dir,
    password_provider,
    resolve_database_url,
    stored_db_passphrase,
)
from komoro_feedback.domain.errors import KomoroError, PassphraseError
from komoro_feedback.fonts import japanese_font_path
from komoro_feedback.i18n.system_language import startup_language
from komoro_feedback.i18n.translation import _, set_language
from komoro_feedback.logs import log, log_file, on_uncaught
from komoro_feedback.services.sign_in_rule import SETUP_ADMIN
from komoro_feedback.store.sqlcipher import is_encrypted

from komoro_feedback.ui.dialogs.crash_dialog import CrashReporter
from komoro_feedback.ui.gc_guard import SETTLE_AFTER_MS, GuiThreadCollector
from komoro_feedback.ui.qt_language import QT_LANGUAGE
from komoro_feedback.ui.text_size import LARGE_POINT_SIZE, NORMAL_POINT_SIZE

if TYPE_CHECKING:
    from komoro_feedback.services.container import Services
    from komoro_feedback.services.package_crypto import PackageKeys
    from komoro_feedback.store.database import Database, PasswordProvider


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
    from komoro_feedback.services.actor import Actor
    from komoro_feedback.services.container import Services

    db_url = url or resolve_database_url(settings=settings)
    if db_url.startswith("sqlite:///"):
        Path(db_url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    provider = None
    if db_url.startswith("postgres"):  # keyring, ~/.pgpass, PGPASSWORD, or ask once here
        provider = password_provider(db_url, prompt=ask_password)
    db = _open_database(db_url, provider)
    services = Services.build(db, Actor(_(SETUP_ADMIN)), package_keys=_package_keys(settings))
    try:
        services.setup.initialise(backup_dir=backups_dir() / "migrations")
        services.encryption.check_policy()  # the administrator may require an encrypted file
    except BaseException:
        services.close()
        raise
    return services


def _open_database(db_url: str, provider: PasswordProvider | None) -> Database:
    """Open the database; an encrypted laptop file asks for its passphrase (three tries; a
    wrong one says so and changes nothing). $KOMORO_DB_PASSPHRASE serves automation, and a
    passphrase saved in the OS keyring by `encrypt --remember` is tried first."""
    from komoro_feedback.store.database import Database

    path = Path(db_url.removeprefix("sqlite:///")) if db_url.startswith("sqlite:///") else None
    if not is_encrypted(path):
        return Database(db_url, password_provider=provider)
    error = ""
    for attempt in range(3):
        given = None
        if attempt == 0:  # automation, then the OS keyring (`encrypt --remember`)
            given = os.environ.get(ENV_DB_PASSPHRASE) or stored_db_passphrase(path)
        passphrase = given or ask_db_passphrase(str(path), error)
        if passphrase is None:
            raise PassphraseError(_("パスフレーズが入力されなかったため、起動を中止しました。"))
        try:
            return Database(db_url, passphrase=passphrase)
        except PassphraseError as exc:
            error = str(exc)
    raise PassphraseError(error)


def ask_db_passphrase(where: str, error: str = "") -> str | None:
    """The passphrase of an encrypted database file, asked at start (never saved)."""
    prompt = _("このデータベースは暗号化されています（{where}）。パスフレーズを入力してください。")
    text, ok = QInputDialog.getText(
        None,
        "Komoro Feedback",
        "\n".join(x for x in (error, prompt.format(where=where)) if x),
        QLineEdit.EchoMode.Password,
    )
    return text if ok and text else None


def _package_keys(settings: UserSettings) -> PackageKeys | None:
    """The key file set up for packages; without one (or unreadable) the dialogs ask for the
    passphrase when a package is made or read."""
    if not settings.package_key_file:
        return None
    from komoro_feedback.services.package_crypto import KeyFileKeys

    try:
        return KeyFileKeys.load(Path(settings.package_key_file))
    except KomoroError:
        return None


def ask_password(where: str) -> str | None:
    """The PostgreSQL password, asked in a dialog when no keyring or .pgpass has it."""
    text, ok = QInputDialog.getText(
        None,
        "Komoro Feedback",
        _("{where} のパスワード").format(where=where),
        QLineEdit.EchoMode.Password,
    )
    return text if ok and text else None


def _open_or_fall_back(settings: UserSettings) -> Services | None:
    """Open the configured database; if that fails, offer the local file instead of quitting."""
    from sqlalchemy.exc import ArgumentError

    try:
        return open_services(settings)
    except (KomoroError, ArgumentError) as exc:
        error = str(exc)
    if not settings.database_url or os.environ.get(ENV_DATABASE_URL):
        QMessageBox.critical(None, "Komoro Feedback", error)
        return None
    answer = QMessageBox.question(
        None,
        "Komoro Feedback",
        _(
            "設定の接続先を開けませんでした: {error}\n\n"
            "このパソコンの標準のデータベースファイルで起動しますか？"
            "（設定の接続先は空欄に戻ります。設定画面でいつでも変更できます）"
        ).format(error=error),
    )
    if answer != QMessageBox.StandardButton.Yes:
        return None
    settings.database_url = ""
    settings.save()
    try:
        return open_services(settings)
    except KomoroError as exc:
        QMessageBox.critical(None, "Komoro Feedback", str(exc))
        return None


def sign_in_before_opening(settings: UserSettings) -> str | None:
    """On a plain SQLite file that needs nothing done first, the sign-in dialog shows before
    SQLAlchemy and the services load (about a third of the time to it), from the staff list
    read with the stdlib driver. Returns the name chosen, "" when the person quits, and None
    for any other database (it is opened first and the dialog follows, as always)."""
    from komoro_feedback.config import sqlite_file
    from komoro_feedback.services.quick_catalog import QuickStaffList

    from komoro_feedback.ui.dialogs.sign_in_dialog import SignInDialog

    path = sqlite_file(resolve_database_url(settings=settings))
    staff = QuickStaffList.open(path) if path is not None else None
    if staff is None:
        return None
    dialog = SignInDialog(staff, settings)
    if dialog.exec() != SignInDialog.DialogCode.Accepted:
        return ""
    return dialog.chosen


def sign_in(services: Services, settings: UserSettings, chosen: str | None = None) -> bool:
    """Who is using the app: the server's login on PostgreSQL, else a choice from the staff
    list (the dialog, unless the person chose before the file was opened); False when the
    person quits instead."""
    if chosen is not None and not services.db.is_postgresql:
        try:
            services.identity.sign_in(chosen)
            return True
        except KomoroError:  # the staff list changed in the meantime: ask again
            pass
    if services.db.is_postgresql:
        try:
            services.identity.sign_in()
        except KomoroError as exc:
            QMessageBox.critical(None, "Komoro Feedback", str(exc))
            return False
        return True
    from komoro_feedback.ui.dialogs.sign_in_dialog import SignInDialog

    return SignInDialog(services, settings).exec() == SignInDialog.DialogCode.Accepted


def _housekeeping(services: Services) -> None:
    """Beside the window at start-up: the retention rule for personal data, then the backup
    (in that order, so that a new copy does not keep names the rule has just removed)."""
    from sqlalchemy.exc import SQLAlchemyError

    # A locked database: the next start tries again; the app still works meanwhile.
    with contextlib.suppress(KomoroError, SQLAlchemyError):
        services.privacy.purge_expired()
    # PostgreSQL, or an unwritable folder: the app still works; those backups are city IT's.
    with contextlib.suppress(KomoroError):
        services.backups.auto_backup(backups_dir())


def run_gui(argv: list[str] | None = None) -> int:
    app = QApplication.instance() or QApplication(argv or sys.argv)
    assert isinstance(app, QApplication)
    app.setApplicationName("Komoro Feedback")
    collector = GuiThreadCollector(app)  # cycles are freed on this thread, never a worker's
    reporter = CrashReporter(log_file(), app)  # an error in a slot: a dialog, and work goes on
    on_uncaught(reporter.report)
    settings = UserSettings.load()
    # First start (nothing saved): the language of the OS; a hand-edited value: Japanese.
    settings.language = startup_language(UserSettings.saved_language(), QLocale.system().name())
    set_language(settings.language)
    QT_LANGUAGE.install(app, settings.language)
    install_fonts(app, settings.large_text)
    chosen = sign_in_before_opening(settings)
    if chosen == "":  # the person quit at the dialog
        return 0
    services = _open_or_fall_back(settings)
    if services is None:
        return 1
    if not sign_in(services, settings, chosen):
        services.close()
        return 0
    log.info("database opened (%s)", services.db.url.get_backend_name())
    from komoro_feedback.ui.main_window import MainWindow

    window = MainWindow(services, settings)
    window.show()
    log.info("window shown")
    QTimer.singleShot(SETTLE_AFTER_MS, collector.freeze_startup_objects)
    # The daily/weekly copies run beside the window, not before it: a 1 GB file takes seconds.
    # Built here, on this thread: services are built on first use, and two threads must not
    # build the same one at once (cached_property has no lock from Python 3.12 on).
    built = (services.privacy, services.backups)
    assert all(built)
    backup = threading.Thread(target=_housekeeping, args=(services,), daemon=True)
    backup.start()
    code = app.exec()
    log.info("app closed (%d)", code)
    backup.join(timeout=30)  # a copy under way finishes (or stays a .partial file)
    services.close()
    collector.stop()
    return int(code)
