"""Report lines written without drawString must look exactly as drawString draws them."""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

import pypdf
import pytest
from reportlab.lib import colors
from reportlab.pdfgen.canvas import Canvas

from komoro_feedback.fonts import register_reportlab_font
from komoro_feedback.reports.pdf_text import TextLine, draw_lines

INK = colors.HexColor("#1a1a1a")
RED = colors.HexColor("#b3261e")
LINES = [
    "子育ての相談窓口をもっと知らせてほしい。",
    "1. 2025年3月13日　田町（中央(中部)）　要望　回答済　担当: 子育て支援課",
    "括弧 ( ) と \\ と Latin ABC 123, 100% の混在",
    "ノーブレーク\xa0スペースと\t制御文字",
    "フォントにない字 \U0001f600 も",
    "",
    # more than 256 distinct characters: lines switch between the font's subsets
    "".join(chr(c) for c in range(0x4E00, 0x4E00 + 120)),
    "".join(chr(c) for c in range(0x4E00 + 120, 0x4E00 + 300)),
    "一丁七万丈三上下不与　子育て",
]


def _placed() -> list[TextLine]:
    return [
        (10.0 + n % 2 * 4, 780 - 22 * n + 0.35, t, 8 + n % 3 * 1.5, RED if n % 4 == 1 else INK)
        for n, t in enumerate(LINES)
    ]


def _with_draw_string(path: Path) -> None:
    font = register_reportlab_font()
    canv = Canvas(str(path), initialFontName=font)
    for x, y, text, size, ink in _placed():
        canv.setFont(font, size)
        canv.setFillColor(ink)
        canv.drawString(x, y, text)
    canv.save()


def _with_draw_lines(path: Path) -> None:
    canv = Canvas(str(path), initialFontName=register_reportlab_font())
    canv.saveState()
    draw_lines(canv, register_reportlab_font(), _placed())
    canv.restoreState()
    canv.save()


def test_lines_look_as_draw_string_draws_them(tmp_path: Path) -> None:
    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm (poppler-utils) is not installed")
    pixels = []
    for name, draw in (("theirs", _with_draw_string), ("ours", _with_draw_lines)):
        pdf = tmp_path / f"{name}.pdf"
        draw(pdf)
        out = subprocess.run(
            ["pdftoppm", "-r", "110", "-gray", str(pdf)], capture_output=True, check=True
        )
        pixels.append(out.stdout)
    assert pixels[0] == pixels[1]
    assert min(pixels[0][100:]) < 100  # dark pixels: the text was drawn


def test_the_text_reads_back(tmp_path: Path) -> None:
    pdf = tmp_path / "ours.pdf"
    _with_draw_lines(pdf)
    text = pypdf.PdfReader(io.BytesIO(pdf.read_bytes())).pages[0].extract_text()
    assert "子育ての相談窓口をもっと知らせてほしい。" in text
    assert "担当: 子育て支援課" in text
    assert "Latin ABC 123, 100%" in text
    assert "一丁七万丈三上下不与" in text
