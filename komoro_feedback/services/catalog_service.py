"""The programme, districts, wards, departments and staff, and their administration."""

from __future__ import annotations

import json
from datetime import date

from sqlalchemy.orm import Session

from komoro_feedback.domain.catalog import Department, District, Policy, Programme, Staff, Ward
from komoro_feedback.domain.errors import NotFoundError, ValidationError
from komoro_feedback.domain.roles import Action, Role
from komoro_feedback.domain.text import normalize_for_search, to_katakana
from komoro_feedback.i18n.translation import _
from komoro_feedback.paths import resources_dir
from komoro_feedback.services.actor import Actor
from komoro_feedback.store.audit import write_audit
from komoro_feedback.store.catalog_repository import CatalogRepository
from komoro_feedback.store.database import Database


class CatalogService:
    """Reads the reference data; lets an administrator keep wards and departments current."""

    def __init__(self, db: Database, actor: Actor, repo: CatalogRepository | None = None) -> None:
        self.db = db
        self.actor = actor
        self.repo = repo or CatalogRepository()

    # --- reading ----------------------------------------------------------------------------
    def programme(self, programme_id: int | None = None) -> Programme:
        with self.db.read() as s:
            prog = self.repo.programme(s, programme_id)
        if prog is None:
            raise NotFoundError(_("政策集が登録されていません。`init` を実行してください。"))
        return prog

    def policy_words(self, programme: Programme) -> dict[str, list[str]]:
        """The everyday words citizens use for each policy (curated with the programme)."""
        path = resources_dir() / "programmes" / f"{programme.code}-keywords.json"
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):  # a new programme before its words are written
            return {}
        policies = data.get("policies", {}) if isinstance(data, dict) else {}
        return {str(code): [str(w) for w in words] for code, words in policies.items()}

    def programmes(self) -> list[Programme]:
        with self.db.read() as s:
            return self.repo.programmes(s)

    def all_policies(self) -> list[Policy]:
        with self.db.read() as s:
            return self.repo.all_policies(s)

    def policy_by_code(self, code: str, programme_id: int | None = None) -> Policy:
        prog = self.programme(programme_id)
        wanted = code.strip()
        policy = prog.policy(wanted)
        if policy is None:
            raise ValidationError(
                _("政策コード「{code}」は{programme}にありません。").format(
                    code=code, programme=prog.name
                )
            )
        return policy

    def districts(self, *, include_merged: bool = False) -> list[District]:
        with self.db.read() as s:
            return self.repo.districts(s, include_merged=include_merged)

    def wards(self, *, include_merged: bool = False) -> list[Ward]:
        return [w for d in self.districts(include_merged=include_merged) for w in d.wards]

    def ward_by_name(self, name: str) -> Ward:
        """Find an active ward by name (width and kana differences ignored)."""
        key = normalize_for_search(name)
        matches = [w for w in self.wards() if normalize_for_search(w.name) == key]
        if not matches:
            raise ValidationError(_("区「{name}」が見つかりません。").format(name=name))
        if len(matches) > 1:
            raise ValidationError(_("区「{name}」が複数の地区にあります。").format(name=name))
        return matches[0]

    def district_by_name(self, name: str) -> District:
        key = normalize_for_search(name)
        for d in self.districts():
            if normalize_for_search(d.name) == key:
                return d
        raise ValidationError(_("地区「{name}」が見つかりません。").format(name=name))

    def departments(self, *, include_inactive: bool = False) -> list[Department]:
        with self.db.read() as s:
            return self.repo.departments(s, include_inactive=include_inactive)

    def department_by_name(self, name: str) -> Department:
        for d in self.departments(include_inactive=True):
            if d.name == name.strip():
                return d
        raise ValidationError(_("担当課「{name}」が見つかりません。").format(name=name))

    def staff(self, *, include_inactive: bool = False) -> list[Staff]:
        with self.db.read() as s:
            return self.repo.staff(s, include_inactive=include_inactive)

    # --- administration ---------------------------------------------------------------------
    def add_ward(self, district_id: int, name: str, *, quasi: bool = False) -> Ward:
        self.actor.require(Action.CATALOG)
        name = _required_name(name)
        now = self.actor.now()
        with self.db.write() as s:
            pos = self.repo.max_ward_position(s, district_id) + 1
            ward_id = self.repo.insert_ward(s, district_id, name, pos, "quasi" if quasi else "ward")
            write_audit(
                s,
                entity="ward",
                entity_id=ward_id,
                action="create",
                changes=[("name", "", name)],
                user=self.actor.name,
                at=now,
            )
            ward = self.repo.ward(s, ward_id)
        assert ward is not None
        return ward

    def rename_ward(self, ward_id: int, new_name: str) -> Ward:
        """Rename in place: old comments follow the ward, the audit log keeps the old name."""
        return self._edit_ward(ward_id, name=_required_name(new_name))

    def set_ward_reading(self, ward_id: int, reading: str) -> Ward:
        """The reading staff type to find a ward (hiragana is kept as katakana); may be empty."""
        reading = to_katakana(reading.strip().replace(" ", "").replace("\u3000", ""))
        if len(reading) > 100:
            raise ValidationError(_("読みが長すぎます（100文字まで）。"))
        return self._edit_ward(ward_id, reading=reading)

    def _edit_ward(self, ward_id: int, **fields: str) -> Ward:
        self.actor.require(Action.CATALOG)
        with self.db.write() as s:
            row = self.repo.ward_row(s, ward_id)
            if row is None:
                raise NotFoundError(_("区が見つかりません。"))
            self._update(s, "ward", ward_id, row, **fields)
            s.flush()
            ward = self.repo.ward(s, ward_id)
        assert ward is not None
        return ward

    def merge_wards(self, source_ids: list[int], target_id: int, on: date | None = None) -> None:
        """合区: the sources stop being offered; old comments keep pointing at them."""
        self.actor.require(Action.CATALOG)
        if target_id in source_ids or not source_ids:
            raise ValidationError(_("統合先と統合元は別の区を選んでください。"))
        now = self.actor.now()
        with self.db.write() as s:
            target = self.repo.ward_row(s, target_id)
            if target is None or target.merged_into_id is not None:
                raise ValidationError(_("統合先の区が見つからないか、すでに統合されています。"))
            for sid in source_ids:
                row = self.repo.ward_row(s, sid)
                if row is None or row.merged_into_id is not None:
                    raise ValidationError(_("統合元の区が見つからないか、すでに統合されています。"))
                row.merged_into_id = target_id
                row.merged_on = on or now.date()
                write_audit(
                    s,
                    entity="ward",
                    entity_id=sid,
                    action="merge",
                    changes=[("merged_into", "", target.name)],
                    user=self.actor.name,
                    at=now,
                )

    def add_department(self, name: str) -> Department:
        self.actor.require(Action.CATALOG)
        name = _required_name(name)
        now = self.actor.now()
        with self.db.write() as s:
            if any(d.name == name for d in self.repo.departments(s, include_inactive=True)):
                raise ValidationError(_("担当課「{name}」はすでにあります。").format(name=name))
            dep_id = self.repo.insert_department(s, name)
            write_audit(
                s,
                entity="department",
                entity_id=dep_id,
                action="create",
                changes=[("name", "", name)],
                user=self.actor.name,
                at=now,
            )
        return Department(dep_id, name, True)

    def update_department(
        self, department_id: int, *, name: str | None = None, active: bool | None = None
    ) -> None:
        self.actor.require(Action.CATALOG)
        with self.db.write() as s:
            row = self.repo.department_row(s, department_id)
            if row is None:
                raise NotFoundError(_("担当課が見つかりません。"))
            self._update(s, "department", department_id, row, name=name, active=active)

    def add_staff(
        self,
        name: str,
        department_id: int | None = None,
        *,
        role: Role = Role.RECORDER,
        login_name: str | None = None,
    ) -> Staff:
        self.actor.require(Action.CATALOG)
        name = _required_name(name)
        login = _login_name(login_name)
        now = self.actor.now()
        with self.db.write() as s:
            self._check_unique_staff(s, name, login)
            staff_id = self.repo.insert_staff(s, name, department_id, role, login)
            write_audit(
                s,
                entity="staff",
                entity_id=staff_id,
                action="create",
                changes=[("name", "", name), ("role", "", role.value), ("login_name", "", login)],
                user=self.actor.name,
                at=now,
            )
        return Staff(staff_id, name, department_id, True, role, login)

    def update_staff(
        self,
        staff_id: int,
        *,
        name: str | None = None,
        department_id: int | None = None,
        active: bool | None = None,
        role: Role | None = None,
        login_name: str | None = None,
    ) -> None:
        """login_name "" removes the login; None leaves it as it is."""
        self.actor.require(Action.CATALOG)
        with self.db.write() as s:
            row = self.repo.staff_row(s, staff_id)
            if row is None:
                raise NotFoundError(_("職員が見つかりません。"))
            login = _login_name(login_name) if login_name is not None else None
            self._check_unique_staff(s, name.strip() if name else None, login, except_id=staff_id)
            self._update(
                s,
                "staff",
                staff_id,
                row,
                name=name,
                department_id=department_id,
                active=active,
                role=role.value if role else None,
            )
            if login_name is not None and (login or None) != row.login_name:
                self._update(s, "staff", staff_id, row, login_name=login or None)

    def _check_unique_staff(
        self, s: Session, name: str | None, login: str | None, except_id: int | None = None
    ) -> None:
        """Sign-in picks a person by name (SQLite) or login (PostgreSQL): both must be unique."""
        for other in self.repo.staff(s, include_inactive=True):
            if other.id == except_id:
                continue
            if name and other.name == name:
                raise ValidationError(_("職員「{name}」はすでにいます。").format(name=name))
            if login and other.login_name == login:
                raise ValidationError(
                    _("ログイン名「{login}」はすでに使われています。").format(login=login)
                )

    def _update(
        self, s: Session, entity: str, entity_id: int, row: object, **fields: object
    ) -> None:
        """Set the given (non-None) fields on a catalog row and audit each change."""
        if isinstance(fields.get("name"), str):
            fields["name"] = _required_name(str(fields["name"]))
        changes = [(k, getattr(row, k), v) for k, v in fields.items() if v is not None]
        for k, _before, v in changes:
            setattr(row, k, v)
        write_audit(
            s,
            entity=entity,
            entity_id=entity_id,
            action="update",
            changes=changes,
            user=self.actor.name,
            at=self.actor.now(),
        )


def _login_name(login: str | None) -> str | None:
    """A PostgreSQL login: letters, digits, _ . - @ only (it is quoted into GRANT statements)."""
    text = (login or "").strip()
    if not text:
        return None
    if len(text) > 63 or not all(ch.isascii() and (ch.isalnum() or ch in "_.-@") for ch in text):
        raise ValidationError(
            _("ログイン名は半角英数字と _ . - @ で63文字までです: {login}").format(login=text)
        )
    return text


def _required_name(name: str) -> str:
    name = name.strip()
    if not name:
        raise ValidationError(_("名前を入力してください。"))
    if len(name) > 100:
        raise ValidationError(_("名前が長すぎます（100文字まで）。"))
    return name
