"""Propose the policies (and name the wards) of a comment as the recorder types it.

Three sources, all offline: the programme's own titles and texts (BM25 over character
n-grams), the curated everyday words beside the catalog
(resources/programmes/<code>-keywords.json), and the comments the city has already tagged
(a nearest-neighbour vote over comments whose policies a person set). The model is built on
first use (call warm_up() from a background thread at start-up) and follows new tagging: at
most every REFRESH_SECONDS it checks the database and takes in what changed.
"""

from __future__ import annotations

import heapq
import json
import math
import threading
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from komoro_feedback.domain.catalog import Policy, Programme
from komoro_feedback.domain.roles import Action
from komoro_feedback.domain.suggestion import (
    AcceptanceStats,
    EvaluationItem,
    EvaluationResult,
    LabelledText,
    PlaceMention,
    PolicySuggestion,
    Suggestions,
)
from komoro_feedback.i18n.translation import _
from komoro_feedback.paths import resources_dir
from komoro_feedback.services.actor import Actor
from komoro_feedback.services.place_detector import PlaceDetector
from komoro_feedback.services.suggestion_engine import (
    Bm25Index,
    KeywordMatcher,
    Lemmatizer,
    Variants,
    features,
)
from komoro_feedback.store.catalog_repository import CatalogRepository
from komoro_feedback.store.database import Database
from komoro_feedback.store.suggestion_repository import SuggestionRepository, TaggedComment

REFRESH_SECONDS = 30.0

#: How the three sources add up (keyword weights are in IDF units, the others are scaled).
PROGRAMME_WEIGHT = 2.0
TAGGED_WEIGHT = 4.0
NEIGHBOURS = 12
MIN_NEIGHBOUR_SIMILARITY = 0.3
#: Candidates for the neighbour vote come from features found in at most this many tagged
#: comments: a near repeat shares rare features too, and the postings walked stay bounded
#: (10,000 tagged comments: p95 112 ms when every feature's postings were walked).
NEIGHBOUR_POSTINGS = 150
MIN_TEXT_CHARS = 2
USE_LEMMAS = True


@dataclass
class _Model:
    """Everything built from the programme, the curated words and the tagged comments."""

    programme: Programme
    policies: dict[str, Policy]
    variants: Variants
    keywords: KeywordMatcher
    programme_index: Bm25Index
    places: PlaceDetector
    tagged_index: Bm25Index = field(default_factory=Bm25Index)
    tagged_codes: dict[Any, tuple[str, ...]] = field(default_factory=dict)
    tagged_feats: dict[Any, Counter[str]] = field(default_factory=dict)
    watermark: datetime | None = None
    tagged_count: int = 0
    checked_at: float = 0.0
    examples: list[tuple[Any, Counter[str], tuple[str, ...]]] = field(default_factory=list)


class SuggestionService:
    """Thread-safe: the GUI computes suggestions on a worker thread."""

    def __init__(self, db: Database, actor: Actor, resources: Path | None = None) -> None:
        self.db = db
        self.actor = actor
        self.resources = resources or resources_dir()
        self.catalog = CatalogRepository()
        self.repo = SuggestionRepository()
        self._lock = threading.RLock()
        self._model: _Model | None = None

    # --- suggesting -------------------------------------------------------------------------
    def warm_up(self) -> None:
        """Build the model now (start-up calls this off the GUI thread)."""
        self._current_model()

    def suggest(self, text: str, top: int = 3) -> Suggestions:
        """The best `top` policies of the current programme and the places the text names."""
        with self._lock:
            model = self._current_model()
            return Suggestions(self._rank(model, text, top), tuple(model.places.find(text)))

    def detect_places(self, text: str) -> list[PlaceMention]:
        with self._lock:
            return self._current_model().places.find(text)

    def refresh(self) -> None:
        """Look at the database on the next suggestion (after a save, say)."""
        with self._lock:
            if self._model is not None:
                self._model.checked_at = 0.0

    # --- learning and measuring -------------------------------------------------------------
    def add_examples(self, examples: Iterable[LabelledText]) -> int:
        """Learn labelled texts in memory only (CLI --train: simulate the city's tagging)."""
        self.actor.require(Action.CATALOG)
        with self._lock:
            model = self._current_model()
            n = 0
            for ex in examples:
                codes = tuple(c for c in ex.codes if c in model.policies)
                if codes and ex.text.strip():
                    key = ("example", len(model.examples))
                    feats = features(model.variants.keys(ex.text))
                    model.examples.append((key, feats, codes))
                    model.tagged_index.add(key, feats)
                    model.tagged_codes[key] = codes
                    model.tagged_feats[key] = feats
                    n += 1
            return n

    def evaluate(self, examples: Sequence[LabelledText], top: int = 3) -> EvaluationResult:
        items = []
        for ex in examples:
            ranked = self.suggest(ex.text, top=max(top, 3)).codes
            items.append(EvaluationItem(ex.codes[0] if ex.codes else "", ex.text, ranked))
        return EvaluationResult(tuple(items))

    def acceptance(
        self, date_from: date | None = None, date_to: date | None = None
    ) -> AcceptanceStats:
        """How often recorders took a proposed policy (comments recorded by people only)."""
        with self.db.read() as s:
            n, shown, taken = self.repo.acceptance(s, date_from, date_to)
        return AcceptanceStats(n, shown, taken)

    def learnt_comments(self) -> int:
        """How many tagged comments (and examples) the model currently learns from."""
        with self._lock:
            return len(self._current_model().tagged_index)

    # --- ranking ----------------------------------------------------------------------------
    def _rank(self, model: _Model, text: str, top: int) -> tuple[PolicySuggestion, ...]:
        keys = model.variants.keys(text)
        if len(keys.folded.replace(" ", "")) < MIN_TEXT_CHARS:
            return ()
        feats = features(keys)
        scores: dict[str, float] = {}
        reasons: dict[str, list[str]] = {}
        for code, kws in model.keywords.matches(keys).items():
            scores[code] = sum(k.weight for k in kws)
            ranked_kws = sorted(kws, key=lambda k: -k.weight)
            reasons[code] = [k.shown for k in ranked_kws]
        prog, why = model.programme_index.scores(feats)
        best = max(prog.values(), default=0.0)
        for key, value in prog.items():
            code = str(key)
            scores[code] = scores.get(code, 0.0) + PROGRAMME_WEIGHT * value / best
        # Near repeats of comments a person tagged are the strongest evidence there is: their
        # vote scales with the best score so far, so two close repeats outweigh any keywords.
        scale = TAGGED_WEIGHT + max(scores.values(), default=0.0)
        for code, vote in self._neighbour_vote(model, feats).items():
            scores[code] = scores.get(code, 0.0) + scale * vote
            reasons.setdefault(code, []).insert(0, _("記録済みの類似意見"))

        ordered = sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))[:top]
        if not ordered or ordered[0][1] <= 0:
            return ()
        top_score = ordered[0][1]
        out = []
        for code, value in ordered:
            p = model.policies[code]
            words = reasons.get(code) or _readable(why.get(code, []))
            out.append(
                PolicySuggestion(
                    p.id,
                    p.code,
                    p.title,
                    p.mark.value,
                    round(value / top_score, 3),
                    tuple(words[:4]),
                )
            )
        return tuple(out)

    def _neighbour_vote(self, model: _Model, feats: Counter[str]) -> dict[str, float]:
        """Policies of the most similar tagged comments, weighted by how similar they are.

        BM25 finds candidates; the vote uses the cosine of their feature sets, and only
        neighbours at least MIN_NEIGHBOUR_SIMILARITY alike vote: a loose resemblance to one
        earlier comment is weak evidence, a near repeat of it is strong.
        """
        if not len(model.tagged_index):
            return {}
        sims, _why = model.tagged_index.scores(
            feats, max_df=0.2, max_docs=max(NEIGHBOUR_POSTINGS, 20), explain=False
        )
        near = heapq.nlargest(NEIGHBOURS * 3, sims.items(), key=lambda kv: kv[1])
        mine = set(feats)
        votes: dict[str, float] = {}
        scored = []
        for key, _value in near:
            theirs = model.tagged_feats.get(key)
            if not theirs or not mine:
                continue
            cos = len(mine & theirs.keys()) / math.sqrt(len(mine) * len(theirs))
            if cos >= MIN_NEIGHBOUR_SIMILARITY:
                scored.append((cos, key))
        for cos, key in sorted(scored, key=lambda x: -x[0])[:NEIGHBOURS]:
            for i, code in enumerate(model.tagged_codes.get(key, ())):
                votes[code] = votes.get(code, 0.0) + cos * (1.0 if i == 0 else 0.5)
        return votes

    # --- building ---------------------------------------------------------------------------
    def _current_model(self) -> _Model:
        with self._lock:
            if self._model is None:
                self._model = self._build()
            if time.monotonic() - self._model.checked_at > REFRESH_SECONDS:
                self._follow_tagging(self._model)
            return self._model

    def _build(self) -> _Model:
        with self.db.read() as s:
            programme = self.catalog.programme(s, None)
            districts = self.catalog.districts(s, include_merged=False)
        if programme is None:
            raise LookupError("no current programme")
        policies = {p.code: p for p in programme.policies()}
        data = self._keyword_data(programme.code)
        variants = Variants(data.get("variants", []), Lemmatizer() if USE_LEMMAS else None)
        words = {code: list(data.get("policies", {}).get(code, [])) for code in policies}
        keywords = KeywordMatcher(words, variants)
        programme_index = Bm25Index()
        for code, p in policies.items():
            doc = " ".join([p.title, p.title, p.text, *words[code]])
            programme_index.add(code, features(variants.keys(doc)))
        return _Model(
            programme, policies, variants, keywords, programme_index, PlaceDetector(districts)
        )

    def _keyword_data(self, programme_code: str) -> dict[str, Any]:
        path = self.resources / "programmes" / f"{programme_code}-keywords.json"
        if not path.is_file():  # a new programme before its words are written
            return {}
        data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
        return data

    def _follow_tagging(self, model: _Model) -> None:
        model.checked_at = time.monotonic()
        with self.db.read() as s:
            count, last = self.repo.tagged_state(s)
            if (count, last) == (model.tagged_count, model.watermark):
                return
            grew = count >= model.tagged_count and model.watermark is not None
            rows = self.repo.tagged(s, changed_since=model.watermark if grew else None)
        if not grew:  # first load, or comments were deleted: start again (keep the examples)
            model.tagged_index = Bm25Index()
            model.tagged_codes = {}
            model.tagged_feats = {}
            for key, feats, codes in model.examples:
                model.tagged_index.add(key, feats)
                model.tagged_codes[key] = codes
                model.tagged_feats[key] = feats
        self._learn_rows(model, rows)
        model.tagged_count, model.watermark = count, last

    def _learn_rows(self, model: _Model, rows: Sequence[TaggedComment]) -> None:
        code_of = {p.id: p.code for p in model.policies.values()}
        for row in rows:
            codes = tuple(code_of[i] for i in row.policy_ids if i in code_of)
            if not codes:  # tagged with another programme's policies
                model.tagged_index.remove(row.id)
                model.tagged_codes.pop(row.id, None)
                model.tagged_feats.pop(row.id, None)
                continue
            feats = features(model.variants.keys(row.text))
            model.tagged_index.add(row.id, feats)
            model.tagged_codes[row.id] = codes
            model.tagged_feats[row.id] = feats


_PARTICLES = set("のはがをにでともへやか")


def _readable(contributions: list[tuple[float, str]]) -> list[str]:
    """The programme words behind a score, most telling first, without particles or repeats."""
    out: list[str] = []
    for _value, feat in sorted(contributions, reverse=True):
        word = feat.removeprefix("w:")
        if len(word) < 2 or _PARTICLES & set(word) or (len(word) == 2 and _kana(word)):
            continue
        if any(word in seen or seen in word for seen in out):
            continue
        out.append(word)
    return out[:3]


def _kana(word: str) -> bool:
    return all("\u3041" <= ch <= "\u30ff" for ch in word)
