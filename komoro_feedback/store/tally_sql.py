"""The maintained comment tally: its triggers, its recount, and the period buckets it keeps.

`comment_tally` holds, for every comment, +1 in ten cells, so that counts read a few
thousand small rows instead of grouping up to a million comments:

- detail cells (policy, ward, status, kind "", deleted) for the buckets "*" (all time),
  "F2025" (fiscal year from April) and "2025-04" (month);
- kind cells (policy, ward -1, status, kind, deleted) for the same three buckets;
- month-chart cells (policy -1, ward -1, status, kind "", deleted) for the month bucket;
- district cells (policy, ward = the ward's district id, status, kind "", deleted) for the
  three buckets with the prefix DISTRICT ("D*", "DF2025", "D2025-04"): the detail cells
  summed by district, contiguous in the key, so that the policy x district x status counts
  read ~5,000 cells instead of grouping ~32,000 ward cells (issue 13).

A missing policy or ward is stored as 0 (and a city-wide comment's district as 0). A ward
moved to another district moves its district cells by a trigger on `ward`. Database
triggers keep the cells exact in the transaction that writes the comment, so every writer
(services, imports, packages, purges, raw SQL) is covered; bulk loads switch the triggers
off and add their rows in one statement (store/bulk_writer.py). Migration 0009 and `check`
use the recount below; migration 0011 added the district cells from the ward cells.
"""

from __future__ import annotations

from datetime import date, timedelta

TABLE = "comment_tally"
KEY = "bucket, policy_id, ward_id, status, kind, deleted"
ALL_TIME = "*"
#: PostgreSQL storage of the tally (migration 0015): room on each page for a cell's updates.
PG_STORAGE = "fillfactor = 80"
#: The bucket prefix of a district cell: its ward_id column holds the district id.
DISTRICT = "D"
#: Objects outside the ORM (triggers, the PostgreSQL trigger function); autogenerate skips them.
TRIGGER_PREFIX = "comment_tally_"


def _exprs(dialect: str, src: str) -> dict[str, str]:
    """SQL for the bucket and key columns of one comment (`src` is NEW, OLD or a table alias)."""
    if dialect == "sqlite":
        month = f"substr({src}.received_on, 1, 7)"
        fiscal = (
            f"('F' || (CAST(substr({src}.received_on, 1, 4) AS INTEGER)"
            f" - (substr({src}.received_on, 6, 2) < '04')))"
        )
        deleted = f"({src}.deleted_at IS NOT NULL)"
    else:
        month = f"to_char({src}.received_on, 'YYYY-MM')"
        fiscal = f"('F' || to_char({src}.received_on - interval '3 months', 'YYYY'))"
        deleted = f"(CASE WHEN {src}.deleted_at IS NULL THEN 0 ELSE 1 END)"
    return {
        "month": month,
        "fiscal": fiscal,
        "policy": f"coalesce({src}.primary_policy_id, 0)",
        "ward": f"coalesce({src}.ward_id, 0)",
        "district": (
            f"coalesce((SELECT wd.district_id FROM ward wd WHERE wd.id = {src}.ward_id), 0)"
        ),
        "status": f"{src}.status",
        "kind": f"{src}.kind",
        "deleted": deleted,
    }


def _cells(
    b: str, f: str, m: str, p: str, w: str, st: str, k: str, d: str, n: str, dist: str
) -> str:
    """The ten cells of the module docstring, as a UNION ALL of (key..., n) rows."""

    def dist_bucket(bucket: str) -> str:
        return f"('{DISTRICT}' || {bucket})"

    rows = [
        (b, p, w, st, "''", d),
        (f, p, w, st, "''", d),
        (m, p, w, st, "''", d),
        (b, p, "-1", st, k, d),
        (f, p, "-1", st, k, d),
        (m, p, "-1", st, k, d),
        (m, "-1", "-1", st, "''", d),
        (dist_bucket(b), p, dist, st, "''", d),
        (dist_bucket(f), p, dist, st, "''", d),
        (dist_bucket(m), p, dist, st, "''", d),
    ]
    return " UNION ALL ".join(f"SELECT {', '.join(r)}, {n}" for r in rows)


def _upsert(select_sql: str, with_clause: str = "") -> str:
    # "WHERE true" keeps SQLite from reading ON CONFLICT as a join constraint.
    return (
        f"{with_clause}INSERT INTO {TABLE} ({KEY}, n) SELECT * FROM ({select_sql}) AS cells "
        f"WHERE true ON CONFLICT ({KEY}) DO UPDATE SET n = {TABLE}.n + excluded.n"
    )


def row_upsert(dialect: str, src: str, delta: int) -> str:
    """Add (delta 1) or take away (-1) one comment's cells: the body of the triggers."""
    e = _exprs(dialect, src)
    cells = _cells(
        f"'{ALL_TIME}'",
        e["fiscal"],
        e["month"],
        e["policy"],
        e["ward"],
        e["status"],
        e["kind"],
        e["deleted"],
        str(delta),
        e["district"],
    )
    return _upsert(cells)


def _base(dialect: str, where: str, source: str = "comment", n: str = "count(*)") -> str:
    e = _exprs(dialect, "c")
    return (
        f"WITH base AS MATERIALIZED (SELECT {e['fiscal']} AS f, {e['month']} AS m, "
        f"{e['policy']} AS p, {e['ward']} AS w, c.status AS st, c.kind AS k, "
        f"{e['deleted']} AS d, coalesce(wd.district_id, 0) AS dd, {n} AS n "
        f"FROM {source} c LEFT JOIN ward wd ON wd.id = c.ward_id {where} "
        "GROUP BY 1, 2, 3, 4, 5, 6, 7, 8) "
    )


_KEY_ORDER = " ORDER BY b, p, w, st, k, d"


def _cells_from_base(having: str = "", ordered: bool = False) -> str:
    rows = [
        (f"'{ALL_TIME}'", "p", "w", "st", "''", "d"),
        ("f", "p", "w", "st", "''", "d"),
        ("m", "p", "w", "st", "''", "d"),
        (f"'{ALL_TIME}'", "p", "-1", "st", "k", "d"),
        ("f", "p", "-1", "st", "k", "d"),
        ("m", "p", "-1", "st", "k", "d"),
        ("m", "-1", "-1", "st", "''", "d"),
        (f"'{DISTRICT}{ALL_TIME}'", "p", "dd", "st", "''", "d"),
        (f"('{DISTRICT}' || f)", "p", "dd", "st", "''", "d"),
        (f"('{DISTRICT}' || m)", "p", "dd", "st", "''", "d"),
    ]
    names = ("b", "p", "w", "st", "k", "d")
    union = " UNION ALL ".join(
        "SELECT " + ", ".join(f"{v} AS {n}" for v, n in zip(r, names, strict=True)) + ", n "
        "FROM base"
        for r in rows
    )
    return (
        f"SELECT b, p, w, st, k, d, sum(n) AS n FROM ({union}) AS x "
        f"GROUP BY b, p, w, st, k, d {having}" + (_KEY_ORDER if ordered else "")
        # In key order: a fresh PostgreSQL tally then lies on disk as its primary key sorts,
        # so a bucket's cells are a few neighbouring pages (see migration 0015).
    )


def grouped_cells(dialect: str, where: str = "") -> str:
    """SELECT key..., n: the tally of the comments matching `where`, counted afresh."""
    return _base(dialect, where) + _cells_from_base()


def add_grouped(dialect: str, where: str = "", ordered: bool = False) -> str:
    """Add the tally of the comments matching `where` (rows a bulk load just appended)."""
    if dialect == "postgresql":
        return _upsert(_pg_grouping_sets(where) + (_KEY_ORDER if ordered else ""))
    return _upsert(_cells_from_base(ordered=ordered), _base(dialect, where))


#: The ten cells as grouping sets over (f, m, p, w, st, k, d, dd), in _cells_from_base order.
_SETS = (
    "(p, w, st, d)",
    "(f, p, w, st, d)",
    "(m, p, w, st, d)",
    "(p, st, k, d)",
    "(f, p, st, k, d)",
    "(m, p, st, k, d)",
    "(m, st, d)",
    "(p, dd, st, d)",
    "(f, p, dd, st, d)",
    "(m, p, dd, st, d)",
)


def _pg_grouping_sets(where: str) -> str:
    """PostgreSQL: the same cells as `grouped_cells`, in one pass with ten hash tables.

    The UNION ALL form feeds ten copies of every group (8.6 million rows at 1M comments) to
    one big grouping: 12.8 s, against 5.7 s here (measured at 1M; same 1,006,436 cells).
    The sets' keys cannot collide (a ward cell has ward >= 0 and kind '', a kind cell ward
    -1 and a kind, a month-chart cell policy -1), so each cell comes out once. `check`
    recounts with the UNION ALL form (`grouped_cells`): the two are tested against each other.
    """
    e = _exprs("postgresql", "c")
    keyed = (
        f"SELECT {e['fiscal']} AS f, {e['month']} AS m, {e['policy']} AS p, {e['ward']} AS w, "
        f"c.status AS st, c.kind AS k, {e['deleted']} AS d, coalesce(wd.district_id, 0) AS dd "
        f"FROM comment c LEFT JOIN ward wd ON wd.id = c.ward_id {where}"
    )
    bucket = f"CASE WHEN grouping(m) = 0 THEN m WHEN grouping(f) = 0 THEN f ELSE '{ALL_TIME}' END"
    return (
        f"SELECT CASE WHEN grouping(dd) = 0 THEN '{DISTRICT}' || {bucket} ELSE {bucket} END AS b, "
        "CASE WHEN grouping(p) = 0 THEN p ELSE -1 END AS p, "
        "CASE WHEN grouping(w) = 0 THEN w WHEN grouping(dd) = 0 THEN dd ELSE -1 END AS w, "
        "st, CASE WHEN grouping(k) = 0 THEN k ELSE '' END AS k, d, count(*) AS n "
        f"FROM ({keyed}) AS c GROUP BY GROUPING SETS ({', '.join(_SETS)})"
    )


_CHANGED = " OR ".join(
    f"OLD.{c} IS NOT NEW.{c}"
    for c in ("received_on", "primary_policy_id", "ward_id", "status", "kind", "deleted_at")
)
_PG_CHANGED = _CHANGED.replace(" IS NOT ", " IS DISTINCT FROM ")


#: The buckets of ward cells (not district cells, whose buckets start with DISTRICT).
_WARD_BUCKETS = f"bucket NOT LIKE '{DISTRICT}%'"


def _move_district(old_district: str, new_district: str, ward: str) -> str:
    """Move one ward's detail cells from one district's cells to another's."""
    part = (
        f"SELECT '{DISTRICT}' || bucket, policy_id, {{d}}, status, '', deleted, {{sign}}n "
        f"FROM {TABLE} WHERE ward_id = {ward} AND kind = '' AND {_WARD_BUCKETS}"
    )
    cells = (
        part.format(d=old_district, sign="-") + " UNION ALL " + part.format(d=new_district, sign="")
    )
    return _upsert(cells)


def sqlite_triggers() -> list[str]:
    return [
        f"CREATE TRIGGER {TRIGGER_PREFIX}ward_au AFTER UPDATE OF district_id ON ward "
        "WHEN OLD.district_id IS NOT NEW.district_id BEGIN "
        f"{_move_district('OLD.district_id', 'NEW.district_id', 'OLD.id')}; END",
        f"CREATE TRIGGER {TRIGGER_PREFIX}ai AFTER INSERT ON comment BEGIN "
        f"{row_upsert('sqlite', 'NEW', 1)}; END",
        f"CREATE TRIGGER {TRIGGER_PREFIX}ad AFTER DELETE ON comment BEGIN "
        f"{row_upsert('sqlite', 'OLD', -1)}; END",
        f"CREATE TRIGGER {TRIGGER_PREFIX}au AFTER UPDATE OF received_on, primary_policy_id, "
        f"ward_id, status, kind, deleted_at ON comment WHEN {_CHANGED} BEGIN "
        f"{row_upsert('sqlite', 'OLD', -1)}; {row_upsert('sqlite', 'NEW', 1)}; END",
    ]


#: PostgreSQL: the rows a statement wrote, as its triggers' transition tables see them.
_PG_STATEMENT_SOURCES = {
    "DELETE": "(SELECT *, -1 AS sign FROM old_rows)",
    "UPDATE": "(SELECT *, 1 AS sign FROM new_rows UNION ALL SELECT *, -1 FROM old_rows)",
}
PG_STATEMENT_TRIGGERS = {
    "INSERT": "REFERENCING NEW TABLE AS new_rows",
    "UPDATE": "REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows",
    "DELETE": "REFERENCING OLD TABLE AS old_rows",
}


def _pg_statement_upsert(op: str) -> str:
    """The tally change of one statement's rows, grouped: one upsert per statement."""
    if op == "INSERT":
        return _upsert(_cells_from_base(), _base("postgresql", "", "new_rows"))
    # Old rows count -1, new ones +1; cells whose changes cancel out are not written.
    base = _base("postgresql", "", _PG_STATEMENT_SOURCES[op], "sum(c.sign)")
    return _upsert(_cells_from_base("HAVING sum(n) <> 0"), base)


def postgresql_triggers() -> list[str]:
    """Statement-level triggers with transition tables: a COPY or a multi-row INSERT of 100,000
    comments makes one grouped upsert, not 700,000 (a row trigger's 7 cells per comment)."""
    function = (
        f"CREATE OR REPLACE FUNCTION {TRIGGER_PREFIX}stmt_fn() RETURNS trigger "
        "LANGUAGE plpgsql AS $$ BEGIN "
        f"IF TG_OP = 'INSERT' THEN {_pg_statement_upsert('INSERT')}; "
        f"ELSIF TG_OP = 'DELETE' THEN {_pg_statement_upsert('DELETE')}; "
        f"ELSE {_pg_statement_upsert('UPDATE')}; END IF; "
        "RETURN NULL; END $$"
    )
    triggers = [
        f"CREATE TRIGGER {TRIGGER_PREFIX}{op.lower()} AFTER {op} ON comment {ref} "
        f"FOR EACH STATEMENT EXECUTE FUNCTION {TRIGGER_PREFIX}stmt_fn()"
        for op, ref in PG_STATEMENT_TRIGGERS.items()
    ]
    return [function, *triggers, *_pg_ward_triggers()]


def _pg_ward_triggers() -> list[str]:
    """A ward moved to another district takes its district cells along (migration 0011)."""
    ward_function = (
        f"CREATE OR REPLACE FUNCTION {TRIGGER_PREFIX}ward_fn() RETURNS trigger "
        "LANGUAGE plpgsql AS $$ BEGIN "
        "IF OLD.district_id IS DISTINCT FROM NEW.district_id THEN "
        f"{_move_district('OLD.district_id', 'NEW.district_id', 'OLD.id')}; END IF; "
        "RETURN NULL; END $$"
    )
    ward_trigger = (
        f"CREATE TRIGGER {TRIGGER_PREFIX}ward_trg AFTER UPDATE OF district_id ON ward "
        f"FOR EACH ROW EXECUTE FUNCTION {TRIGGER_PREFIX}ward_fn()"
    )
    return [ward_function, ward_trigger]


def postgresql_row_triggers() -> list[str]:
    """Revision 0011's row-level trigger (10 cell upserts per comment) and the ward trigger,
    kept for downgrades."""
    function = (
        f"CREATE OR REPLACE FUNCTION {TRIGGER_PREFIX}fn() RETURNS trigger "
        "LANGUAGE plpgsql AS $$ BEGIN "
        "IF TG_OP = 'UPDATE' AND NOT (" + _PG_CHANGED + ") THEN RETURN NULL; END IF; "
        "IF TG_OP IN ('UPDATE', 'DELETE') THEN "
        f"{row_upsert('postgresql', 'OLD', -1)}; END IF; "
        "IF TG_OP IN ('UPDATE', 'INSERT') THEN "
        f"{row_upsert('postgresql', 'NEW', 1)}; END IF; "
        "RETURN NULL; END $$"
    )
    trigger = (
        f"CREATE TRIGGER {TRIGGER_PREFIX}trg AFTER INSERT OR UPDATE OR DELETE ON comment "
        f"FOR EACH ROW EXECUTE FUNCTION {TRIGGER_PREFIX}fn()"
    )
    return [function, trigger, *_pg_ward_triggers()]


def drop_triggers(dialect: str) -> list[str]:
    if dialect == "sqlite":
        return [
            f"DROP TRIGGER IF EXISTS {TRIGGER_PREFIX}{x}" for x in ("ai", "ad", "au", "ward_au")
        ]
    return [
        f"DROP TRIGGER IF EXISTS {TRIGGER_PREFIX}trg ON comment",
        f"DROP FUNCTION IF EXISTS {TRIGGER_PREFIX}fn()",
        f"DROP TRIGGER IF EXISTS {TRIGGER_PREFIX}ward_trg ON ward",
        f"DROP FUNCTION IF EXISTS {TRIGGER_PREFIX}ward_fn()",
        *(
            f"DROP TRIGGER IF EXISTS {TRIGGER_PREFIX}{op.lower()} ON comment"
            for op in PG_STATEMENT_TRIGGERS
        ),
        f"DROP FUNCTION IF EXISTS {TRIGGER_PREFIX}stmt_fn()",
    ]


def create_triggers(dialect: str) -> list[str]:
    return sqlite_triggers() if dialect == "sqlite" else postgresql_triggers()


def refill_districts() -> list[str]:
    """Statements that recount the district cells from the ward detail cells (migration)."""
    cells = (
        f"SELECT '{DISTRICT}' || t.bucket, t.policy_id, coalesce(w.district_id, 0), t.status, "
        f"'', t.deleted, sum(t.n) FROM {TABLE} t LEFT JOIN ward w ON w.id = t.ward_id "
        f"WHERE t.ward_id >= 0 AND t.kind = '' AND t.{_WARD_BUCKETS} "
        "GROUP BY t.bucket, t.policy_id, coalesce(w.district_id, 0), t.status, t.deleted"
    )
    return [f"DELETE FROM {TABLE} WHERE {_WARD_BUCKETS.replace('NOT ', '')}", _upsert(cells)]


def rebuild(dialect: str) -> list[str]:
    """Statements that recount the whole tally from the comment table."""
    return [f"DELETE FROM {TABLE}", add_grouped(dialect, ordered=True)]


# --- periods -------------------------------------------------------------------------------
def month_bucket(d: date) -> str:
    return f"{d.year:04d}-{d.month:02d}"


def fiscal_bucket(d: date) -> str:
    return f"F{d.year if d.month >= 4 else d.year - 1}"


def _month_end(d: date) -> date:
    nxt = date(d.year + 1, 1, 1) if d.month == 12 else date(d.year, d.month + 1, 1)
    return nxt - timedelta(days=1)


def split_period(
    lo: date, hi: date, *, fiscal_years: bool = True
) -> tuple[list[str], list[tuple[date, date]]]:
    """Cover lo..hi (inclusive) with whole fiscal years and months, plus day ranges at the edges.

    The buckets are read from the tally; the edge days (parts of a month) from the comments.
    """
    buckets: list[str] = []
    edges: list[tuple[date, date]] = []
    day = lo
    while day <= hi:
        if fiscal_years and day.month == 4 and day.day == 1 and date(day.year + 1, 3, 31) <= hi:
            buckets.append(fiscal_bucket(day))
            day = date(day.year + 1, 4, 1)
        elif day.day == 1 and _month_end(day) <= hi:
            buckets.append(month_bucket(day))
            day = _month_end(day) + timedelta(days=1)
        else:
            end = min(_month_end(day), hi)
            if edges and edges[-1][1] + timedelta(days=1) == day:
                edges[-1] = (edges[-1][0], end)
            else:
                edges.append((day, end))
            day = end + timedelta(days=1)
    return buckets, edges
