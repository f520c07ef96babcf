"""Date and date-time fields that are one Tab stop (Qt's walk through their parts with Tab)."""

from __future__ import annotations

from PySide6.QtWidgets import QDateEdit, QDateTimeEdit, QWidget


class OneStopDateTimeEdit(QDateTimeEdit):
    """Tab goes to the next field; ←/→ move between year, month, day, hour and minute."""

    def focusNextPrevChild(self, next: bool) -> bool:
        return QWidget.focusNextPrevChild(self, next)


class OneStopDateEdit(QDateEdit):
    """Tab goes to the next field; ←/→ move between year, month and day."""

    def focusNextPrevChild(self, next: bool) -> bool:
        return QWidget.focusNextPrevChild(self, next)
