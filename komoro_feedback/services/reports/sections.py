"""Pieces of the report models built from gathered figures: sections, lines, tallies."""

from __future__ import annotations

from collections import Counter
from datetime import date

from komoro_feedback.domain.catalog import District, Policy, Programme, Ward
from komoro_feedback.domain.comment import Comment
from komoro_feedback.domain.enums import CommentKind, Status
from komoro_feedback.domain.query import CountRow
from komoro_feedback.i18n.translation import _
from komoro_feedback.reports.model import (
    AreaSection,
    CommentLine,
    FollowUp,
    PolicyCount,
    PolicySection,
    Tally,
    WardCount,
)
from komoro_feedback.services.reports.figures import FollowUpTally
from komoro_feedback.store.report_lines import LineRow

#: How many policies a district's section ranks.
TOP_POLICIES = 10


def comment_line(
    c: Comment, group_size: int, titles: dict[str, str] | None, text: str | None = None
) -> CommentLine:
    """The printed line of a comment; `text`: its text as printed (masked), else as stored."""
    return CommentLine(
        received_on=c.received_on,
        ward=c.ward_name,
        district=c.district_name,
        kind=_(c.kind.label),
        text=c.text if text is None else text,
        status=_(c.status.label),
        department=c.department_name,
        answer=c.answer,
        answered_on=c.answered_on,
        spot_answer=c.spot_answer,
        due_on=c.due_on,
        policies=tuple((titles or {}).get(code, code) for code in c.policy_codes),
        group_size=group_size,
    )


def printed_line(r: LineRow, group_size: int, text: str) -> CommentLine:
    """comment_line() of a report row (store/report_lines.py): the same line, no policies."""
    return CommentLine(
        received_on=r.received_on,
        ward=r.ward,
        district=r.district,
        kind=_(r.kind.label),
        text=text,
        status=_(r.status.label),
        department=r.department,
        answer=r.answer,
        answered_on=r.answered_on,
        spot_answer=r.spot_answer,
        due_on=r.due_on,
        group_size=group_size,
    )


def policy_section(
    p: Policy,
    rows: list[CountRow],
    kinds: list[tuple[int | None, str, int]],
    districts: list[District],
    comments: tuple[CommentLine, ...],
) -> PolicySection:
    by_district: Counter[int | None] = Counter()
    by_status: Counter[Status] = Counter()
    for r in rows:
        by_district[r.district_id] += r.count
        by_status[r.status] += r.count
    by_kind: Counter[str] = Counter()
    for pid, kind, n in kinds:
        if pid == p.id:
            by_kind[kind] += n
    district_tallies = [Tally(d.name, by_district.get(d.id, 0)) for d in districts]
    district_tallies.append(Tally(_("市全域"), by_district.get(None, 0)))
    return PolicySection(
        code=p.code,
        title=p.title,
        mark=p.mark.value,
        kind=p.kind.value,
        total=sum(r.count for r in rows),
        by_district=tuple(district_tallies),
        by_kind=tuple(Tally(_(k.label), by_kind.get(k.value, 0)) for k in CommentKind),
        by_status=tuple(Tally(_(s.label), by_status.get(s, 0)) for s in Status),
        comments=comments,
    )


def area_section(
    name: str,
    wards: tuple[Ward, ...],
    rows: list[CountRow],
    prog: Programme,
    items: tuple[CommentLine, ...],
    previous: Counter[int | None] | None = None,
) -> AreaSection:
    by_policy: Counter[int | None] = Counter()
    by_status: Counter[Status] = Counter()
    for r in rows:
        by_policy[r.policy_id] += r.count
        by_status[r.status] += r.count
    pillars = [
        Tally(f"{pl.number}. {pl.name}", sum(by_policy.get(p.id, 0) for p in pl.policies))
        for pl in prog.pillars
    ]
    known = {p.id for p in prog.policies()}
    other = sum(n for pid, n in by_policy.items() if pid not in known)
    if other:
        pillars.append(Tally(_("政策未設定"), other))
    ranked = sorted(
        (p for p in prog.policies() if by_policy.get(p.id, 0)),
        key=lambda p: -by_policy[p.id],  # stable: programme order among equals
    )
    policies = tuple(
        PolicyCount(p.code, p.title, by_policy[p.id], previous_of(previous, p.id))
        for p in ranked[:TOP_POLICIES]
    )
    total = sum(r.count for r in rows)
    return AreaSection(
        name=name,
        wards=tuple(w.name for w in wards if w.active),
        total=total,
        open_total=sum(n for st, n in by_status.items() if st.is_open),
        by_pillar=tuple(pillars),
        by_policy=policies,
        by_status=tuple(Tally(_(s.label), by_status.get(s, 0)) for s in Status),
        open_items=items,
    )


def by_policy(rows: list[CountRow]) -> Counter[int | None]:
    out: Counter[int | None] = Counter()
    for r in rows:
        out[r.policy_id] += r.count
    return out


def previous_of(counts: Counter[int | None] | None, key: int | None) -> int | None:
    """The previous period's count for a key, or None when the report does not compare."""
    return None if counts is None else counts.get(key, 0)


def by_department(line: CommentLine) -> tuple[bool, str]:
    """Open items by department (those without one last); sorted() keeps oldest first."""
    return (not line.department, line.department)


def ward_count(w: Ward, t: FollowUpTally | None) -> WardCount:
    t = t or FollowUpTally()
    return WardCount(w.name, t.total, t.open, t.overdue)


def headline(f: FollowUp) -> tuple[tuple[str, str], ...]:
    """The cover's key figures."""
    from komoro_feedback.reports.follow_up_tables import fmt_days, fmt_delta, fmt_rate

    out = [
        (_("件数"), f"{f.total:,}"),
        (_("未完了"), f"{f.open:,}"),
        (_("うち期限超過"), f"{f.overdue:,}"),
        (_("回答率"), fmt_rate(f)),
        (_("回答日数の中央値"), fmt_days(f)),
    ]
    if f.previous is not None:
        out.append((_("前期比"), fmt_delta(f.delta)))
    return tuple(out)


def meeting_counts(
    lines: tuple[CommentLine, ...], as_of: date
) -> tuple[tuple[Tally, ...], tuple[Tally, ...], FollowUp]:
    """A meeting's comments by kind and status, and how many are open, overdue, answered."""
    kinds = Counter(c.kind for c in lines)
    statuses = Counter(c.status for c in lines)
    open_labels = {_(s.label) for s in Status if s.is_open}
    answered_labels = {_(s.label) for s in (Status.ANSWERED, Status.DONE)}
    open_lines = [c for c in lines if c.status in open_labels]
    overdue = sum(1 for c in open_lines if c.due_on is not None and c.due_on < as_of)
    follow = FollowUp(
        total=len(lines),
        open=len(open_lines),
        overdue=overdue,
        answered=sum(n for label, n in statuses.items() if label in answered_labels),
    )
    return (
        tuple(Tally(_(k.label), kinds.get(_(k.label), 0)) for k in CommentKind),
        tuple(Tally(_(s.label), statuses.get(_(s.label), 0)) for s in Status),
        follow,
    )
