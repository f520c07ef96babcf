"""Where bundled resources and migrations live, in a checkout and in an installed wheel."""

from __future__ import annotations

from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent


def resources_dir() -> Path:
    """The resources folder: `_resources` in an installed wheel, else the repo's `resources/`."""
    installed = _PACKAGE_DIR / "_resources"
    if installed.is_dir():
        return installed
    return _PACKAGE_DIR.parent / "resources"


def db_dir() -> Path:
    """The Alembic folder: `_db` inside an installed wheel, else the repo's `db/`."""
    installed = _PACKAGE_DIR / "_db"
    if installed.is_dir():
        return installed
    return _PACKAGE_DIR.parent / "db"


def locale_dir() -> Path:
    """The gettext catalogs: `<resources>/locale/<lang>/LC_MESSAGES/komoro_feedback.mo`."""
    return resources_dir() / "locale"


def fonts_dir() -> Path:
    """The bundled fonts and their licences."""
    return resources_dir() / "fonts"
