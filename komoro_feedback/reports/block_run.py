"""Many text blocks (a report's comment entries) as one flowable.

Platypus handles each flowable on its own: a frame test, a wrap, a saved and restored
graphics state and a text object per comment, 10,000 times for a 10,000-comment report. A
BlockRun stacks its blocks exactly as the frame would (heights taken one after another, a
block split by LineBlock's own rule where the page ends) and draws all their lines in one
text object, so the pages are the same.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from reportlab.platypus import Flowable

from komoro_feedback.reports.document import font_name
from komoro_feedback.reports.flowables import LineBlock, TextStyle
from komoro_feedback.reports.pdf_text import TextLine, draw_lines

#: The frame's tolerance when a flowable's bottom meets the frame's (reportlab's _FUZZ).
FUZZ = 1e-6


class BlockRun(Flowable):  # type: ignore[misc]
    """Consecutive LineBlocks (no outline entries, no keepWithNext), laid out as a whole.

    `done` is called once the last block has been drawn (progress and cancelling)."""

    def __init__(
        self,
        blocks: Sequence[LineBlock],
        done: Callable[[], None] | None = None,
        *,
        measured: tuple[float, list[float]] | None = None,  # (width, heights) when known
    ):
        super().__init__()
        self.blocks = list(blocks)
        self.done = done
        self._for_width: float | None = measured[0] if measured else None
        self._heights: list[float] = measured[1] if measured else []

    @property
    def parts(self) -> list[tuple[str, TextStyle]]:
        """The blocks' texts (the document numbers the font's characters from them)."""
        return [part for b in self.blocks for part in b.parts]

    def _measure(self, avail_width: float, avail_height: float) -> list[float]:
        if self._for_width != avail_width:
            self._heights = [b.wrap(avail_width, avail_height)[1] for b in self.blocks]
            self._for_width = avail_width
        return self._heights

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = avail_width
        self.height = sum(self._measure(avail_width, avail_height))
        return avail_width, self.height

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        heights = self._measure(avail_width, avail_height)
        room = avail_height
        k = 0
        for h in heights:
            if room - h < -FUZZ:  # as Frame._add: the block's bottom below the frame's
                break
            room -= h
            k += 1
        k = min(k, len(heights) - 1)  # the sum said it does not fit: the last one does not
        head, head_h = self.blocks[:k], heights[:k]
        tail, tail_h = self.blocks[k + 1 :], heights[k + 1 :]
        pieces = self.blocks[k].split(avail_width, room)
        if pieces:  # the block that meets the page's end is split as LineBlock splits
            head.append(pieces[0])
            head_h.append(pieces[0].wrap(avail_width, room)[1])
            tail.insert(0, pieces[1])
            tail_h.insert(0, pieces[1].wrap(avail_width, avail_height)[1])
        else:
            tail.insert(0, self.blocks[k])
            tail_h.insert(0, heights[k])
        if not head:
            return []
        return [
            BlockRun(head, measured=(avail_width, head_h)),
            BlockRun(tail, self.done, measured=(avail_width, tail_h)),
        ]

    def draw(self) -> None:
        heights = self._heights
        placed: list[TextLine] = []
        y = self.height
        for block, h in zip(self.blocks, heights, strict=True):
            y -= h
            placed += block.placed(y)
        draw_lines(self.canv, font_name(), placed)
        if self.done is not None:
            self.done()
