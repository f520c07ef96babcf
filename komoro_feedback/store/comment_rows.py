"""Comments as a list or a detail pane shows them, read as plain rows into Comment objects.

A browser page is 50-200 comments found by their seq. On SQLite the statement is compiled
once per sort order (the seqs travel as one JSON parameter) and run on the driver, and the
rows become Comments without SQLAlchemy's Row objects and type processors: at 1,000,000
comments that work was most of a page's time (4-6 ms for a page whose SQL takes 0.5 ms).
`stored_rows`, `stored_policies` and `sqlite_comments` need only the driver connection (the
list's pages run without a Session, store/sqlite_keys.py).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import fields
from datetime import date, datetime
from typing import Any

from sqlalchemy import Select, bindparam, func, literal_column, select
from sqlalchemy.dialects import sqlite
from sqlalchemy.orm import Session, aliased

from komoro_feedback.domain.comment import Comment
from komoro_feedback.domain.enums import Channel, CommentKind, Status
from komoro_feedback.domain.query import SortKey
from komoro_feedback.store.comment_query import order_by, sort_expression
from komoro_feedback.store.models import (
    CommentPolicyRow,
    CommentRow,
    DepartmentRow,
    DistrictRow,
    MeetingRow,
    PolicyRow,
    SpeakerContactRow,
    WardRow,
)
from komoro_feedback.store.raw_rows import driver_connection

C = CommentRow
KINDS = {k.value: k for k in CommentKind}  # dict lookups: an Enum call costs more
STATUSES = {st.value: st for st in Status}
CHANNELS = {ch.value: ch for ch in Channel}
#: Compiled SQLite statements per (sort key, descending): only the seqs change.
_SQLITE_SQL: dict[Any, str] = {}


def display_select(sort_expr: Any = None) -> Select[Any]:
    """The columns of a Comment (in the order `to_comments` reads them), and the sort value."""
    d = aliased(DistrictRow)
    speakers = select(func.count()).where(SpeakerContactRow.comment_id == C.id)
    cols: list[Any] = [
        C.id,
        C.seq,
        C.text,
        C.kind,
        C.status,
        C.channel,
        C.received_on,
        C.ward_id,
        WardRow.name,
        WardRow.district_id,
        d.name,
        C.meeting_id,
        MeetingRow.title,
        C.department_id,
        DepartmentRow.name,
        C.needs_answer,
        C.spot_answer,
        C.answer,
        C.answered_on,
        C.due_on,
        C.age_band,
        C.gender,
        C.version,
        C.created_at,
        C.created_by,
        C.updated_at,
        C.updated_by,
        C.deleted_at,
        # a literal 0, not a bound parameter: the SQLite statement below is compiled once
        func.coalesce(speakers.scalar_subquery(), literal_column("0")),
    ]
    if sort_expr is not None:
        cols.append(sort_expr.label("sort_value"))
    return (
        select(*cols)
        .outerjoin(WardRow, WardRow.id == C.ward_id)
        .outerjoin(d, d.id == WardRow.district_id)
        .outerjoin(MeetingRow, MeetingRow.id == C.meeting_id)
        .outerjoin(DepartmentRow, DepartmentRow.id == C.department_id)
    )


def rows_by_seq(
    s: Session, seqs: Sequence[int], sort: SortKey | None, descending: bool = True
) -> list[tuple[Any, ...]]:
    """Display rows of these comments in the list's order (no order when `sort` is None)."""
    if not seqs:
        return []
    if s.get_bind().dialect.name != "sqlite":
        expr = sort_expression(sort) if sort is not None else None
        order = order_by(sort, descending) if sort is not None else []
        stmt = display_select(expr).where(C.seq.in_(list(seqs))).order_by(*order)
        return [tuple(r) for r in s.execute(stmt)]
    return [_sqlite_types(r) for r in stored_rows(driver_connection(s), seqs, sort, descending)]


def stored_rows(
    conn: Any, seqs: Sequence[int], sort: SortKey | None, descending: bool = True
) -> list[tuple[Any, ...]]:
    """SQLite: `rows_by_seq`'s rows as stored (dates as ISO text, booleans as 0/1), on the
    driver connection `conn`; `sqlite_comments` reads them."""
    if not seqs:
        return []
    sql = _SQLITE_SQL.get((sort, descending))
    if sql is None:
        expr = sort_expression(sort) if sort is not None else None
        order = order_by(sort, descending) if sort is not None else []
        stmt = display_select(expr).where(C.seq.in_(_json_values("seqs"))).order_by(*order)
        compiled = stmt.compile(dialect=sqlite.dialect())
        assert list(compiled.params) == ["seqs"], compiled.params
        sql = _SQLITE_SQL[(sort, descending)] = str(compiled)
    return conn.execute(sql, (json.dumps(list(seqs)),)).fetchall()  # type: ignore[no-any-return]


def _json_values(name: str) -> Any:
    """SQLite: the values of a JSON array parameter (one parameter, one cached statement)."""
    return select(literal_column("value")).select_from(func.json_each(bindparam(name)))


def _day(v: Any) -> date | None:
    return None if v is None else date.fromisoformat(v)


def _sqlite_types(r: tuple[Any, ...]) -> tuple[Any, ...]:
    """SQLAlchemy's SQLite storage (ISO text dates, 0/1 booleans) as Python values."""
    out = list(r)
    out[6] = date.fromisoformat(r[6])
    out[15] = bool(r[15])
    out[18] = _day(r[18])
    out[19] = _day(r[19])
    out[23] = datetime.fromisoformat(r[23])
    out[25] = datetime.fromisoformat(r[25])
    return tuple(out)


Policies = dict[str, tuple[tuple[str, ...], tuple[int, ...]]]


def policies_of(s: Session, ids: Sequence[str]) -> Policies:
    """(policy codes, policy ids) of each comment, primary first."""
    if not ids:
        return {}
    if s.get_bind().dialect.name == "sqlite":
        return stored_policies(driver_connection(s), ids)
    rows = s.execute(_policies_select().where(CommentPolicyRow.comment_id.in_(list(ids))))
    return _group_policies(rows)


def stored_policies(conn: Any, ids: Sequence[str]) -> Policies:
    """SQLite: `policies_of` on the driver connection `conn`."""
    if not ids:
        return {}
    sql = _SQLITE_SQL.get("policies")
    if sql is None:
        q = _policies_select().where(CommentPolicyRow.comment_id.in_(_json_values("ids")))
        sql = _SQLITE_SQL["policies"] = str(q.compile(dialect=sqlite.dialect()))
    return _group_policies(conn.execute(sql, (json.dumps(list(ids)),)))


def _policies_select() -> Any:
    return (
        select(CommentPolicyRow.comment_id, PolicyRow.id, PolicyRow.code)
        .join(PolicyRow, PolicyRow.id == CommentPolicyRow.policy_id)
        .order_by(CommentPolicyRow.comment_id, CommentPolicyRow.position)
    )


def _group_policies(rows: Any) -> Policies:
    codes: dict[str, list[str]] = {}
    pids: dict[str, list[int]] = {}
    for cid, pid, code in rows:
        if cid in codes:
            codes[cid].append(code)
            pids[cid].append(pid)
        else:
            codes[cid] = [code]
            pids[cid] = [pid]
    return {cid: (tuple(c), tuple(pids[cid])) for cid, c in codes.items()}


#: Comment's fields are set through their slots: the frozen dataclass's __init__ calls
#: object.__setattr__ once per field, 3.2 us a comment against 2.1 this way (31 fields).
_SET_FIELDS = tuple(getattr(Comment, f.name).__set__ for f in fields(Comment))
_NEW = object.__new__
_NO_POLICIES: tuple[tuple[str, ...], tuple[int, ...]] = ((), ())


def _new_comment(values: Sequence[Any]) -> Comment:
    """Comment(*values), with nothing but the fields set (Comment has no __post_init__)."""
    c: Comment = _NEW(Comment)
    for set_field, v in zip(_SET_FIELDS, values, strict=True):
        set_field(c, v)
    return c


def to_comments(
    s: Session,
    rows: Sequence[tuple[Any, ...]],
    *,
    with_policies: bool = True,
    policies: Policies | None = None,
) -> list[Comment]:
    """Comments from display rows (`rows_by_seq`), their policies read in one statement
    (`with_policies=False`: left empty, for a report that does not print them; `policies`:
    already read with the rows, as `policies_of` gives them)."""
    if not with_policies:
        policies = {}
    elif policies is None:
        policies = policies_of(s, [r[0] for r in rows])
    return [_comment(r, policies.get(r[0], _NO_POLICIES), False) for r in rows]


def read_comments(rows: Sequence[tuple[Any, ...]], policies: Policies) -> list[Comment]:
    """`to_comments` for rows whose policies were read with them (store/pg_stored.py)."""
    return [_comment(r, policies.get(r[0], _NO_POLICIES), False) for r in rows]


def sqlite_comments(
    conn: Any, rows: Sequence[tuple[Any, ...]], *, with_policies: bool = True
) -> list[Comment]:
    """SQLite: `to_comments` for `stored_rows`, converting each stored value on the way."""
    policies = stored_policies(conn, [r[0] for r in rows]) if with_policies else {}
    return [_comment(r, policies.get(r[0], _NO_POLICIES), True) for r in rows]


def _comment(
    r: tuple[Any, ...], pols: tuple[tuple[str, ...], tuple[int, ...]], stored: bool
) -> Comment:
    """A display row (`stored`: as SQLite stores it) as a Comment."""
    if stored:
        received, needs_answer = date.fromisoformat(r[6]), bool(r[15])
        answered, due = _day(r[18]), _day(r[19])
        created, updated = datetime.fromisoformat(r[23]), datetime.fromisoformat(r[25])
    else:
        received, needs_answer, answered, due, created, updated = (
            r[6], r[15], r[18], r[19], r[23], r[25]
        )  # fmt: skip
    return _new_comment(
        (
            r[0],
            r[1],
            r[2],
            KINDS[r[3]],
            STATUSES[r[4]],
            CHANNELS[r[5]],
            received,
            r[7],
            r[8] or "",
            r[9],
            r[10] or "",
            pols[0],
            pols[1],
            r[11],
            r[12] or "",
            r[13],
            r[14] or "",
            needs_answer,
            r[16],
            r[17],
            answered,
            due,
            r[20],
            r[21],
            r[22],
            created,
            r[24],
            updated,
            r[26],
            r[27] is not None,
            bool(r[28]),
        )
    )
