"""The change since the previous period of the same length: new policies, open ages, areas."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

from komoro_feedback.domain.catalog import District, Programme
from komoro_feedback.domain.query import CommentFilter, CountRow
from komoro_feedback.i18n.translation import _
from komoro_feedback.reports.model import AGE_THRESHOLDS, AgeRow, Comparison, PolicyCount
from komoro_feedback.services.reports.figures import OpenAge, previous_period
from komoro_feedback.services.reports.sections import by_policy


def comparison(
    f: CommentFilter,
    now: list[CountRow],
    before: list[CountRow],
    ages: list[OpenAge],
    prog: Programme,
    districts: list[District],
    label_of: Callable[[OpenAge], str | None],
    order: list[str] | None = None,
) -> Comparison:
    """`now` and `before`: the counts of the period and of the one before; `ages`: the open
    comments by how long they have waited, each filed under `label_of` (a pillar, an area)."""
    start, end = previous_period(f)
    now_p, before_p = by_policy(now), by_policy(before)
    new = tuple(
        PolicyCount(p.code, p.title, now_p[p.id], 0)
        for p in prog.policies()
        if now_p.get(p.id, 0) and not before_p.get(p.id, 0)
    )
    n = len(AGE_THRESHOLDS)
    over: dict[str, list[int]] = {}
    total = [0] * n
    for a in ages:
        label = label_of(a)
        for k in range(a.age):  # over the first a.age thresholds
            total[k] += a.count
            if label is not None:
                over.setdefault(label, [0] * n)[k] += a.count
    labels = order if order is not None else sorted(over)
    age_rows = [AgeRow(label, tuple(over.get(label, [0] * n))) for label in labels]
    age_rows.append(AgeRow(_("合計"), tuple(total)))
    names = {d.id: d.name for d in districts}
    by_district: Counter[str] = Counter()
    for r in before:
        by_district[names.get(r.district_id, _("市全域")) if r.district_id else _("市全域")] += (
            r.count
        )
    return Comparison(
        start, end, sum(r.count for r in before), new, tuple(age_rows), dict(by_district)
    )
