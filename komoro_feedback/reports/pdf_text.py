"""Lines of text in the embedded TrueType font, written as PDF operators without ReportLab's
per-string work.

`canvas.drawString` splits every string into the font's 256-glyph subsets character by
character (ttfonts.splitString), measures it, builds a text object and escapes each piece:
for a 10,000-comment report (35,000 lines) that was the largest part of laying out the PDF.
Here each character is looked up once per document: a translation table gives its subset and
another its escaped byte, so a line becomes a few `str.translate` calls. The operators are the
ones drawString writes (same subsets, same codes, same order), so the file is the same.
"""

from __future__ import annotations

import re
from typing import Any, Final

from reportlab.lib.rl_accel import fp_str
from reportlab.pdfbase import pdfmetrics

#: A run of characters of the same subset (each subset is one character in the subset text).
_RUN: Final = re.compile(r"(.)\1*", re.DOTALL)
#: The canvas attribute that holds a document's encoder.
_ATTR: Final = "_komoro_text_encoder"


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

    def line(self, x: float, y: float, text: str, size: float, leading: float) -> str:
        """The text object drawString(x, y, text) writes with this font size and leading."""
        if not self._known.issuperset(text):
            self._learn(text)
        tmpl = f" {fp_str(size)} Tf {fp_str(leading)} TL"
        parts = [f"BT 1 0 0 1 {fp_str(x, y)} Tm"]
        if text:
            subsets = text.translate(self._subset)
            if subsets.count(subsets[0]) == len(subsets):  # one subset (most lines)
                parts.append(self._name(subsets[0]) + tmpl)
                parts.append(f"({text.translate(self._byte)}) Tj T*")
            else:
                current = ""
                for m in _RUN.finditer(subsets):
                    s = m.group(1)
                    if s != current:
                        parts.append(self._name(s) + tmpl)
                        current = s
                    start, end = m.span()
                    parts.append(f"({text[start:end].translate(self._byte)}) Tj")
                parts[-1] += " T*"
        else:
            parts.append(" T*")  # drawString's empty line (two spaces before T*)
        parts.append("ET")
        return " ".join(parts)


def draw_string(canv: Any, x: float, y: float, text: str) -> None:
    """canv.drawString(x, y, text) in the canvas's current font, which must be TrueType."""
    enc = SubsetEncoder.of(canv, canv._fontname)
    canv._code.append(enc.line(x, y, text, canv._fontsize, canv._leading))
