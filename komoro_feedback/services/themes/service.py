"""Themes of the comments a filter selects (policy, district, meeting, period): read-only."""

from __future__ import annotations

from pathlib import Path

from komoro_feedback.domain.query import CommentFilter
from komoro_feedback.domain.theme import ThemeInput, ThemeResult
from komoro_feedback.paths import resources_dir
from komoro_feedback.services.themes import worker
from komoro_feedback.services.themes.engine import ThemeEngine
from komoro_feedback.store.database import Database
from komoro_feedback.store.report_repository import ReportRepository
from komoro_feedback.store.theme_repository import ThemeRepository

#: At most this many comments (the newest) are grouped: ~15 s of CPU; a broader selection
#: says little more, and the result says it was limited.
MAX_COMMENTS = 50_000


class ThemeService:
    """Safe on a worker thread: each query opens its own session; the engine is built lazily."""

    def __init__(self, db: Database, resources: Path | None = None):
        self.db = db
        self.resources = resources or resources_dir()
        self.repo = ReportRepository()
        self.inputs = ThemeRepository()
        self.max_comments = MAX_COMMENTS
        self._engine: ThemeEngine | None = None

    @property
    def engine(self) -> ThemeEngine:
        if self._engine is None:
            self._engine = worker.engine_for(self.resources)
        return self._engine

    def themes(self, f: CommentFilter, *, min_size: int = 2, limit: int = 0) -> ThemeResult:
        """The themes of the selected comments, largest first (at most `limit` if given)."""
        docs, names, limited = self._inputs(f)
        return worker.theme_result(
            self.engine, docs, names, limited, min_size=min_size, limit=limit
        )

    def later(self, f: CommentFilter, *, min_size: int = 2, limit: int = 0) -> worker.PendingThemes:
        """The same themes, worked out in a second process while the caller goes on (large
        selections); `result()` waits for them, `close()` (or `with`) ends the process."""
        docs, names, limited = self._inputs(f)
        return worker.start(
            lambda: self.engine,
            self.resources,
            docs,
            names,
            limited,
            min_size=min_size,
            limit=limit,
        )

    def _inputs(self, f: CommentFilter) -> tuple[list[ThemeInput], dict[str, str], bool]:
        with self.db.read() as s:
            docs = self.inputs.inputs(s, f, self.max_comments + 1)
            limited = len(docs) > self.max_comments
            docs = docs[: self.max_comments]
            names = self.repo.speaker_names(s, [d.id for d in docs])
        docs.sort(key=lambda d: d.id)  # the same order whatever the database's collation
        return docs, names, limited
