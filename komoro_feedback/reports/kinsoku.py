"""Japanese line breaking (禁則処理) for report text: measured with the PDF font's metrics.

A line may not start with closing brackets and small punctuation (、。」）etc.) nor end with
opening brackets (「（ etc.), and Latin words and numbers are not split. When the character that
no longer fits would break a rule, earlier characters are carried to the next line (追い出し)
instead of letting punctuation hang past the margin, so nothing ever crosses the frame.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable
from itertools import accumulate
from typing import Final

#: Characters that may not begin a line (行頭禁則).
NO_LINE_START: Final = frozenset(
    "、。，．,.・：；？！:;?!）〕］｝〉》」』】〙〗)]}"
    "ゝゞヽヾーぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ々〻‐゠–〜～…‥"
    "％%℃°′″"
)
#: Characters that may not end a line (行末禁則).
NO_LINE_END: Final = frozenset("（〔［｛〈《「『【〘〖([{￥＄$＃#")

#: How far back a break may move to satisfy the rules before it is forced.
MAX_CARRY: Final = 6
#: A Latin word or number longer than this may be split anywhere.
MAX_WORD: Final = 24
#: Characters summed at once when looking for where a line ends (more if they all fit).
_WINDOW: Final = 96

Measure = Callable[[str], float]


def _is_word_char(ch: str) -> bool:
    return ch.isascii() and (ch.isalnum() or ch in "_-/@.:")


def can_break(text: str, pos: int) -> bool:
    """Whether a line may end before text[pos] (0 < pos < len(text))."""
    before, after = text[pos - 1], text[pos]
    if after in NO_LINE_START or before in NO_LINE_END:
        return False
    return not (_is_word_char(before) and _is_word_char(after))


def wrap_lines(text: str, width: float, measure: Measure) -> list[str]:
    """Break `text` into lines no wider than `width`; newlines in the text are kept."""
    out: list[str] = []
    for para in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        out.extend(_wrap_paragraph(para, width, measure))
    return out


def _wrap_paragraph(text: str, width: float, measure: Measure) -> list[str]:
    if not text:
        return [""]
    widths = measure.widths(text) if isinstance(measure, FontMeasure) else list(map(measure, text))
    lines: list[str] = []
    start = 0
    n = len(text)
    while start < n:
        i = start + _fitting(widths, start, width)
        if i >= n:
            lines.append(text[start:].rstrip(" "))
            break
        brk = _break_before(text, start, i)
        lines.append(text[start:brk].rstrip(" "))
        start = brk
        while start < n and text[start] == " ":  # a soft break swallows the spaces
            start += 1
    return lines


def _fitting(widths: list[float], start: int, width: float) -> int:
    """How many characters from `start` fit in `width` (at least one).

    The running sums are added in the same order as one by one, so the result is the same to
    the last bit; accumulate and bisect only do it without a Python step per character.
    """
    window = _WINDOW
    while True:
        sums = list(accumulate(widths[start : start + window]))
        k = bisect_right(sums, width)  # widths are >= 0: the sums never decrease
        if k < len(sums) or start + len(sums) >= len(widths):
            return max(k, 1)
        window *= 2


def _break_before(text: str, start: int, limit: int) -> int:
    """The latest allowed break at or before `limit`, else `limit` itself."""
    floor = max(start + 1, limit - MAX_CARRY)
    for pos in range(limit, floor - 1, -1):
        if can_break(text, pos):
            return pos
    # A long Latin run: look further back for its start, then split it only if it is too long.
    pos = limit
    while pos > start + 1 and _is_word_char(text[pos - 1]) and _is_word_char(text[pos]):
        pos -= 1
        if limit - pos > MAX_WORD:
            return limit
    if pos > start and can_break(text, pos):
        return pos
    return limit


class FontMeasure:
    """Character widths of one font size, cached (a report measures millions of characters)."""

    def __init__(self, font_name: str, size: float) -> None:
        from reportlab.pdfbase.pdfmetrics import stringWidth

        self._string_width = stringWidth
        self.font_name = font_name
        self.size = size
        self._cache: dict[str, float] = {}

    def __call__(self, ch: str) -> float:
        w = self._cache.get(ch)
        if w is None:
            w = self._string_width(ch, self.font_name, self.size)
            self._cache[ch] = w
        return w

    def widths(self, text: str) -> list[float]:
        """The width of each character of `text`."""
        widths = list(map(self._cache.get, text))
        if None in widths:  # characters not measured yet (rare once a report is under way)
            widths = list(map(self, text))
        return widths  # type: ignore[return-value]

    def text_width(self, text: str) -> float:
        return sum(self(ch) for ch in text)


#: A title line may end after these (a phrase ends) or before an opening bracket.
PHRASE_END: Final = frozenset("、。，・　 」』）】〕:：")
#: How far back a title looks for a phrase end before it breaks mid-phrase.
PHRASE_LOOKBACK: Final = 12
#: A title's last line keeps at least this many characters (no 「す」 alone on a line).
TITLE_MIN_LAST: Final = 4
#: A last line shorter than this takes a whole phrase from the line before when one ends
#: within TITLE_PHRASE_TAIL characters («「自然増への挑戦」を行います», not «を行います»).
TITLE_SHORT_TAIL: Final = 6
TITLE_PHRASE_TAIL: Final = 16


def wrap_title(text: str, width: float, measure: Measure) -> list[str]:
    """Like wrap_lines, for titles: break after a phrase where one is near, never leave a
    short tail (fewer than TITLE_MIN_LAST characters) alone on the last line."""
    out: list[str] = []
    for para in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        lines = _wrap_phrases(para, width, measure)
        out.extend(_no_short_tail(lines, width, measure))
    return out


def _wrap_phrases(text: str, width: float, measure: Measure) -> list[str]:
    lines: list[str] = []
    rest = text
    while rest:
        first = _wrap_paragraph(rest, width, measure)
        if len(first) == 1:
            lines.append(first[0])
            break
        cut = len(first[0])
        for pos in range(cut, max(cut - PHRASE_LOOKBACK, 1), -1):
            if _phrase_break(rest, pos):
                cut = pos
                break
        lines.append(rest[:cut].rstrip(" "))
        rest = rest[cut:].lstrip(" ")
    return lines or [""]


def _phrase_break(text: str, pos: int) -> bool:
    if not can_break(text, pos):
        return False
    return text[pos - 1] in PHRASE_END or text[pos] in NO_LINE_END


def _no_short_tail(lines: list[str], width: float, measure: Measure) -> list[str]:
    if len(lines) < 2 or len(lines[-1]) >= TITLE_SHORT_TAIL:
        return lines
    prev, last = lines[-2], lines[-1]
    joined = prev + last

    def fits(tail: str) -> bool:
        return sum(measure(ch) for ch in tail) <= width

    for pos in range(len(prev) - 1, max(len(joined) - TITLE_PHRASE_TAIL, 1) - 1, -1):
        if _phrase_break(joined, pos) and fits(joined[pos:]):
            return [*lines[:-2], joined[:pos], joined[pos:]]
    if len(last) >= TITLE_MIN_LAST:
        return lines
    for k in range(TITLE_MIN_LAST - len(last), min(len(prev) - 1, MAX_CARRY * 2) + 1):
        pos = len(prev) - k
        if pos <= 0:
            break
        tail = joined[pos:]
        if can_break(joined, pos) and sum(measure(ch) for ch in tail) <= width:
            return [*lines[:-2], joined[:pos], tail]
    return lines
