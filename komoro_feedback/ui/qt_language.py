"""Qt's own texts (file, print and message dialogs, standard buttons) in the UI language."""

from __future__ import annotations

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtWidgets import QApplication


class QtLanguage:
    """Keeps the one qtbase translator installed on the application (none for English)."""

    def __init__(self) -> None:
        self._translator: QTranslator | None = None

    def install(self, app: QApplication, code: str) -> bool:
        """Load qtbase_<code>, replacing the previous one; returns whether Qt has it."""
        if self._translator is not None:
            app.removeTranslator(self._translator)
            self._translator = None
        language = QLocale.Language.Japanese if code == "ja" else QLocale.Language.English
        QLocale.setDefault(QLocale(language))
        if code == "en":  # Qt's texts are English already
            return True
        translator = QTranslator(app)
        folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        if not translator.load(f"qtbase_{code}", folder):
            return False
        app.installTranslator(translator)
        self._translator = translator
        return True


#: One per process, like the QApplication it serves.
QT_LANGUAGE = QtLanguage()
