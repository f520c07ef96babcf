"""Where this installation keeps its data and settings, and which database it opens."""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, fields
from pathlib import Path

from platformdirs import user_config_dir, user_data_dir

APP_NAME = "KomoroFeedback"
ENV_DATABASE_URL = "KOMORO_DATABASE_URL"
ENV_DATA_DIR = "KOMORO_DATA_DIR"  # tests and portable installs point this at a folder
DB_FILENAME = "komoro-feedback.sqlite3"


def data_dir() -> Path:
    override = os.environ.get(ENV_DATA_DIR)
    return Path(override) if override else Path(user_data_dir(APP_NAME, appauthor=False))


def config_dir() -> Path:
    override = os.environ.get(ENV_DATA_DIR)
    return Path(override) if override else Path(user_config_dir(APP_NAME, appauthor=False))


def default_db_path() -> Path:
    return data_dir() / DB_FILENAME


def backups_dir() -> Path:
    return data_dir() / "backups"


@dataclass
class UserSettings:
    """Per-user preferences, saved as JSON in the config folder (never a password)."""

    language: str = "ja"
    recorder: str = ""
    database_url: str = ""  # empty: the embedded SQLite file in the data folder
    large_text: bool = False
    date_style: str = "western"  # or "era" (和暦)

    @classmethod
    def path(cls) -> Path:
        return config_dir() / "settings.json"

    @classmethod
    def load(cls) -> UserSettings:
        try:
            raw = json.loads(cls.path().read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return cls()
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in raw.items() if k in known})

    def save(self) -> None:
        path = self.path()
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(asdict(self), ensure_ascii=False, indent=2), encoding="utf-8")
        os.replace(tmp, path)


def resolve_database_url(
    db_path: str | None = None, url: str | None = None, settings: UserSettings | None = None
) -> str:
    """--db, then --database-url, then $KOMORO_DATABASE_URL, then settings, then the default."""
    if db_path:
        return f"sqlite:///{Path(db_path).expanduser().resolve()}"
    if url:
        return url
    env = os.environ.get(ENV_DATABASE_URL)
    if env:
        return env
    if settings and settings.database_url:
        return settings.database_url
    return f"sqlite:///{default_db_path()}"
