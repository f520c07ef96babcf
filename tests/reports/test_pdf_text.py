"""Report lines written without drawString must be exactly what drawString writes."""

from __future__ import annotations

import io

import pypdf
from reportlab.pdfgen.canvas import Canvas

from komoro_feedback.fonts import register_reportlab_font
from komoro_feedback.reports.pdf_text import draw_string

LINES = [
    "子育ての相談窓口をもっと知らせてほしい。",
    "1. 2025年3月13日　田町（中央(中部)）　要望　回答済　担当: 子育て支援課",
    "括弧 ( ) と \\ と Latin ABC 123, 100% の混在",
    "ノーブレーク\xa0スペースと\t制御文字",
    "フォントにない字 \U0001f600 も",
    "",
    # more than 256 distinct characters, so that lines switch between subsets
    "".join(chr(c) for c in range(0x4E00, 0x4E00 + 300)),
    "一丁七万丈三上下不与　子育て",
]


def _canvas() -> Canvas:
    return Canvas(io.BytesIO(), initialFontName=register_reportlab_font(), pageCompression=0)


def test_lines_are_written_as_draw_string_writes_them() -> None:
    font = register_reportlab_font()
    ours, theirs = _canvas(), _canvas()
    for n, text in enumerate(LINES):
        size = 8 + n % 3
        ours.setFont(font, size)
        theirs.setFont(font, size)
        draw_string(ours, 11.5, 700 - 20 * n, text)
        theirs.drawString(11.5, 700 - 20 * n, text)
    assert ours._code == theirs._code


def test_the_text_reads_back() -> None:
    out = io.BytesIO()
    canv = Canvas(out, initialFontName=register_reportlab_font())
    canv.setFont(register_reportlab_font(), 10)
    for n, text in enumerate(LINES[:3]):
        draw_string(canv, 40, 780 - 20 * n, text)
    canv.save()
    text = pypdf.PdfReader(io.BytesIO(out.getvalue())).pages[0].extract_text()
    assert "子育ての相談窓口をもっと知らせてほしい。" in text
    assert "担当: 子育て支援課" in text
    assert "Latin ABC 123, 100%" in text
