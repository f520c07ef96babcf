"""Programmes, pillars, policies, districts, wards, departments and staff."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from komoro_feedback.domain.catalog import (
    Department,
    District,
    Pillar,
    Policy,
    Programme,
    Staff,
    Stance,
    Ward,
)
from komoro_feedback.domain.enums import PolicyKind, PolicyMark
from komoro_feedback.domain.roles import Role
from komoro_feedback.store.models import (
    DepartmentRow,
    DistrictRow,
    PillarRow,
    PolicyRow,
    ProgrammeRow,
    StaffRow,
    StanceRow,
    WardRow,
)


class CatalogRepository:
    """Reads and writes the reference data every comment points at."""

    # --- programmes -------------------------------------------------------------------------
    def programme_codes(self, s: Session) -> list[str]:
        return list(s.scalars(select(ProgrammeRow.code).order_by(ProgrammeRow.period_start)))

    def insert_programme(self, s: Session, data: dict[str, Any], *, current: bool) -> int:
        """Insert a programme from its resource data (see resources/programmes/)."""
        if current:
            s.execute(update(ProgrammeRow).values(is_current=False))
        prog = ProgrammeRow(
            code=data["code"],
            name=data["name"],
            author=data.get("author", ""),
            published=date.fromisoformat(data["published"]) if data.get("published") else None,
            period_start=int(data["period_start"]),
            period_end=int(data["period_end"]),
            vision=data.get("vision", ""),
            is_current=current,
        )
        s.add(prog)
        s.flush()
        for st in data.get("stances", []):
            s.add(
                StanceRow(
                    programme_id=prog.id, number=st["number"], title=st["title"], text=st["text"]
                )
            )
        position = 0
        for p in data["pillars"]:
            pillar = PillarRow(
                programme_id=prog.id,
                number=p["number"],
                name=p["name"],
                field=p["field"],
                intro=p.get("intro", ""),
            )
            s.add(pillar)
            s.flush()
            for pol in p["policies"]:
                position += 1
                s.add(
                    PolicyRow(
                        programme_id=prog.id,
                        pillar_id=pillar.id,
                        code=pol["code"],
                        position=position,
                        title=pol["title"],
                        text=pol["text"],
                        mark=PolicyMark(pol["mark"]).value,
                        kind=PolicyKind(pol["kind"]).value,
                    )
                )
        s.flush()
        return prog.id

    def programmes(self, s: Session) -> list[Programme]:
        rows = s.scalars(select(ProgrammeRow).order_by(ProgrammeRow.period_start)).all()
        return [self._programme(s, r) for r in rows]

    def programme(self, s: Session, programme_id: int | None = None) -> Programme | None:
        """The given programme, or the current one."""
        q = select(ProgrammeRow)
        q = (
            q.where(ProgrammeRow.id == programme_id)
            if programme_id
            else q.where(ProgrammeRow.is_current.is_(True))
        )
        row = s.scalars(q).first()
        return self._programme(s, row) if row else None

    def _programme(self, s: Session, row: ProgrammeRow) -> Programme:
        stances = tuple(
            Stance(r.number, r.title, r.text)
            for r in s.scalars(
                select(StanceRow).where(StanceRow.programme_id == row.id).order_by(StanceRow.number)
            )
        )
        by_pillar: dict[int, list[Policy]] = defaultdict(list)
        pillar_rows = s.scalars(
            select(PillarRow).where(PillarRow.programme_id == row.id).order_by(PillarRow.number)
        ).all()
        numbers = {p.id: p.number for p in pillar_rows}
        for r in s.scalars(
            select(PolicyRow).where(PolicyRow.programme_id == row.id).order_by(PolicyRow.position)
        ):
            by_pillar[r.pillar_id].append(_policy(r, numbers[r.pillar_id]))
        pillars = tuple(
            Pillar(p.id, p.number, p.name, p.field, p.intro, tuple(by_pillar[p.id]))
            for p in pillar_rows
        )
        return Programme(
            row.id,
            row.code,
            row.name,
            row.period_start,
            row.period_end,
            row.is_current,
            stances,
            pillars,
        )

    def all_policies(self, s: Session) -> list[Policy]:
        """Every policy of every programme (old comments keep pointing at old policies)."""
        q = (
            select(PolicyRow, PillarRow.number)
            .join(PillarRow)
            .order_by(PolicyRow.programme_id, PolicyRow.position)
        )
        return [_policy(r, n) for r, n in s.execute(q)]

    # --- districts and wards ----------------------------------------------------------------
    def district_count(self, s: Session) -> int:
        return s.scalar(select(func.count()).select_from(DistrictRow)) or 0

    def insert_district(self, s: Session, name: str, position: int) -> int:
        row = DistrictRow(name=name, position=position)
        s.add(row)
        s.flush()
        return row.id

    def insert_ward(
        self,
        s: Session,
        district_id: int,
        name: str,
        position: int,
        kind: str = "ward",
        reading: str = "",
    ) -> int:
        row = WardRow(
            district_id=district_id, name=name, position=position, kind=kind, reading=reading
        )
        s.add(row)
        s.flush()
        return row.id

    def districts(self, s: Session, *, include_merged: bool = False) -> list[District]:
        wards: dict[int, list[Ward]] = defaultdict(list)
        q = select(WardRow).order_by(WardRow.district_id, WardRow.position, WardRow.id)
        if not include_merged:
            q = q.where(WardRow.merged_into_id.is_(None))
        for w in s.scalars(q):
            wards[w.district_id].append(_ward(w))
        return [
            District(d.id, d.name, d.position, tuple(wards[d.id]))
            for d in s.scalars(select(DistrictRow).order_by(DistrictRow.position))
        ]

    def ward(self, s: Session, ward_id: int) -> Ward | None:
        row = s.get(WardRow, ward_id)
        return _ward(row) if row else None

    def ward_row(self, s: Session, ward_id: int) -> WardRow | None:
        return s.get(WardRow, ward_id)

    def max_ward_position(self, s: Session, district_id: int) -> int:
        q = select(func.max(WardRow.position)).where(WardRow.district_id == district_id)
        return s.scalar(q) or 0

    # --- departments and staff --------------------------------------------------------------
    def departments(self, s: Session, *, include_inactive: bool = False) -> list[Department]:
        q = select(DepartmentRow).order_by(DepartmentRow.position, DepartmentRow.id)
        if not include_inactive:
            q = q.where(DepartmentRow.active.is_(True))
        return [Department(r.id, r.name, r.active) for r in s.scalars(q)]

    def department_row(self, s: Session, department_id: int) -> DepartmentRow | None:
        return s.get(DepartmentRow, department_id)

    def insert_department(self, s: Session, name: str) -> int:
        pos = (s.scalar(select(func.max(DepartmentRow.position))) or 0) + 1
        row = DepartmentRow(name=name, position=pos, active=True)
        s.add(row)
        s.flush()
        return row.id

    def staff(self, s: Session, *, include_inactive: bool = False) -> list[Staff]:
        q = select(StaffRow).order_by(StaffRow.name)
        if not include_inactive:
            q = q.where(StaffRow.active.is_(True))
        return [
            Staff(r.id, r.name, r.department_id, r.active, Role(r.role), r.login_name)
            for r in s.scalars(q)
        ]

    def staff_row(self, s: Session, staff_id: int) -> StaffRow | None:
        return s.get(StaffRow, staff_id)

    def insert_staff(
        self,
        s: Session,
        name: str,
        department_id: int | None,
        role: Role = Role.RECORDER,
        login_name: str | None = None,
    ) -> int:
        row = StaffRow(
            name=name,
            department_id=department_id,
            active=True,
            role=role.value,
            login_name=login_name or None,
        )
        s.add(row)
        s.flush()
        return row.id


def _policy(r: PolicyRow, pillar_number: int) -> Policy:
    return Policy(
        r.id,
        r.code,
        r.title,
        r.text,
        PolicyMark(r.mark),
        PolicyKind(r.kind),
        pillar_number,
        r.programme_id,
    )


def _ward(w: WardRow) -> Ward:
    return Ward(w.id, w.name, w.district_id, w.position, w.kind, w.merged_into_id, w.reading)
