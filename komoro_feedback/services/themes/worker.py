"""Themes worked out in a second process while the caller goes on (a report lays out its pages).

A one-policy report of 10,000 comments spent about half of its CPU on the themes (pure
Python, one core) although the themes section is printed last. Here a spawned process reads
the words and groups the comments while the report gathers its figures and lays out the
comment pages on the other core; the section waits only for what is left.

The result is the same as in the caller's process: the same engine, settings and inputs.
Anything that goes wrong with the second process (it cannot start, dies, or fails) makes the
caller work the themes out itself, so a report never fails for want of a process. Small
selections, and machines with one core, never start one.
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing
import os
import threading
import time
from collections.abc import Callable, Sequence
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import Any

from komoro_feedback.domain.privacy import mask_personal_data
from komoro_feedback.domain.theme import Theme, ThemeInput, ThemeResult
from komoro_feedback.services.themes.concepts import ConceptFinder
from komoro_feedback.services.themes.engine import ThemeEngine
from komoro_feedback.services.themes.labels import build_themes

log = logging.getLogger(__name__)

#: Below this many comments the themes are worked out in the caller's process: starting a
#: process costs it ~0.3 s of CPU, as much as grouping ~2,000 comments.
PARALLEL_MIN = 2000
#: How often a waiting caller looks at its cancel button and whether the process still lives.
POLL_S = 0.1

#: Called while waiting; raises to stop waiting (the report's cancel button).
Interrupt = Callable[[], None]


def engine_for(resources: Path) -> ThemeEngine:
    """The themes engine the app uses: default settings, the programme's everyday words."""
    words = resources / "programmes" / "komoro-mirai-2024-keywords.json"
    return ThemeEngine(concepts=ConceptFinder(words))


def theme_result(
    engine: ThemeEngine,
    docs: Sequence[ThemeInput],
    names: dict[str, str],
    limited: bool,
    *,
    min_size: int = 2,
    limit: int = 0,
) -> ThemeResult:
    """The themes of `docs` (sorted by id), largest first, representatives masked."""
    clustering = engine.cluster(docs)

    def mask(d: ThemeInput) -> str:
        return mask_personal_data(d.text, (names[d.id],) if d.id in names else ())

    themes = build_themes(docs, clustering, mask, min_size=min_size)
    unthemed = len(docs) - sum(t.count for t in themes)
    shown = themes[:limit] if limit else themes
    return ThemeResult(tuple(shown), len(docs), unthemed, clustering.sampled, limited)


class PendingThemes:
    """Themes that `result()` hands over when they are ready; `close()` ends the process.

    Without a process (small selection, one core, or it could not start) `result()` works
    them out in the caller's process when first asked.
    """

    def __init__(self, inline: Callable[[], ThemeResult], job: _Job | None = None) -> None:
        self._inline = inline
        self._job = job
        self._result: ThemeResult | None = None

    @property
    def in_second_process(self) -> bool:
        """True while a second process works on them (for tests and the log)."""
        return self._job is not None

    def result(self, interrupt: Interrupt | None = None) -> ThemeResult:
        if self._result is None:
            got = self._job.wait(interrupt) if self._job is not None else None
            self.close()
            self._result = got if got is not None else self._inline()
        return self._result

    def wait(self, interrupt: Interrupt | None = None) -> tuple[Theme, ...]:
        """The themes alone (reports.model.ThemesLater)."""
        return self.result(interrupt).themes

    def close(self) -> None:
        if self._job is not None:
            self._job.stop()
            self._job = None

    def __enter__(self) -> PendingThemes:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def start(
    engine: Callable[[], ThemeEngine],
    resources: Path,
    docs: list[ThemeInput],
    names: dict[str, str],
    limited: bool,
    *,
    min_size: int = 2,
    limit: int = 0,
) -> PendingThemes:
    """Start working out the themes of `docs`; in a second process when that pays."""

    def inline() -> ThemeResult:
        return theme_result(engine(), docs, names, limited, min_size=min_size, limit=limit)

    job = None
    if len(docs) >= PARALLEL_MIN and (os.cpu_count() or 1) >= 2:
        job = _Job.start((resources, docs, names, limited, min_size, limit))
    return PendingThemes(inline, job)


class _Job:
    """One spawned process and the pipe to it (spawn: the same on Windows, macOS and Linux,
    and safe beside Qt's threads, which fork is not)."""

    def __init__(self, process: BaseProcess, conn: Connection) -> None:
        self.process = process
        self.conn = conn
        self.started = time.perf_counter()

    @classmethod
    def start(cls, payload: tuple[Any, ...]) -> _Job | None:
        try:
            ctx = multiprocessing.get_context("spawn")
            ours, theirs = ctx.Pipe(duplex=True)
            process = ctx.Process(target=_work, args=(theirs,), name="komoro-themes", daemon=True)
            process.start()
            theirs.close()
        except Exception as exc:  # the caller works them out itself
            log.warning("themes: no second process (%s); working them out here", type(exc).__name__)
            return None
        # The process loads its dictionary first; the comments follow from a thread, so that
        # this one goes on while the pipe fills (a pipe holds 64 KB, the comments some MB).
        threading.Thread(target=_send, args=(ours, payload), daemon=True).start()
        return cls(process, ours)

    def wait(self, interrupt: Interrupt | None) -> ThemeResult | None:
        """The result, or None when the process failed; raises what `interrupt` raises."""
        try:
            while True:
                if interrupt is not None:
                    interrupt()
                if self.conn.poll(POLL_S):
                    break
                if not self.process.is_alive() and not self.conn.poll(0):
                    log.warning("themes: the second process ended without a result")
                    return None
            status, value = self.conn.recv()
        except (EOFError, OSError) as exc:
            log.warning("themes: the second process was lost (%s)", type(exc).__name__)
            return None
        if status != "ok":
            log.warning("themes: the second process failed (%s); working them out here", value)
            return None
        took = time.perf_counter() - self.started
        log.info("themes: worked out in a second process in %.2f s", took)
        result: ThemeResult = value
        return result

    def stop(self) -> None:
        self.conn.close()
        if self.process.is_alive():
            self.process.terminate()
        self.process.join(timeout=5)


def _send(conn: Connection, payload: tuple[Any, ...]) -> None:
    with contextlib.suppress(OSError, ValueError):  # stopped (cancelled) before it was sent
        conn.send(payload)


def _work(conn: Connection) -> None:
    """The second process: the engine first (its dictionary), then the comments, then the
    result. Nothing is printed: a failure is sent back by the name of its type only (the
    comments and names are personal data)."""
    logging.getLogger().addHandler(logging.NullHandler())  # nothing printed to the console
    try:
        from komoro_feedback.paths import resources_dir
        from komoro_feedback.services.collector_pause import collector_paused

        engine = engine_for(resources_dir())  # opens the dictionary before the comments come
        resources, docs, names, limited, min_size, limit = conn.recv()
        if Path(resources) != resources_dir():
            engine = engine_for(Path(resources))
        with collector_paused():
            result = theme_result(engine, docs, names, limited, min_size=min_size, limit=limit)
        conn.send(("ok", result))
    except BaseException as exc:  # reported to the caller, which works them out itself
        with contextlib.suppress(Exception):  # unless it is gone
            conn.send(("error", type(exc).__name__))
    finally:
        conn.close()
