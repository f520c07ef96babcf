"""The numbers behind the dashboard charts, computed from the query service's counts."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from komoro_feedback.domain.catalog import District, Programme
from komoro_feedback.domain.enums import Status
from komoro_feedback.domain.query import CommentFilter
from komoro_feedback.services.query_service import QueryService


@dataclass(frozen=True, slots=True)
class DashboardData:
    """Per pillar and per district (label, comments), and comments per month by status."""

    pillars: tuple[tuple[str, int], ...]
    districts: tuple[tuple[str, int], ...]
    months: tuple[str, ...]
    by_status: dict[Status, list[int]] = field(default_factory=dict)
    no_policy: int = 0
    city_wide: int = 0

    @property
    def total(self) -> int:
        return sum(n for _l, n in self.pillars) + self.no_policy


def load_dashboard(
    queries: QueryService,
    programme: Programme,
    districts: list[District],
    start: date | None,
    end: date | None,
) -> DashboardData:
    """Two grouped queries (safe on a worker thread: plain values in, plain values out)."""
    f = CommentFilter(date_from=start, date_to=end)
    pillar_of = {p.id: pillar.id for pillar in programme.pillars for p in pillar.policies}
    per_pillar: dict[int, int] = {}
    per_district: dict[int, int] = {}
    no_policy = city_wide = 0
    for row in queries.counts(f):
        pillar_id = pillar_of.get(row.policy_id) if row.policy_id is not None else None
        if pillar_id is None:
            no_policy += row.count
        else:
            per_pillar[pillar_id] = per_pillar.get(pillar_id, 0) + row.count
        if row.district_id is None:
            city_wide += row.count
        else:
            per_district[row.district_id] = per_district.get(row.district_id, 0) + row.count
    monthly = queries.status_counts_by_month(f)
    months = sorted({m for m, _s, _n in monthly})
    index = {m: i for i, m in enumerate(months)}
    by_status: dict[Status, list[int]] = {s: [0] * len(months) for s in Status}
    for m, status, n in monthly:
        by_status[status][index[m]] += n
    return DashboardData(
        pillars=tuple(
            (f"{pl.number} {pl.field}", per_pillar.get(pl.id, 0)) for pl in programme.pillars
        ),
        districts=tuple((d.name, per_district.get(d.id, 0)) for d in districts),
        months=tuple(months),
        by_status=by_status,
        no_policy=no_policy,
        city_wide=city_wide,
    )
