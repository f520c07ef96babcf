"""Gettext set-up for every layer: Japanese msgids, an English catalog, switchable at run time."""

from __future__ import annotations

import gettext
from dataclasses import dataclass
from pathlib import Path
from typing import Final, Literal, TypeGuard

from komoro_feedback import paths

Language = Literal["ja", "en"]

DOMAIN: Final = "komoro_feedback"
SUPPORTED_LANGUAGES: Final[tuple[Language, ...]] = ("ja", "en")
DEFAULT_LANGUAGE: Final[Language] = "ja"


@dataclass(frozen=True)
class _Active:
    """The language in use and its loaded catalog."""

    language: Language
    translations: gettext.NullTranslations


# The one piece of process state: gettext is process-wide by nature. Replaced as a whole so a
# reader on another thread sees either the old or the new language, never a mix.
_active: _Active | None = None


def is_supported_language(code: str) -> TypeGuard[Language]:
    """Whether `code` names a language the app ships ("ja" or "en")."""
    return code in SUPPORTED_LANGUAGES


def catalog_path(code: Language, locale_dir: Path | None = None) -> Path:
    """Where the compiled catalog for `code` is looked up."""
    base = paths.locale_dir() if locale_dir is None else locale_dir
    return base / code / "LC_MESSAGES" / f"{DOMAIN}.mo"


def load_translations(code: Language, locale_dir: Path | None = None) -> gettext.NullTranslations:
    """Load the compiled catalog for `code`; a missing one shows the msgids (Japanese)."""
    path = catalog_path(code, locale_dir)
    # Read the file ourselves rather than through gettext.translation(), whose process-wide
    # cache would keep serving a catalog recompiled while the app (or a test) is running.
    try:
        with path.open("rb") as fp:
            return gettext.GNUTranslations(fp)
    except FileNotFoundError:
        return gettext.NullTranslations()


def set_language(code: str, locale_dir: Path | None = None) -> None:
    """Switch the language of every later `_()` call; `locale_dir` overrides the bundled catalogs.

    Raises ValueError for a language the app does not ship.
    """
    global _active
    if not is_supported_language(code):
        raise ValueError(f"unsupported language {code!r}; expected one of {SUPPORTED_LANGUAGES}")
    _active = _Active(code, load_translations(code, locale_dir))


def current_language() -> Language:
    """The language `_()` translates into now."""
    return _current().language


def _(message: str) -> str:
    """Translate `message` (a Japanese msgid) into the current language."""
    return _current().translations.gettext(message)


def N_(message: str) -> str:
    """Mark `message` for extraction without translating it; call `_()` on it when shown."""
    return message


def ngettext(singular: str, plural: str, n: int) -> str:
    """Translate a count-dependent message; Japanese has one form, so pass the same text twice."""
    return _current().translations.ngettext(singular, plural, n)


def _current() -> _Active:
    global _active
    active = _active
    if active is None:
        active = _active = _Active(DEFAULT_LANGUAGE, load_translations(DEFAULT_LANGUAGE))
    return active
