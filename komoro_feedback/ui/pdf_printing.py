"""Printing a PDF that Qt shows (the reports page's preview) on any QPrinter."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, QSize
from PySide6.QtGui import QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrinter

#: Pages are rasterised for printing at no more than this resolution (memory stays bounded).
PRINT_DPI = 300


def print_pdf(document: QPdfDocument, printer: QPrinter) -> int:
    """Every page of `document` on `printer`, each scaled to the printable area; returns the
    number of pages printed (0 if there is nothing to print or the printer cannot start)."""
    pages = document.pageCount()
    if pages <= 0:
        return 0
    painter = QPainter()
    if not painter.begin(printer):
        return 0
    try:
        dpi = min(printer.resolution(), PRINT_DPI)
        for i in range(pages):
            if i:
                printer.newPage()
            size_pt = document.pagePointSize(i)
            image = document.render(
                i, QSize(int(size_pt.width() * dpi / 72), int(size_pt.height() * dpi / 72))
            )
            target = printer.pageRect(QPrinter.Unit.DevicePixel)
            scale = min(target.width() / image.width(), target.height() / image.height())
            w, h = image.width() * scale, image.height() * scale
            painter.drawImage(QRectF(QPointF(0, 0), QSize(int(w), int(h)).toSizeF()), image)
    finally:
        painter.end()
    return pages
