"""Comments: insert, load, list by key-set pages, count, and their histories."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import replace
from datetime import date, datetime
from typing import Any

from sqlalchemy import Select, delete, func, select
from sqlalchemy.orm import Session

from komoro_feedback.domain.comment import (
    AuditEntry,
    Comment,
    CommentDraft,
    CommentHistory,
    SpeakerContact,
    StatusChange,
)
from komoro_feedback.domain.enums import Status
from komoro_feedback.domain.ids import new_comment_id
from komoro_feedback.domain.query import CommentFilter, CommentQuery, CountRow, Page, SortKey
from komoro_feedback.domain.text import normalize_for_search, search_terms
from komoro_feedback.store import pg_page, pg_stored, sqlite_keys
from komoro_feedback.store.comment_query import (
    filter_conditions,
    indexed_terms,
    keys_after,
    keyset_condition,
    next_cursor,
    order_by,
    sort_columns,
    sort_expression,
)
from komoro_feedback.store.comment_rows import (
    Policies,
    display_select,
    read_comments,
    rows_by_seq,
    sqlite_comments,
    stored_rows,
    to_comments,
)
from komoro_feedback.store.models import (
    AuditLogRow,
    CommentPolicyRow,
    CommentRow,
    SpeakerContactRow,
    StatusHistoryRow,
    WardRow,
)
from komoro_feedback.store.pg_search_keys import PgText
from komoro_feedback.store.policy_walk import walk_count, walk_keys, walkable
from komoro_feedback.store.raw_rows import driver_connection, plain_rows, sqlite_rows
from komoro_feedback.store.search_keys import PROBE_ROWS, IndexedText
from komoro_feedback.store.tally_repository import TallyRepository, TallyView, covers

C = CommentRow


class CommentRepository:
    """All SQL about comments. Callers pass the session of their unit of work."""

    tally = TallyRepository()

    def next_seq(self, s: Session) -> int | None:
        """SQLite has no identity columns: the next seq, safe under BEGIN IMMEDIATE."""
        if s.get_bind().dialect.name != "sqlite":
            return None
        return (s.scalar(select(func.max(C.seq))) or 0) + 1

    def insert(
        self,
        s: Session,
        draft: CommentDraft,
        *,
        user: str,
        now: datetime,
        origin: str,
        comment_id: str | None = None,
    ) -> CommentRow:
        row = CommentRow(
            id=comment_id or new_comment_id(),
            meeting_id=draft.meeting_id,
            channel=draft.channel.value,
            received_on=draft.received_on or now.date(),
            ward_id=draft.ward_id,
            kind=draft.kind.value,
            text=draft.text,
            search_text=normalize_for_search(draft.text),
            primary_policy_id=draft.policy_ids[0] if draft.policy_ids else None,
            needs_answer=draft.needs_answer,
            status=Status.RECEIVED.value,
            spot_answer=draft.spot_answer,
            age_band=draft.age_band,
            gender=draft.gender,
            suggestion_accepted=draft.suggestion_accepted,
            origin=origin,
            created_at=now,
            created_by=user,
            updated_at=now,
            updated_by=user,
            answer="",
        )
        seq = self.next_seq(s)
        if seq is not None:
            row.seq = seq
        s.add(row)
        s.flush()
        self._add_policies(s, row.id, draft.policy_ids)
        if draft.speaker is not None and not draft.speaker.empty:
            s.add(
                SpeakerContactRow(
                    comment_id=row.id,
                    name=draft.speaker.name.strip(),
                    contact=draft.speaker.contact.strip(),
                    recorded_at=now,
                )
            )
        self.add_status(s, row.id, Status.RECEIVED, user=user, at=now)
        s.flush()  # written whole before anything reads it back (a page statement does not flush)
        return row

    def set_policies(self, s: Session, comment_id: str, policy_ids: Sequence[int]) -> None:
        s.execute(delete(CommentPolicyRow).where(CommentPolicyRow.comment_id == comment_id))
        self._add_policies(s, comment_id, policy_ids)

    def _add_policies(self, s: Session, comment_id: str, policy_ids: Sequence[int]) -> None:
        s.add_all(
            CommentPolicyRow(comment_id=comment_id, policy_id=pid, is_primary=i == 0, position=i)
            for i, pid in enumerate(policy_ids)
        )

    def policy_ids(self, s: Session, comment_id: str) -> tuple[int, ...]:
        q = (
            select(CommentPolicyRow.policy_id)
            .where(CommentPolicyRow.comment_id == comment_id)
            .order_by(CommentPolicyRow.position)
        )
        return tuple(s.scalars(q))

    def add_status(
        self,
        s: Session,
        comment_id: str,
        status: Status,
        *,
        user: str,
        at: datetime,
        note: str = "",
    ) -> None:
        s.add(
            StatusHistoryRow(
                comment_id=comment_id,
                status=status.value,
                changed_at=at,
                changed_by=user,
                note=note,
            )
        )

    def row(self, s: Session, comment_id: str) -> CommentRow | None:
        return s.get(CommentRow, comment_id)

    def speaker(self, s: Session, comment_id: str) -> SpeakerContact | None:
        r = s.get(SpeakerContactRow, comment_id)
        return SpeakerContact(r.name, r.contact) if r else None

    def set_speaker(
        self, s: Session, comment_id: str, speaker: SpeakerContact | None, now: datetime
    ) -> None:
        s.execute(delete(SpeakerContactRow).where(SpeakerContactRow.comment_id == comment_id))
        if speaker is not None and not speaker.empty:
            s.add(
                SpeakerContactRow(
                    comment_id=comment_id,
                    name=speaker.name,
                    contact=speaker.contact,
                    recorded_at=now,
                )
            )

    # --- reading ----------------------------------------------------------------------------
    def get(self, s: Session, comment_id: str) -> Comment | None:
        items = self.get_many(s, [comment_id])
        return items[0] if items else None

    def get_many(self, s: Session, ids: Sequence[str]) -> list[Comment]:
        if s.get_bind().dialect.name == "postgresql":  # one statement instead of three
            keys = select(C.seq).where(C.id.in_(list(ids)))
            rows, read = pg_page.rows(s, keys, SortKey.RECORDED, False)
            found = to_comments(s, rows, policies=read)
        else:
            seqs = list(s.scalars(select(C.seq).where(C.id.in_(list(ids)))))
            found = to_comments(s, rows_by_seq(s, seqs, None))
        by_id = {c.id: c for c in found}
        return [by_id[i] for i in ids if i in by_id]

    def page(self, s: Session, query: CommentQuery, *, policies: bool = True) -> Page[Comment]:
        """`policies=False`: the comments' policies are not read (policy_codes and policy_ids
        are empty); a report that does not print them skips a query per page."""
        dialect = s.get_bind().dialect.name
        if (
            self._is_bare_short_search(s, query)
            or IndexedText.of(query.filter, dialect)
            or PgText.of(query.filter, dialect)
        ):
            return self.browse(s, query, policies=policies)  # browse() knows the faster way
        expr = sort_expression(query.sort)
        stmt = display_select(expr)
        conds = filter_conditions(query.filter, dialect)
        if query.after is not None:
            conds.append(keyset_condition(query.sort, query.after, query.descending))
        stmt = stmt.where(*conds)
        order = order_by(query.sort, query.descending)
        rows = [tuple(r) for r in s.execute(stmt.order_by(*order).limit(query.limit + 1))]
        return self._page(s, query, rows, policies)

    def browse(self, s: Session, query: CommentQuery, *, policies: bool = True) -> Page[Comment]:
        """The same page as page(), found in two steps for big tables (the comments browser).

        First the keys alone (filter, order, limit: index-only work where an index fits), then
        the display joins for those rows only. page() joins before it sorts, which at 1,000,000
        comments costs about a second per page for a filter like "open in this district";
        this takes some milliseconds (measured in bench/bench_gui.py).
        """
        dialect = s.get_bind().dialect.name
        if dialect == "sqlite":
            page = self.browse_stored(driver_connection(s), query, policies=policies)
            if page is not None:
                return page
        conds = filter_conditions(query.filter, dialect)
        indexed = IndexedText.of(query.filter, dialect)
        pg_text = PgText.of(query.filter, dialect)
        keys: list[int] | Select[Any]
        if pg_text is not None:
            keys = pg_text.keys(s, query)
        elif indexed is not None and query.sort is SortKey.RECORDED:
            keys = indexed.recorded_keys(s, query)
        elif indexed is not None:
            keys = indexed.ordered_keys(s, query)
        elif self._is_bare_short_search(s, query):
            keys = self._short_search_keys(s, query)
        elif walkable(query.filter, query.sort):
            keys = walk_keys(
                s, query.filter, query.sort, query.descending, query.limit + 1, query.after
            )
        elif dialect == "postgresql":  # run as part of the rows' statement below
            keys = pg_page.keys_select(conds, query, query.limit + 1)
        else:
            keys = keys_after(s, conds, query.sort, query.descending, query.limit + 1, query.after)
        if dialect == "postgresql":
            if not isinstance(keys, Select):
                keys = keys[: query.limit + 1]
                if not keys:  # a search without a hit: no statement for no rows
                    return Page((), None)
            rows, read = pg_page.rows(s, keys, query.sort, query.descending)
            return self._page(s, query, rows, policies, read)
        assert not isinstance(keys, Select)
        rows = rows_by_seq(s, keys[: query.limit + 1], query.sort, query.descending)
        return self._page(s, query, rows, policies)

    def browse_stored(
        self, conn: Any, query: CommentQuery, *, policies: bool = True
    ) -> Page[Comment] | None:
        """SQLite: browse() on the driver connection `conn`, no Session and no ORM, for a
        filter without free text and for the search box's pages (free text alone, newest
        recorded first); None for the rest (browse() with a session serves them).

        The same SQL as browse(); at 1,000,000 comments SQLite answers a first page in
        ~0.4 ms and SQLAlchemy's part was ~1.2 ms more (bench/bench_foundation.py).
        """
        f = query.filter
        n = query.limit + 1
        if sqlite_keys.handles(f, query.after, query.sort):
            find = sqlite_keys.walk_keys if walkable(f, query.sort) else sqlite_keys.keys_after
            keys = find(conn, f, query.sort, query.descending, n, query.after)
        elif query.sort is SortKey.RECORDED and (indexed := IndexedText.of(f, "sqlite")):
            keys = sqlite_keys.search_keys(conn, indexed, query.descending, n, query.after)
        else:
            return None
        rows = stored_rows(conn, keys[:n], query.sort, query.descending)[: query.limit]
        items = sqlite_comments(conn, rows, with_policies=policies)
        return self._cursor_after(query, rows, items, more=len(keys) > query.limit)

    def browse_pg_stored(self, conn: Any, query: CommentQuery) -> Page[Comment] | None:
        """PostgreSQL: browse() on the psycopg connection `conn` for the filters and sorts
        store/pg_stored.py handles (None for the rest): one prepared statement, no Session."""
        if not pg_stored.handles(query):
            return None
        rows, read = pg_stored.page_rows(conn, query)
        more = len(rows) > query.limit
        rows = rows[: query.limit]
        items = read_comments(rows, read)
        return self._cursor_after(query, rows, items, more=more)

    def _page(
        self,
        s: Session,
        query: CommentQuery,
        rows: list[tuple[Any, ...]],
        policies: bool,
        read: Policies | None = None,
    ) -> Page[Comment]:
        """The first `limit` rows as Comments, and the cursor after them if more follow
        (`read`: their policies, already read with the rows)."""
        more = len(rows) > query.limit
        rows = rows[: query.limit]
        items = to_comments(s, rows, with_policies=policies, policies=read)
        return self._cursor_after(query, rows, items, more=more)

    def _cursor_after(
        self, query: CommentQuery, rows: list[tuple[Any, ...]], items: list[Comment], more: bool
    ) -> Page[Comment]:
        cursor = None
        if more and rows:
            last = items[-1]
            value = rows[-1][-1] if sort_expression(query.sort) is not None else None
            cursor = next_cursor(query.sort, value, last.received_on, last.seq)
        return Page(tuple(items), cursor)

    def _is_bare_short_search(self, s: Session, query: CommentQuery) -> bool:
        """SQLite, 1-2 character terms that no index answers (punctuation), no other filter."""
        f = query.filter
        if s.get_bind().dialect.name != "sqlite":
            return False
        long, _short, rest = indexed_terms(search_terms(f.text))
        if long or not rest:
            return False
        bare = CommentFilter(include_deleted=f.include_deleted, deleted_only=f.deleted_only)
        return replace(f, text="") == bare  # otherwise another filter narrows the rows

    def _short_search_keys(self, s: Session, query: CommentQuery) -> list[int]:
        """The page's keys for a bare 1-2 character search, bounded in the worst case.

        SQLite walks the list order's index and tests each row it visits. A frequent term fills
        the page within a few rows; a rare one (or one found nowhere) visits every comment in
        index order with a random table read each: 1.7 s at 1,000,000 comments, where one
        sequential scan and a top-N sort take 0.3 s. So walk at most PROBE_ROWS rows in list
        order; if the page is not full by then, scan the table once instead.
        """
        f = query.filter
        conds = filter_conditions(replace(f, text=""), "sqlite")
        with_text = filter_conditions(f, "sqlite")
        if query.after is not None:
            after = keyset_condition(query.sort, query.after, query.descending)
            conds.append(after)
            with_text.append(after)
        columns = [*sort_columns(query.sort), C.seq]  # labelled: some are expressions
        first = (
            select(C.search_text, *(col.label(f"k{i}") for i, col in enumerate(columns)))
            .where(*conds)
            .order_by(*order_by(query.sort, query.descending))
            .limit(PROBE_ROWS)
            .subquery()
        )
        outer = [first.c[f"k{i}"] for i in range(len(columns))]
        walk = (
            select(outer[-1])
            .where(*(func.instr(first.c.search_text, t) > 0 for t in search_terms(f.text)))
            .order_by(*(c.desc() if query.descending else c.asc() for c in outer))
            .limit(query.limit + 1)
        )
        keys = list(s.scalars(walk))
        if len(keys) > query.limit:
            return keys
        order = order_by(query.sort, query.descending)
        keys_q = select(C.seq).where(*with_text).order_by(*order).limit(query.limit + 1)
        return [r[0] for r in sqlite_rows(s, keys_q, "NOT INDEXED")]

    def count_stored(self, conn: Any, f: CommentFilter) -> int | None:
        """SQLite: count() of free text alone on the driver connection `conn` (None for
        other filters): the search box's count, ~0.4 ms of SQLAlchemy for 0.01-5 ms of SQL."""
        indexed = IndexedText.of(f, "sqlite")
        return None if indexed is None else sqlite_keys.search_count(conn, indexed)

    def count(self, s: Session, f: CommentFilter) -> int:
        indexed = IndexedText.of(f, s.get_bind().dialect.name)
        if indexed is not None:
            return indexed.count(s)
        if covers(f, TallyView.TOTAL):
            return self.tally.counts(s, f, TallyView.TOTAL)[()]
        if walkable(f):
            return walk_count(s, f)
        conds = filter_conditions(f, s.get_bind().dialect.name)
        return s.scalar(select(func.count()).select_from(C).where(*conds)) or 0

    def ids(self, s: Session, f: CommentFilter, limit: int | None = None) -> list[str]:
        conds = filter_conditions(f, s.get_bind().dialect.name)
        q = select(C.id).where(*conds).order_by(C.received_on, C.seq)
        if limit:
            q = q.limit(limit)
        return list(s.scalars(q))

    def counts(self, s: Session, f: CommentFilter) -> list[CountRow]:
        """Comments per (primary policy, district, status), so that totals add up."""
        if covers(f, TallyView.DISTRICTS):
            cells = self.tally.counts(s, f, TallyView.DISTRICTS)
        else:
            district_of = {w: d for w, d in s.execute(select(WardRow.id, WardRow.district_id))}
            cells = Counter()
            for p, w, st, n in self._grouped_counts(s, f, C.primary_policy_id, C.ward_id, C.status):
                cells[(p, district_of.get(w) if w else None, st)] += n
        status = {st.value: st for st in Status}  # a dict lookup, not an Enum call per cell
        return [CountRow(p, d, status[st], n) for (p, d, st), n in cells.items() if n]

    def status_counts_by_ward(
        self, s: Session, f: CommentFilter
    ) -> list[tuple[int | None, Status, int]]:
        """Comments per (ward, status); ward None is city-wide (the districts page)."""
        if covers(f, TallyView.WARDS):
            cells = self.tally.counts(s, f, TallyView.WARDS)
        else:
            cells = Counter()
            for w, st, n in self._grouped_counts(s, f, C.ward_id, C.status):
                cells[(w, st)] += n
        return [(w, Status(st), n) for (w, st), n in cells.items() if n]

    def status_counts_by_month(self, s: Session, f: CommentFilter) -> list[tuple[str, Status, int]]:
        """Comments per (received month "YYYY-MM", status), oldest month first."""
        if covers(f, TallyView.MONTHS):
            cells = self.tally.counts(s, f, TallyView.MONTHS)
        else:
            # Per day first (a few thousand rows), months in Python: the same on every backend.
            cells = Counter()
            for day, status, n in self._grouped_counts(s, f, C.received_on, C.status):
                month = day.isoformat()[:7] if isinstance(day, date) else str(day)[:7]
                cells[(month, status)] += n
        return [(m, Status(st), n) for (m, st), n in sorted(cells.items()) if n]

    def _grouped_counts(self, s: Session, f: CommentFilter, *keys: Any) -> list[Any]:
        """(keys..., count) rows under the filter: filters the tally cannot serve."""
        dialect = s.get_bind().dialect.name
        grouped = select(*keys, func.count()).where(*filter_conditions(f, dialect)).group_by(*keys)
        return plain_rows(s, grouped)

    def history(self, s: Session, comment_id: str) -> CommentHistory:
        st = s.scalars(
            select(StatusHistoryRow)
            .where(StatusHistoryRow.comment_id == comment_id)
            .order_by(StatusHistoryRow.changed_at, StatusHistoryRow.id)
        )
        au = s.scalars(
            select(AuditLogRow)
            .where(AuditLogRow.entity == "comment", AuditLogRow.entity_id == comment_id)
            .order_by(AuditLogRow.changed_at, AuditLogRow.id)
        )
        return CommentHistory(
            tuple(StatusChange(Status(r.status), r.changed_at, r.changed_by, r.note) for r in st),
            tuple(
                AuditEntry(
                    r.entity,
                    r.entity_id,
                    r.action,
                    r.field,
                    r.before,
                    r.after,
                    r.changed_at,
                    r.changed_by,
                )
                for r in au
            ),
        )


def received_range(s: Session) -> tuple[date | None, date | None]:
    q = select(func.min(C.received_on), func.max(C.received_on)).where(C.deleted_at.is_(None))
    lo, hi = s.execute(q).one()
    return lo, hi
