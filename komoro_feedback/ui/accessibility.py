"""Accessible names: what a screen reader speaks for a control, its visible label."""

from __future__ import annotations

import re

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QHeaderView,
    QLabel,
    QLayout,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)

from komoro_feedback.i18n.translation import N_, _

# "保存 (Ctrl+Enter)", "区 (Alt+W)", "ファイル(&F)", "…": the key hint is not part of the name.
_HINT = re.compile(
    r"\s*[（(]\s*(?:&\w|(?:Ctrl|Alt|Shift|F\d+|Del|Esc|Enter|Backspace)[^）)]*)[）)]\s*"
)
_TRAILING = re.compile(r"\s*(?:…|\.\.\.)\s*$")
_LEADING_KEY = re.compile(r"^(?:Alt|Ctrl)\+\S+\s+")

#: Controls with no visible label of their own, by object name: what they show, in words.
NAMES_BY_OBJECT: dict[str, str] = {
    "navigation": N_("ページ"),
    "comments_table": N_("意見一覧"),
    "open_items": N_("未完了の意見"),
    "policy_text": N_("政策の本文"),
    "districts_tree": N_("地区ごとの件数"),
    "policies_tree": N_("政策ごとの件数"),
    "policyTree": N_("政策の一覧"),
    "policyChosen": N_("選んだ政策"),
    "wardTree": N_("区の一覧"),
    "meetingList": N_("会議一覧"),
    "bulk_status": N_("一括で変える状況"),
    "bulk_department": N_("一括で変える担当課"),
    "detail_policy_chooser": N_("追加する政策"),
    "detail_policies": N_("政策"),
    "period_from": N_("開始日"),
    "period_to": N_("終了日"),
    "detail_answered_on": N_("回答日"),
    "similarList": N_("似ている意見"),
}

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
    name = _TRAILING.sub("", _LEADING_KEY.sub("", name))
    return " ".join(name.split()).strip("　 ")


def name_controls(root: QWidget) -> None:
    """Give every control under `root` that has none an accessible name from what shows.

    Buttons and check boxes: their text. A field: its buddy label, its form-layout label, or
    the label just before it (left of it or above it) in its layout; else its placeholder.
    Names the code sets explicitly are kept.
    """
    buddies = {
        id(label.buddy()): label.text()
        for label in root.findChildren(QLabel)
        if label.buddy() is not None
    }
    for widget in controls(root):
        explicit = NAMES_BY_OBJECT.get(widget.objectName())
        if explicit:
            widget.setAccessibleName(_(explicit))
            continue
        if isinstance(widget, QAbstractButton):
            if widget.text():
                widget.setAccessibleName(name_from_label(widget.text()))
            continue
        label = buddies.get(id(widget)) or _layout_label(widget)
        if label:
            widget.setAccessibleName(name_from_label(label))
        elif not widget.accessibleName():
            placeholder = getattr(widget, "placeholderText", None)
            if callable(placeholder) and placeholder():
                widget.setAccessibleName(name_from_label(placeholder()))


def controls(root: QWidget) -> list[QWidget]:
    """The controls a person operates under `root` (not Qt's inner parts of them)."""
    out = []
    for widget in root.findChildren(QWidget):
        if not isinstance(widget, CONTROL_TYPES) or isinstance(widget, QHeaderView):
            continue
        if widget.objectName().startswith("qt_"):
            continue
        parent = widget.parentWidget()
        inner = (QComboBox, QAbstractSpinBox, QLineEdit, QAbstractItemView)
        if parent is not None and (
            isinstance(parent, inner) or isinstance(parent.parentWidget(), QComboBox)
        ):
            continue  # a spin box's line edit, a combo's popup, a line edit's clear button
        if widget.focusPolicy() == Qt.FocusPolicy.NoFocus and not isinstance(
            widget, QAbstractButton
        ):
            continue
        out.append(widget)
    return out


def _layout_label(widget: QWidget) -> str:
    """The text of the QLabel that labels `widget` by position in its parent's layout."""
    parent = widget.parentWidget()
    layout = _layout_holding(parent.layout() if parent else None, widget)
    if layout is None:
        return ""
    if isinstance(layout, QFormLayout):
        label = layout.labelForField(widget)
        return label.text() if isinstance(label, QLabel) else ""
    index = layout.indexOf(widget)
    if isinstance(layout, QGridLayout):
        row, col, _rs, _cs = layout.getItemPosition(index)
        for r, c in ((row, col - 1), (row - 1, col)):
            item = layout.itemAtPosition(r, c) if r >= 0 and c >= 0 else None
            if item is not None and isinstance(item.widget(), QLabel):
                return item.widget().text()
        return ""
    if index > 0:
        before = layout.itemAt(index - 1).widget()
        if isinstance(before, QLabel) and before.text():
            return before.text()
    return ""


def _layout_holding(layout: QLayout | None, widget: QWidget) -> QLayout | None:
    if layout is None:
        return None
    if layout.indexOf(widget) >= 0:
        return layout
    for i in range(layout.count()):
        child = layout.itemAt(i).layout()
        found = _layout_holding(child, widget)
        if found is not None:
            return found
    return None


def scale_heading(label: QLabel, base: QFont, factor: float) -> None:
    """A bold heading `factor` times the page's font; called again when the text size changes
    (a label with a font of its own no longer follows the application's font)."""
    font = QFont(base)
    font.setBold(True)
    font.setPointSizeF(base.pointSizeF() * factor)
    label.setFont(font)


def name_windows_as_they_open(app: QApplication) -> None:
    """Name the controls of each dialog or window when it becomes the active one.

    (focusWindowChanged rather than an application-wide event filter, which would run Python
    for every event the application handles.)
    """
    if app.property("komoroNamesWindows"):
        return
    app.setProperty("komoroNamesWindows", True)

    def on_focus_window_changed(_window: object) -> None:
        active = QApplication.activeWindow()
        if active is not None:
            name_controls(active)

    app.focusWindowChanged.connect(on_focus_window_changed)
