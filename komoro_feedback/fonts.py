"""The bundled Japanese font (IPAexGothic) for the GUI and for embedding in PDFs."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Final

from komoro_feedback import paths

FONT_NAME: Final = "IPAexGothic"
FONT_FILE: Final = "ipaexg.ttf"
LICENSE_FILE: Final = "IPA_Font_License_Agreement_v1.0.txt"


def japanese_font_path() -> Path:
    """The TrueType file of IPAexGothic; FileNotFoundError if the resources are incomplete."""
    path = paths.fonts_dir() / FONT_FILE
    if not path.is_file():
        raise FileNotFoundError(f"bundled Japanese font not found: {path}")
    return path


@cache  # reports call it per line drawn (36,000 times for a 10,000-comment report)
def register_reportlab_font() -> str:
    """Register IPAexGothic with ReportLab (once) and return the font name to use in styles."""
    # Imported here so that the GUI can find the font file without loading ReportLab.
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    if FONT_NAME not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(FONT_NAME, str(japanese_font_path())))
        # The font has no bold or italic face; map them to it so <b>/<i> in a Paragraph
        # render in the same face instead of failing to find a family member.
        for bold in (0, 1):
            for italic in (0, 1):
                addMapping(FONT_NAME, bold, italic, FONT_NAME)
    return FONT_NAME
