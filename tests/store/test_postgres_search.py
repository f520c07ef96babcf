"""PostgreSQL only (needs KOMORO_TEST_PG_URL): the trigram index serves the same search as FTS5.

These tests compare the two backends on identical data, or read PostgreSQL's query plans, so
they cannot run on one backend alone; without a server they are skipped.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from sqlalchemy import func, select, text

from komoro_feedback.domain.comment import CommentEdit
from komoro_feedback.domain.query import CommentFilter, CommentQuery, SortKey
from komoro_feedback.services.actor import Actor
from komoro_feedback.services.container import Services
from komoro_feedback.store.comment_query import text_conditions
from komoro_feedback.store.database import Database
from komoro_feedback.store.models import CommentRow
from komoro_feedback.store.pg_search_index import common_characters
from tests.helpers import record

QUERIES = [
    "保育",  # 2 characters: no trigram, LIKE on the table
    "育",  # 1 character
    "ほいく",  # hiragana finds katakana and half-width
    "ﾎｲｸ",
    "バス",
    "ばす",
    "道路",
    "公民館",
    "除雪 道路",  # several terms, all required
    "%",  # LIKE metacharacters are plain text
    "_",
    "存在しない言葉",
]


@pytest.fixture
def pg_services(pg_url: str) -> Iterator[Services]:
    sv = Services.build(Database(pg_url), Actor("テスト職員"))
    yield sv
    sv.close()


def _load(sv: Services) -> None:
    sv.demo.generate(400, seed=7, end=date(2026, 11, 1))


def test_same_answers_on_both_backends(sqlite_services: Services, pg_services: Services) -> None:
    _load(sqlite_services)
    _load(pg_services)
    for q in QUERIES:
        f = CommentFilter(text=q)
        lite, pg = sqlite_services.queries.count(f), pg_services.queries.count(f)
        assert lite == pg, q
        texts = [
            sorted(c.text for c in sv.queries.page(CommentQuery(filter=f, limit=500)).items)
            for sv in (sqlite_services, pg_services)
        ]
        assert texts[0] == texts[1], q
    assert pg_services.queries.count(CommentFilter(text="育")) > 0

    def counts(sv: Services) -> list[tuple[str, str, str, int]]:
        pol = {p.id: p.code for p in sv.catalog.all_policies()}
        dis = {d.id: d.name for d in sv.catalog.districts()}
        return sorted(
            (
                pol.get(r.policy_id or 0, ""),
                dis.get(r.district_id or 0, ""),
                r.status.value,
                r.count,
            )
            for r in sv.queries.counts(CommentFilter())
        )

    assert counts(sqlite_services) == counts(pg_services)
    # Key-set paging gives the same sequence of pages on both.
    sequences = []
    for sv in (sqlite_services, pg_services):
        seen: list[tuple[date, str]] = []
        after = None
        while True:
            page = sv.queries.page(
                CommentQuery(filter=CommentFilter(), sort=SortKey.RECEIVED, limit=70, after=after)
            )
            seen.extend((c.received_on, c.text) for c in page.items)
            if page.next_cursor is None:
                break
            after = page.next_cursor
        assert len(seen) == sv.queries.count(CommentFilter()) > 0
        sequences.append(seen)
    assert sequences[0] == sequences[1]


def _plan(sv: Services, term: str) -> str:
    # The free-text condition alone: the filters around it have indexes of their own.
    conds = text_conditions(term, "postgresql")
    stmt = select(func.count()).select_from(CommentRow).where(*conds)
    # A transaction (read sessions run in autocommit on PostgreSQL, where SET LOCAL is a no-op
    # and a small table's plan was a sequential scan now and then).
    with sv.db.write() as s:
        s.execute(text("SET LOCAL enable_seqscan = off"))
        compiled = stmt.compile(s.get_bind(), compile_kwargs={"literal_binds": True})
        rows = s.execute(text(f"EXPLAIN {compiled}")).scalars().all()
    return "\n".join(rows)


def test_three_characters_or_more_use_the_trigram_index(pg_services: Services) -> None:
    _load(pg_services)
    with pg_services.db.write() as s:
        s.execute(text("ANALYZE comment"))
        # The database's character type must classify kanji/kana as letters, or pg_trgm makes
        # no trigrams from Japanese (LC_CTYPE=C); docs/postgresql.md says how to create it.
        assert s.execute(text("SELECT show_trgm('保育園')")).scalar()
    assert "comment_fts_trgm" in _plan(pg_services, "公民館")
    assert "comment_fts_trgm" in _plan(pg_services, "ﾎｲｸｴﾝ")


def test_short_queries_are_right_on_postgres(pg_services: Services) -> None:
    _load(pg_services)
    with pg_services.db.read() as s:
        all_texts = list(s.scalars(select(CommentRow.search_text)))
    from komoro_feedback.domain.text import normalize_for_search

    for q in ("育", "保育", "バ", "_", "%"):
        expected = sum(normalize_for_search(q) in t for t in all_texts)
        assert pg_services.queries.count(CommentFilter(text=q)) == expected, q


def test_one_and_two_characters_use_the_character_index(pg_services: Services) -> None:
    """The index compares characters as bytes (revision 0017: a third faster to build), and
    the search's conditions name its expression exactly, or the planner could not use it."""
    _load(pg_services)
    with pg_services.db.write() as s:
        s.execute(text("ANALYZE comment"))
        definition = s.execute(
            text("SELECT indexdef FROM pg_indexes WHERE indexname = 'comment_fts_chars'")
        ).scalar_one()
    assert 'string_to_array((search_text COLLATE "C"), NULL::text)' in definition
    assert "comment_fts_chars" in _plan(pg_services, "育")
    assert "comment_fts_chars" in _plan(pg_services, "保育")


def test_the_search_box_walk_has_its_index_and_lists_the_newest_hits(
    pg_services: Services,
) -> None:
    """comment_fts_walk holds what the walk reads (seq, and the folded text included, of
    the comments not deleted): at 1,000,000 comments PostgreSQL walks it index-only
    (bench/README.md, "Branch pgsearch"); on 400 it rather reads the table. Either way the
    first page is the newest hits."""
    sv = pg_services
    _load(sv)
    with sv.db.read() as s:
        definition = s.execute(
            text("SELECT indexdef FROM pg_indexes WHERE indexname = 'comment_fts_walk'")
        ).scalar_one()
        rows = s.execute(select(CommentRow.id, CommentRow.search_text, CommentRow.seq)).all()
    assert "(seq) INCLUDE (search_text) WHERE (deleted_at IS NULL)" in definition
    expected = [i for i, t, _seq in sorted(rows, key=lambda r: -r[2]) if "の" in t][:8]
    assert len(expected) == 8
    assert [c.id for c in sv.queries.search("の", limit=8).items] == expected


def test_two_characters_apart_are_no_hit_and_saves_edits_deletes_keep_it_exact(
    pg_services: Services,
) -> None:
    """The pair index holds neighbours only, and follows every write of the text."""
    sv = pg_services
    apart = record(sv, "道の路地について")
    side = record(sv, "道路の穴を直してほしい")
    assert [c.id for c in sv.queries.search("道路").items] == [side.id]
    assert sv.queries.count(CommentFilter(text="道路")) == 1
    assert sv.queries.count(CommentFilter(text="路")) == 2
    edited = sv.comments.edit(CommentEdit(apart.id, apart.version, text="道路沿いの街灯"))
    assert sv.queries.count(CommentFilter(text="道路")) == 2
    sv.comments.delete(side.id, side.version)
    assert [c.id for c in sv.queries.search("道路").items] == [edited.id]
    assert sv.queries.count(CommentFilter(text="道路", include_deleted=True)) == 2
    assert sv.queries.count(CommentFilter(text="道路", deleted_only=True)) == 1


@pytest.mark.parametrize("probe", [3, 20_000])
def test_search_pages_match_sqlite_in_every_order(
    sqlite_services: Services,
    pg_services: Services,
    monkeypatch: pytest.MonkeyPatch,
    probe: int,
) -> None:
    """Both ways PostgreSQL finds a search page (a short walk in list order, or all hits
    sorted) give SQLite's pages, page after page."""
    from komoro_feedback.store import pg_search_keys

    monkeypatch.setattr(pg_search_keys, "PROBE_ROWS", probe)
    _load(sqlite_services)
    _load(pg_services)
    for term in ("育", "保育", "バス 道路", "公民館", "存在しない"):
        for sort in (SortKey.RECORDED, SortKey.RECEIVED, SortKey.WARD, SortKey.STATUS):
            pages = []
            for sv in (sqlite_services, pg_services):
                seen: list[tuple[date, str]] = []
                after = None
                while True:
                    q = CommentQuery(CommentFilter(text=term), sort=sort, limit=7, after=after)
                    page = sv.queries.browse(q)
                    seen.extend((c.received_on, c.text) for c in page.items)
                    if page.next_cursor is None:
                        break
                    after = page.next_cursor
                pages.append(seen)
            assert pages[0] == pages[1], (term, sort)
            assert len(pages[1]) == pg_services.queries.count(CommentFilter(text=term))


def test_analysed_statistics_choose_the_plan_never_the_hits(
    sqlite_services: Services, pg_services: Services
) -> None:
    """After ANALYZE a 1-2 character term with a rare character skips the walk in list order
    and sorts its few hits: the pages stay those of SQLite, in every order."""
    _load(sqlite_services)
    _load(pg_services)
    with pg_services.db.write() as s:
        s.execute(text("ANALYZE comment"))
    with pg_services.db.read() as s:
        common = common_characters(s)
    assert common and "道" in common  # the demo texts' common characters
    for q in ("熊", "道", "道路", "公民館", "熊 道路"):
        for sort in (SortKey.RECORDED, SortKey.RECEIVED, SortKey.WARD):
            query = CommentQuery(filter=CommentFilter(text=q), sort=sort, limit=7)
            pages = []
            for sv in (sqlite_services, pg_services):
                shown, page_q = [], query
                while True:
                    page = sv.queries.browse(page_q)
                    shown += [c.text for c in page.items]
                    if page.next_cursor is None:
                        break
                    page_q = CommentQuery(
                        filter=query.filter, sort=sort, limit=7, after=page.next_cursor
                    )
                pages.append(shown)
            assert pages[0] == pages[1], (q, sort)
