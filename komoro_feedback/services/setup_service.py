"""Create or upgrade a database and seed the programme, districts, wards and departments."""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from komoro_feedback.domain.catalog import CURRENT_PROGRAMME
from komoro_feedback.domain.errors import StorageError
from komoro_feedback.i18n.translation import _
from komoro_feedback.paths import resources_dir
from komoro_feedback.services.actor import Actor
from komoro_feedback.store.audit import write_audit
from komoro_feedback.store.catalog_repository import CatalogRepository
from komoro_feedback.store.database import Database
from komoro_feedback.store.migrations import check_not_newer, upgrade
from komoro_feedback.store.settings_repository import SettingsRepository


@dataclass(frozen=True, slots=True)
class SetupReport:
    """What initialise() did."""

    migrated_from_backup: Path | None
    seeded_programmes: tuple[str, ...]
    seeded_wards: int
    seeded_departments: int


def load_programme_data(code: str = CURRENT_PROGRAMME) -> dict[str, Any]:
    path = resources_dir() / "programmes" / f"{code}.json"
    with path.open(encoding="utf-8") as fh:
        data: dict[str, Any] = json.load(fh)
    return data


def load_ward_rows() -> list[dict[str, str]]:
    path = resources_dir() / "wards" / "komoro-wards.csv"
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def load_department_names() -> list[str]:
    path = resources_dir() / "departments.csv"
    with path.open(encoding="utf-8", newline="") as fh:
        return [row["name"] for row in csv.DictReader(fh) if row["name"].strip()]


class SetupService:
    """Brings any database (new, old or current) to a usable state; idempotent."""

    def __init__(self, db: Database, actor: Actor) -> None:
        self.db = db
        self.actor = actor
        self.catalog = CatalogRepository()
        self.settings = SettingsRepository()

    def initialise(self, backup_dir: Path | None = None) -> SetupReport:
        path = self.db.sqlite_path
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
        backup = upgrade(self.db, backup_dir=backup_dir)
        programmes: list[str] = []
        wards = departments = 0
        now = self.actor.now()
        with self.db.write() as s:
            self.settings.installation_id(s)
            if CURRENT_PROGRAMME not in self.catalog.programme_codes(s):
                data = load_programme_data()
                pid = self.catalog.insert_programme(s, data, current=True)
                programmes.append(CURRENT_PROGRAMME)
                write_audit(
                    s,
                    entity="programme",
                    entity_id=pid,
                    action="create",
                    changes=[("code", "", CURRENT_PROGRAMME)],
                    user=self.actor.name,
                    at=now,
                )
            if self.catalog.district_count(s) == 0:
                district_ids: dict[str, int] = {}
                for row in load_ward_rows():
                    name = row["district"]
                    if name not in district_ids:
                        district_ids[name] = self.catalog.insert_district(
                            s, name, int(row["district_order"])
                        )
                    self.catalog.insert_ward(
                        s,
                        district_ids[name],
                        row["ward"],
                        int(row["ward_order"]),
                        reading=row.get("reading") or "",
                    )
                    wards += 1
            if not self.catalog.departments(s, include_inactive=True):
                for name in load_department_names():
                    self.catalog.insert_department(s, name)
                    departments += 1
        return SetupReport(backup, tuple(programmes), wards, departments)

    def check_openable(self) -> None:
        """Refuse a missing, foreign or newer database without changing it."""
        path = self.db.sqlite_path
        if path is not None and not path.exists():
            raise StorageError(_("データベースファイルがありません: {p}").format(p=path))
        if check_not_newer(self.db) is None:
            raise StorageError(
                _(
                    "Komoro Feedbackのデータベースではありません（未初期化）。"
                    "`init` を実行してください。"
                )
            )
