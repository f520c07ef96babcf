"""The language to start in when the user has not chosen one: the operating system's."""

from __future__ import annotations

import locale
import os
from collections.abc import Mapping

from komoro_feedback.i18n.translation import DEFAULT_LANGUAGE, Language, is_supported_language

#: POSIX locale variables in the order the C library consults them for messages.
LOCALE_VARIABLES = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")


def language_from_locale(name: str | None) -> Language:
    """'ja_JP.UTF-8', 'ja-JP', 'Japanese_Japan' → ja; 'en_US', 'de_DE' → en; 'C', '' → ja.

    The app is Japanese first: with no real locale (C/POSIX, a bare container) it stays ja.
    """
    code = (name or "").split(":")[0].strip().lower()
    if code in ("", "c", "posix") or code.startswith(("c.", "posix.")):
        return DEFAULT_LANGUAGE
    if code.startswith(("ja", "japanese")):
        return "ja"
    return "en"


def os_language(environ: Mapping[str, str] | None = None) -> Language:
    """From the locale variables (Linux, macOS terminals), else the Windows user locale."""
    env = os.environ if environ is None else environ
    for var in LOCALE_VARIABLES:
        if env.get(var):
            return language_from_locale(env[var])
    if os.name == "nt":
        return language_from_locale(locale.getlocale()[0])
    return DEFAULT_LANGUAGE


def startup_language(saved: str | None, system_locale: str | None) -> Language:
    """The language the user saved; on a first start (nothing saved), the system's."""
    if saved is not None:
        return saved if is_supported_language(saved) else DEFAULT_LANGUAGE
    return language_from_locale(system_locale)
