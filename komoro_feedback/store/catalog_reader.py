"""Read the programme, wards and sign-in facts of an SQLite file with the stdlib driver.

The quick path of the read-only commands `catalog` and `wards`: SQLAlchemy's ORM costs about
0.3 s to import, several times the rest of such a command. Only reads; the same SQL the ORM
repositories issue (store/catalog_repository.py), so rows come back in the same order and
become the same domain objects. Anything unusual (not at the schema head, not seeded, a
rule to enforce) is left to the ORM path, which reports it as before.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from komoro_feedback.domain.catalog import District, Pillar, Policy, Programme, Staff, Stance, Ward
from komoro_feedback.domain.enums import PolicyKind, PolicyMark
from komoro_feedback.domain.roles import Role
from komoro_feedback.store import sqlcipher
from komoro_feedback.store.setting_keys import INSTALLATION_ID, REQUIRE_ENCRYPTION


@dataclass(frozen=True, slots=True)
class FileState:
    """What the ORM path would check or set up before a command runs."""

    revisions: frozenset[str]  # alembic_version
    installation_id: bool  # set on the first initialise
    programme_codes: tuple[str, ...]
    districts: int
    departments: int
    encryption_required: bool
    staff: tuple[Staff, ...]  # the active staff list, by name


class CatalogReader:
    """One read transaction on one file: a consistent snapshot for the whole command."""

    def __init__(self, path: Path, passphrase: str | None) -> None:
        """`passphrase`: an SQLCipher file's (None for a plain file). A wrong one raises."""
        self._conn: Any = sqlcipher.connect(
            path, passphrase, timeout=sqlcipher.BUSY_TIMEOUT_MS / 1000, isolation_level=None
        )
        try:
            self._conn.execute(f"PRAGMA busy_timeout = {sqlcipher.BUSY_TIMEOUT_MS}")
            self._conn.execute("BEGIN")
        except BaseException:
            self._conn.close()
            raise

    def close(self) -> None:
        self._conn.close()  # ends the read transaction

    def _all(self, sql: str, *params: Any) -> list[Any]:
        return list(self._conn.execute(sql, params).fetchall())

    def _tables(self) -> set[str]:
        return {r[0] for r in self._all("SELECT name FROM sqlite_master WHERE type = 'table'")}

    def state(self) -> FileState | None:
        """None for a file without the app's tables (new, foreign, or far behind)."""
        needed = {"alembic_version", "app_setting", "programme", "district", "department", "staff"}
        if not needed <= self._tables():
            return None
        setting = 'SELECT app_setting.value FROM app_setting WHERE app_setting."key" = ?'
        required = self._all(setting, REQUIRE_ENCRYPTION)
        return FileState(
            revisions=frozenset(r[0] for r in self._all("SELECT version_num FROM alembic_version")),
            installation_id=bool(self._all(setting, INSTALLATION_ID)),
            programme_codes=tuple(
                r[0] for r in self._all("SELECT code FROM programme ORDER BY period_start")
            ),
            districts=self._all("SELECT count(*) FROM district")[0][0],
            departments=self._all("SELECT count(*) FROM department")[0][0],
            encryption_required=bool(required) and required[0][0] == "1",
            staff=tuple(
                Staff(r[0], r[1], r[2], bool(r[3]), Role(r[4]), r[5])
                for r in self._all(
                    "SELECT staff.id, staff.name, staff.department_id, staff.active, staff.role,"
                    " staff.login_name FROM staff WHERE staff.active IS 1 ORDER BY staff.name"
                )
            ),
        )

    def programme(self) -> Programme | None:
        """The current programme (CatalogRepository.programme with no id)."""
        rows = self._all(
            "SELECT programme.id, programme.code, programme.name, programme.period_start,"
            " programme.period_end, programme.is_current FROM programme"
            " WHERE programme.is_current IS 1"
        )
        if not rows:
            return None
        pid, code, name, start, end, current = rows[0]
        stances = tuple(
            Stance(*r)
            for r in self._all(
                "SELECT stance.number, stance.title, stance.text FROM stance"
                " WHERE stance.programme_id = ? ORDER BY stance.number",
                pid,
            )
        )
        pillar_rows = self._all(
            "SELECT pillar.id, pillar.number, pillar.name, pillar.field, pillar.intro FROM pillar"
            " WHERE pillar.programme_id = ? ORDER BY pillar.number",
            pid,
        )
        numbers = {r[0]: r[1] for r in pillar_rows}
        by_pillar: dict[int, list[Policy]] = defaultdict(list)
        for r in self._all(
            "SELECT policy.id, policy.code, policy.title, policy.text, policy.mark, policy.kind,"
            " policy.pillar_id, policy.programme_id FROM policy"
            " WHERE policy.programme_id = ? ORDER BY policy.position",
            pid,
        ):
            by_pillar[r[6]].append(
                Policy(
                    r[0], r[1], r[2], r[3], PolicyMark(r[4]), PolicyKind(r[5]), numbers[r[6]], r[7]
                )
            )
        pillars = tuple(
            Pillar(i, number, name, field, intro, tuple(by_pillar[i]))
            for i, number, name, field, intro in pillar_rows
        )
        return Programme(pid, code, name, start, end, bool(current), stances, pillars)

    def districts(self, *, include_merged: bool = False) -> list[District]:
        """Districts with their wards (CatalogRepository.districts)."""
        where = "" if include_merged else " WHERE ward.merged_into_id IS NULL"
        wards: dict[int, list[Ward]] = defaultdict(list)
        for r in self._all(
            "SELECT ward.id, ward.name, ward.district_id, ward.position, ward.kind,"
            f" ward.merged_into_id, ward.reading FROM ward{where}"
            " ORDER BY ward.district_id, ward.position, ward.id"
        ):
            wards[r[2]].append(Ward(*r))
        return [
            District(r[0], r[1], r[2], tuple(wards[r[0]]))
            for r in self._all(
                "SELECT district.id, district.name, district.position FROM district"
                " ORDER BY district.position"
            )
        ]
