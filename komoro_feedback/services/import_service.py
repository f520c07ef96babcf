"""Import comments collected on paper from xlsx or CSV: preview every row, then all or nothing."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from komoro_feedback.domain.enums import MeetingKind
from komoro_feedback.domain.errors import KomoroError, ValidationError
from komoro_feedback.domain.roles import Action
from komoro_feedback.i18n.translation import _
from komoro_feedback.services.actor import Actor
from komoro_feedback.services.catalog_service import CatalogService
from komoro_feedback.services.collector_pause import collector_paused
from komoro_feedback.services.import_reader import FileRejected, RawTable, read_table
from komoro_feedback.services.import_rows import RowContext, RowParser
from komoro_feedback.services.imported_rows import ImportedRows
from komoro_feedback.services.sheet_format import header_key
from komoro_feedback.store.database import Database
from komoro_feedback.store.import_repository import ImportRepository
from komoro_feedback.store.privacy_repository import PrivacyRepository
from komoro_feedback.store.settings_repository import SettingsRepository


@dataclass(frozen=True, slots=True)
class ImportRowPreview:
    """One data row as the preview lists it: where it is, what it says, what is wrong."""

    line: int
    text: str
    ward: str
    policies: str
    problems: tuple[str, ...] = ()


@dataclass(frozen=True)
class ImportPreview:
    """What would be imported; `ok` only when the file and every row are acceptable."""

    path: Path
    encoding: str
    rows: tuple[ImportRowPreview, ...]
    file_problems: tuple[str, ...] = ()
    new_meetings: tuple[str, ...] = ()
    ignored_columns: tuple[str, ...] = ()
    records: tuple[dict[str, Any], ...] = field(default=(), repr=False, compare=False)

    @property
    def ok(self) -> bool:
        return not self.file_problems and bool(self.rows) and not self.problem_rows

    @property
    def problem_rows(self) -> list[ImportRowPreview]:
        return [r for r in self.rows if r.problems]

    def problem_lines(self) -> list[str]:
        """Every problem on one line each: the file's, then "n行目: ..." per row."""
        out = list(self.file_problems)
        for r in self.problem_rows:
            out += [_("{line}行目: {problem}").format(line=r.line, problem=p) for p in r.problems]
        return out


@dataclass(frozen=True, slots=True)
class ImportResult:
    added: int
    meetings_created: int
    seconds: float


class ImportRejected(KomoroError):
    """The file or some rows have problems; nothing was written."""

    def __init__(self, preview: ImportPreview) -> None:
        lines = preview.problem_lines() or [_("取り込む行がありません。")]
        head = _("取り込みを中止しました。何も登録していません。")
        shown = lines[:20]
        more = len(lines) - len(shown)
        tail = [_("ほか{n}件").format(n=more)] if more else []
        super().__init__("\n".join([head, *shown, *tail]))
        self.preview = preview


class ImportService:
    """Preview and import comments; one transaction for the whole file."""

    def __init__(self, db: Database, actor: Actor, catalog: CatalogService) -> None:
        self.db = db
        self.actor = actor
        self.catalog = catalog
        self.repo = ImportRepository()

    @collector_paused()
    def preview(self, path: Path) -> ImportPreview:
        """Read and check every row; writes nothing."""
        self.actor.require(Action.IMPORT)
        path = Path(path)
        try:
            table = read_table(path)
        except FileRejected as exc:
            return ImportPreview(path, "", (), (str(exc),))
        keys, ignored, problems = _map_header(table)
        if problems:
            return ImportPreview(path, table.encoding, (), tuple(problems), (), tuple(ignored))
        parser = RowParser(self._context())
        previews: list[ImportRowPreview] = []
        records: list[dict[str, Any]] = []
        for line, cells in table.rows:
            values = {k: cells[i] if i < len(cells) else None for i, k in keys.items()}
            record, row_problems = parser.parse(values)
            previews.append(
                ImportRowPreview(
                    line,
                    _excerpt(values.get("text")),
                    _excerpt(values.get("ward"), 20),
                    _excerpt(values.get("policy_codes") or values.get("policy_titles"), 30),
                    tuple(row_problems),
                )
            )
            records.append(record)
        self._check_ids(previews, records)
        return ImportPreview(
            path,
            table.encoding,
            tuple(previews),
            (),
            tuple(parser.new_meeting_names()),
            tuple(ignored),
            tuple(records),
        )

    @collector_paused()
    def commit(self, source: ImportPreview | Path) -> ImportResult:
        """Import every row in one transaction, or nothing at all (ImportRejected)."""
        self.actor.require(Action.IMPORT)
        started = time.perf_counter()
        preview = source if isinstance(source, ImportPreview) else self.preview(Path(source))
        if not preview.ok:
            raise ImportRejected(preview)
        now = self.actor.now()
        user = self.actor.name
        with self.db.write() as s:
            ids = [r["id"] for r in preview.records]
            clash = self.repo.existing_ids(s, ids)
            if clash:
                raise ValidationError(
                    _("ID {id} の意見は既に登録されています。何も登録していません。").format(
                        id=sorted(clash)[0]
                    )
                )
            origin = SettingsRepository().installation_id(s)
            wanted: dict[tuple[str, date], None] = {}
            for rec in preview.records:
                if rec.get("new_meeting"):
                    wanted[rec["new_meeting"]] = None
            made = self.repo.insert_meetings(
                s,
                [(title, datetime.combine(day, datetime.min.time())) for title, day in wanted],
                kind=MeetingKind.OTHER.value,
                user=user,
                now=now,
            )
            meetings = dict(zip(wanted, made, strict=True))
            seq = self.repo.next_seq(s)
            rows = ImportedRows(origin, user, now, preview.path.name)
            records = preview.records
            self.repo.insert_comments(
                s,
                len(records),
                rows.comments(records, meetings, seq),
                lambda: rows.dependents(records),
            )
            # Old paper forms with names: the retention rule applies to them at once.
            PrivacyRepository().purge_expired(s, now.date(), user, now)
        return ImportResult(len(preview.records), len(meetings), time.perf_counter() - started)

    def write_template(self, out: Path) -> Path:
        from komoro_feedback.services.import_template import write_template

        return write_template(Path(out), self.catalog)

    # --- internals --------------------------------------------------------------------------
    def _context(self) -> RowContext:
        with self.db.read() as s:
            meetings = self.repo.meetings(s)
        return RowContext.build(self.catalog, meetings)

    def _check_ids(self, previews: list[ImportRowPreview], records: list[dict[str, Any]]) -> None:
        given = [r["id"] for r in records if r.get("id_given")]
        with self.db.read() as s:
            existing = self.repo.existing_ids(s, given) if given else set()
        seen: set[str] = set()
        for i, rec in enumerate(records):
            extra: list[str] = []
            if rec.get("id_given") and rec["id"] in existing:
                extra.append(_("このIDの意見は既に登録されています（二重取り込みの防止）。"))
            if rec.get("id_given") and rec["id"] in seen:
                extra.append(_("同じIDの行がファイル内に複数あります。"))
            seen.add(rec.get("id", ""))
            if extra:
                p = previews[i]
                previews[i] = ImportRowPreview(
                    p.line, p.text, p.ward, p.policies, (*p.problems, *extra)
                )


def _map_header(table: RawTable) -> tuple[dict[int, str], list[str], list[str]]:
    keys: dict[int, str] = {}
    ignored: list[str] = []
    problems: list[str] = []
    for i, h in enumerate(table.header):
        if not h.strip():
            continue
        key = header_key(h)
        if key is None:
            ignored.append(h)
        elif key in keys.values():
            problems.append(_("列「{h}」が2回あります。").format(h=h))
        else:
            keys[i] = key
    if "text" not in keys.values():
        problems.append(
            _("「本文」の列がありません。1行目に見出し（本文、区、政策コード…）を入れてください。")
        )
    return keys, ignored, problems


def _excerpt(value: Any, n: int = 40) -> str:
    if value is None:
        return ""
    text = str(value).replace("\n", " ")
    return text if len(text) <= n else text[: n - 1] + "…"
