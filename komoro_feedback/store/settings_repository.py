"""Per-database key/value facts (installation id, seed markers)."""

from __future__ import annotations

import uuid

from sqlalchemy.orm import Session

from komoro_feedback.store.models import SettingRow
from komoro_feedback.store.setting_keys import INSTALLATION_ID

__all__ = ["INSTALLATION_ID", "SettingsRepository"]


class SettingsRepository:
    """Small facts kept in the database itself, so they travel with backups."""

    def get(self, s: Session, key: str) -> str | None:
        row = s.get(SettingRow, key)
        return row.value if row else None

    def put(self, s: Session, key: str, value: str) -> None:
        row = s.get(SettingRow, key)
        if row is None:
            s.add(SettingRow(key=key, value=value))
        else:
            row.value = value

    def installation_id(self, s: Session) -> str:
        value = self.get(s, INSTALLATION_ID)
        if value is None:
            value = str(uuid.uuid4())
            self.put(s, INSTALLATION_ID, value)
        return value
