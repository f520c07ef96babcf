"""The seeded programme and wards, and the administrator's ward and department changes."""

from __future__ import annotations

import pytest

from komoro_feedback.domain.enums import PolicyKind, PolicyMark
from komoro_feedback.domain.errors import ValidationError
from komoro_feedback.services.container import Services
from tests.helpers import record


def test_programme_is_seeded_with_pillars_policies_and_marks(services: Services) -> None:
    prog = services.catalog.programme()
    assert prog.name == "こもろ未来プロジェクト2024"
    assert (prog.period_start, prog.period_end) == (2024, 2027)
    assert [len(p.policies) for p in prog.pillars] == [16, 7, 8, 19, 7, 10]
    assert sum(p.kind is PolicyKind.NEW for p in prog.policies()) == 7
    p = prog.policy("1-03")
    assert p is not None and p.mark is PolicyMark.IMMEDIATE and p.kind is PolicyKind.NEW
    assert len(prog.stances) == 3


def test_districts_and_wards_in_the_city_order(services: Services) -> None:
    districts = services.catalog.districts()
    assert len(districts) == 10
    assert sum(len(d.wards) for d in districts) == 68
    assert districts[0].name == "中央(東南部)"
    assert [w.name for w in districts[0].wards][:3] == ["小原", "東小諸", "東山"]


def test_ward_lookup_ignores_width_and_kana(services: Services) -> None:
    assert services.catalog.ward_by_name("緑ケ丘").name == "緑ヶ丘"
    with pytest.raises(ValidationError, match="見つかりません"):
        services.catalog.ward_by_name("存在しない区")


def test_rename_keeps_old_comments_and_audits(services: Services) -> None:
    c = record(services, "区名変更の前", ward="乙女")
    ward = services.catalog.ward_by_name("乙女")
    services.catalog.rename_ward(ward.id, "乙女町")
    assert services.comments.get(c.id).ward_name == "乙女町"


def test_quasi_ward_and_departments(services: Services) -> None:
    district = services.catalog.district_by_name("北大井")
    quasi = services.catalog.add_ward(district.id, "新しい準区", quasi=True)
    assert quasi.kind == "quasi"
    assert quasi in services.catalog.districts()[6].wards or any(
        w.id == quasi.id for d in services.catalog.districts() for w in d.wards
    )
    dep = services.catalog.add_department("デジタル推進課")
    with pytest.raises(ValidationError, match="すでに"):
        services.catalog.add_department("デジタル推進課")
    services.catalog.update_department(dep.id, active=False)
    assert "デジタル推進課" not in {d.name for d in services.catalog.departments()}


def test_only_the_catalog_role_sets_a_ward_reading(sqlite_url: str) -> None:
    import pytest as _pytest

    from komoro_feedback.domain.roles import PermissionDeniedError, Role
    from komoro_feedback.services.actor import Actor
    from komoro_feedback.services.container import Services
    from komoro_feedback.store.database import Database

    recorder = Services.build(Database(sqlite_url), Actor("記録 花子", role=Role.RECORDER))
    try:
        ward = recorder.catalog.ward_by_name("市町")
        with _pytest.raises(PermissionDeniedError):
            recorder.catalog.set_ward_reading(ward.id, "いちまち")
        assert recorder.catalog.ward_by_name("市町").reading == ""
    finally:
        recorder.close()
