"""Accessible names: what a screen reader speaks for a control, its visible label."""

from __future__ import annotations

import re

from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QComboBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)

# "保存 (Ctrl+Enter)", "区 (Alt+W)", "ファイル(&F)", "…": the key hint is not part of the name.
_HINT = re.compile(
    r"\s*[（(]\s*(?:&\w|(?:Ctrl|Alt|Shift|F\d+|Del|Esc|Enter|Backspace)[^）)]*)[）)]\s*"
)
_TRAILING = re.compile(r"\s*(?:…|\.\.\.)\s*$")

#: The kinds of widget a person can put the keyboard focus on and operate.
CONTROL_TYPES: tuple[type[QWidget], ...] = (
    QAbstractButton,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QComboBox,
    QAbstractSpinBox,
    QAbstractItemView,
)


def name_from_label(text: str) -> str:
    """A visible label without its shortcut hint, mnemonic marker or trailing ellipsis."""
    name = _HINT.sub(" ", text).replace("&&", "\0").replace("&", "").replace("\0", "&")
    name = _TRAILING.sub("", name)
    return " ".join(name.split()).strip("　 ")


def name_controls(root: QWidget) -> None:
    """Give every control under `root` that has none an accessible name from what shows.

    Buttons and check boxes: their text. A field with a buddy label: the label. A line edit
    with only a placeholder: the placeholder. Explicit names set by the code are kept.
    """
    buddies = {
        id(label.buddy()): label.text()
        for label in root.findChildren(QLabel)
        if label.buddy() is not None
    }
    for widget in root.findChildren(QWidget):
        if not isinstance(widget, CONTROL_TYPES):
            continue
        if isinstance(widget, QAbstractButton) and widget.text():
            widget.setAccessibleName(name_from_label(widget.text()))
        elif id(widget) in buddies:
            widget.setAccessibleName(name_from_label(buddies[id(widget)]))
        elif not widget.accessibleName():
            placeholder = getattr(widget, "placeholderText", None)
            if callable(placeholder) and placeholder():
                widget.setAccessibleName(name_from_label(placeholder()))


def scale_heading(label: QLabel, base: QFont, factor: float) -> None:
    """A bold heading `factor` times the page's font; called again when the text size changes
    (a label with a font of its own no longer follows the application's font)."""
    font = QFont(base)
    font.setBold(True)
    font.setPointSizeF(base.pointSizeF() * factor)
    label.setFont(font)
