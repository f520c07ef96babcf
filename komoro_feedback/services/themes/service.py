"""Themes of the comments a filter selects (policy, district, meeting, period): read-only."""

from __future__ import annotations

from pathlib import Path

from komoro_feedback.domain.privacy import mask_personal_data
from komoro_feedback.domain.query import CommentFilter
from komoro_feedback.domain.theme import ThemeInput, ThemeResult
from komoro_feedback.paths import resources_dir
from komoro_feedback.services.themes.concepts import ConceptFinder
from komoro_feedback.services.themes.engine import ThemeEngine
from komoro_feedback.services.themes.labels import build_themes
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
            words = self.resources / "programmes" / "komoro-mirai-2024-keywords.json"
            self._engine = ThemeEngine(concepts=ConceptFinder(words))
        return self._engine

    def themes(self, f: CommentFilter, *, min_size: int = 2, limit: int = 0) -> ThemeResult:
        """The themes of the selected comments, largest first (at most `limit` if given)."""
        docs, names, limited = self._inputs(f)
        clustering = self.engine.cluster(docs)

        def mask(d: ThemeInput) -> str:
            return mask_personal_data(d.text, (names[d.id],) if d.id in names else ())

        themes = build_themes(docs, clustering, mask, min_size=min_size)
        unthemed = len(docs) - sum(t.count for t in themes)
        shown = themes[:limit] if limit else themes
        return ThemeResult(tuple(shown), len(docs), unthemed, clustering.sampled, limited)

    def _inputs(self, f: CommentFilter) -> tuple[list[ThemeInput], dict[str, str], bool]:
        with self.db.read() as s:
            docs = self.inputs.inputs(s, f, self.max_comments + 1)
            limited = len(docs) > self.max_comments
            docs = docs[: self.max_comments]
            names = self.repo.speaker_names(s, [d.id for d in docs])
        docs.sort(key=lambda d: d.id)  # the same order whatever the database's collation
        return docs, names, limited
