"""Lines of text in the embedded TrueType font, written as PDF operators without ReportLab's
per-string work.

`canvas.drawString` splits every string into the font's 256-glyph subsets character by
character (ttfonts.splitString), measures it, builds a text object and escapes each piece:
for a 10,000-comment report (35,000 lines) that was the largest part of laying out the PDF.
Here each character is looked up once per document: a translation table gives its subset and
another its escaped byte, so a line becomes a few `str.translate` calls, and a block of lines
is one text object that names a font or a colour only when it changes. The subsets and codes
are ReportLab's own (the same font objects are embedded), and each line is placed with the
same text matrix drawString would use, so the page looks the same.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any, Final

from reportlab.lib.colors import Color
from reportlab.lib.rl_accel import fp_str
from reportlab.pdfbase import pdfmetrics

#: A run of characters of the same subset (each subset is one character in the subset text).
_RUN: Final = re.compile(r"(.)\1*", re.DOTALL)
#: The canvas attribute that holds a document's encoder.
_ATTR: Final = "_komoro_text_encoder"
_FILL: dict[tuple[float, float, float], str] = {}
_SIZE: dict[float, str] = {}

#: x, y (text origin, as for drawString), text, font size, colour (opaque RGB)
TextLine = tuple[float, float, str, float, Color]


def fill_operator(color: Color) -> str:
    """The operator that makes `color` the fill colour, as canvas.setFillColor writes it."""
    rgb = (color.red, color.green, color.blue)
    op = _FILL.get(rgb)
    if op is None:
        op = _FILL[rgb] = f"{fp_str(rgb)} rg"
    return op


class SubsetEncoder:
    """Characters of one dynamic (TrueType) font mapped to its subsets in one document."""

    def __init__(self, canv: Any, font_name: str) -> None:
        self.canv = canv
        self.doc = canv._doc
        self.font = pdfmetrics.getFont(font_name)
        self.font_name = font_name
        self._subset: dict[int, str] = {}  # code point -> chr(subset)
        self._byte: dict[int, str] = {}  # code point -> the escaped byte of its glyph code
        self._names: dict[str, str] = {}  # chr(subset) -> "/F1+0"
        self._fonts: dict[tuple[str, float], str] = {}  # (chr(subset), size) -> its Tf TL
        self._known: set[str] = set()

    @classmethod
    def of(cls, canv: Any, font_name: str) -> SubsetEncoder:
        enc: SubsetEncoder | None = getattr(canv, _ATTR, None)
        if enc is None or enc.doc is not canv._doc or enc.font_name != font_name:
            enc = cls(canv, font_name)
            setattr(canv, _ATTR, enc)
        return enc

    def _learn(self, text: str) -> None:
        """Give the text's new characters their codes, as drawString would (same order)."""
        self.font.splitString(text, self.doc)  # assigns codes to characters seen first here
        state = self.font.state[self.doc]
        escape = self.canv._escape
        for ch in set(text) - self._known:
            cp = 32 if ch == "\xa0" else ord(ch)
            n = state.assignments.get(cp, 0)  # 0: not in the font (.notdef), as splitString
            self._subset[ord(ch)] = chr(n >> 8)
            self._byte[ord(ch)] = escape(bytes((n & 0xFF,)))
            self._known.add(ch)

    def _name(self, subset: str) -> str:
        name = self._names.get(subset)
        if name is None:
            name = self._names[subset] = self.font.getSubsetInternalName(ord(subset), self.doc)
        return name

    def _font(self, key: tuple[str, float]) -> str:
        """The operators that select a subset at a size (a line of kanji selects several)."""
        op = self._fonts.get(key)
        if op is None:
            op = self._fonts[key] = f"{self._name(key[0])} {_size(key[1])}"
        return op

    def text_object(self, lines: Iterable[TextLine]) -> str:
        """One BT..ET for the lines: each placed with its own text matrix, font and colour
        set only when they change."""
        out = ["BT"]
        font = ("", 0.0)
        color = ""
        for x, y, text, size, ink in lines:
            if not text:
                continue
            if not self._known.issuperset(text):
                self._learn(text)
            op = fill_operator(ink)
            if op != color:
                out.append(op)
                color = op
            out.append(f"1 0 0 1 {fp_str(x, y)} Tm")
            subsets = text.translate(self._subset)
            if subsets.count(subsets[0]) == len(subsets):  # one subset (most lines)
                if (subsets[0], size) != font:
                    font = (subsets[0], size)
                    out.append(self._font(font))
                out.append(f"({text.translate(self._byte)}) Tj T*")
                continue
            for m in _RUN.finditer(subsets):
                s = m.group(1)
                if (s, size) != font:
                    font = (s, size)
                    out.append(self._font(font))
                start, end = m.span()
                out.append(f"({text[start:end].translate(self._byte)}) Tj")
            out[-1] += " T*"
        out.append("ET")
        return "\n".join(out)


def _size(size: float) -> str:
    """Font size and leading (1.2, as drawString): T* ends each line as drawString's does,
    which text extraction (copy and paste, pypdf) reads as the end of a line.

    Remembered per size: a line of kanji from several subsets names a font per run (115,000
    times in a 10,000-comment report, for a handful of sizes)."""
    op = _SIZE.get(size)
    if op is None:
        op = _SIZE[size] = f"{fp_str(size)} Tf {fp_str(size * 1.2)} TL"
    return op


def draw_lines(canv: Any, font_name: str, lines: Iterable[TextLine]) -> None:
    """Draw the lines as canv.setFont + setFillColor + drawString would, in one text object.

    The canvas's own idea of the current font and colour is not updated: call this within a
    flowable's draw(), which platypus brackets with saveState/restoreState."""
    canv._code.append(SubsetEncoder.of(canv, font_name).text_object(lines))
