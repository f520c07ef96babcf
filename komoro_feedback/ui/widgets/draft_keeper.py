"""Keep the capture form as a draft of its meeting, at most a second behind the typing."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable, Iterator

from PySide6.QtCore import QObject, QTimer
from sqlalchemy.exc import SQLAlchemyError

from komoro_feedback.domain.draft import CaptureDraft
from komoro_feedback.domain.errors import KomoroError
from komoro_feedback.services.container import Services

#: A change is written this long after it was made, even while typing goes on (≤ 1 s behind).
WRITE_AFTER_MS = 500

log = logging.getLogger(__name__)


class CaptureDraftKeeper(QObject):
    """Writes the form's state for `meeting_id` after each pause; never blocks the recorder.

    The timer is not restarted by further keys, so continuous typing is still written every
    WRITE_AFTER_MS. A failed write (a locked database) is retried on the next change; the form
    on screen keeps everything meanwhile.
    """

    def __init__(
        self, services: Services, read_form: Callable[[], CaptureDraft], parent: QObject
    ) -> None:
        super().__init__(parent)
        self.services = services
        self.read_form = read_form
        self.meeting_id: int | None = None
        self._paused = 0
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(WRITE_AFTER_MS)
        self._timer.timeout.connect(self.flush)

    def touch(self, *_args: object) -> None:
        """The form changed: write it soon (not later than WRITE_AFTER_MS from now)."""
        if self._paused or self.meeting_id is None:
            return
        if not self._timer.isActive():
            self._timer.start()

    def flush(self) -> bool:
        """Write the form now; returns whether the draft is safely stored."""
        self._timer.stop()
        if self.meeting_id is None:
            return True
        try:
            self.services.drafts.keep(self.meeting_id, self.read_form())
        except (KomoroError, SQLAlchemyError) as exc:  # locked or read-only: retry on next key
            log.warning("draft not written: %s", type(exc).__name__)
            return False
        return True

    def load(self) -> CaptureDraft | None:
        if self.meeting_id is None:
            return None
        try:
            return self.services.drafts.get(self.meeting_id)
        except (KomoroError, SQLAlchemyError):
            return None

    def discard(self) -> None:
        """The comment was saved: its draft is gone."""
        self._timer.stop()
        if self.meeting_id is None:
            return
        with contextlib.suppress(KomoroError, SQLAlchemyError):
            self.services.drafts.discard(self.meeting_id)

    @contextlib.contextmanager
    def paused(self) -> Iterator[None]:
        """Changes made by the program (clearing, restoring) are not the recorder's typing."""
        self._paused += 1
        try:
            yield
        finally:
            self._paused -= 1
