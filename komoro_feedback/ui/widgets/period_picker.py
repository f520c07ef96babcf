"""A date edit that may be empty, and a period picker with fiscal-year presets."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QWidget

from komoro_feedback.i18n.translation import N_, _

from komoro_feedback.ui.widgets.date_time_edit import OneStopDateEdit

#: The value an OptionalDateEdit shows as "not set" (before any comment the city recorded).
NO_DATE = QDate(2000, 1, 1)


class OptionalDateEdit(OneStopDateEdit):
    """A QDateEdit whose minimum means 'no date' and shows a placeholder text."""

    def __init__(self, parent: QWidget | None = None, placeholder: str = N_("指定なし")) -> None:
        super().__init__(parent)
        self._placeholder = placeholder
        self.setCalendarPopup(True)
        self.setMinimumDate(NO_DATE)
        self.setDisplayFormat("yyyy-MM-dd")
        self.setDate(NO_DATE)
        self.retranslate()

    def value(self) -> date | None:
        d = self.date()
        return None if d == NO_DATE else date(d.year(), d.month(), d.day())

    def set_value(self, d: date | None) -> None:
        self.setDate(NO_DATE if d is None else QDate(d.year, d.month, d.day))

    def retranslate(self) -> None:
        self.setSpecialValueText(_(self._placeholder))


def fiscal_year_of(d: date) -> int:
    """The Japanese fiscal year (April to March) a date falls in."""
    return d.year if d.month >= 4 else d.year - 1


PRESETS = (
    ("all", N_("全期間")),
    ("this_fy", N_("今年度")),
    ("last_fy", N_("前年度")),
    ("last_12m", N_("過去12か月")),
    ("custom", N_("期間指定")),
)


def preset_period(key: str, today: date) -> tuple[date | None, date | None]:
    fy = fiscal_year_of(today)
    if key == "this_fy":
        return date(fy, 4, 1), date(fy + 1, 3, 31)
    if key == "last_fy":
        return date(fy - 1, 4, 1), date(fy, 3, 31)
    if key == "last_12m":
        return today - timedelta(days=365), today
    return None, None


class PeriodPicker(QWidget):
    """期間: a preset (all, this fiscal year, ...) or two dates; emits the chosen period."""

    period_changed = Signal(object, object)

    def __init__(
        self, parent: QWidget | None = None, today: Callable[[], date] = date.today
    ) -> None:
        super().__init__(parent)
        self._today = today
        self.label = QLabel()
        self.preset = QComboBox()
        self.preset.setObjectName("period_preset")
        for key, _msgid in PRESETS:
            self.preset.addItem("", key)
        self.date_from = OptionalDateEdit()
        self.date_from.setObjectName("period_from")
        self.date_to = OptionalDateEdit()
        self.date_to.setObjectName("period_to")
        self.tilde = QLabel("～")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for w in (self.label, self.preset, self.date_from, self.tilde, self.date_to):
            layout.addWidget(w)
        self.label.setBuddy(self.preset)
        self.preset.currentIndexChanged.connect(self._on_preset_changed)
        self.date_from.dateChanged.connect(self._on_date_changed)
        self.date_to.dateChanged.connect(self._on_date_changed)
        self._on_preset_changed()
        self.retranslate()

    def period(self) -> tuple[date | None, date | None]:
        return self.date_from.value(), self.date_to.value()

    def set_period(self, start: date | None, end: date | None) -> None:
        """Show the given dates ('all' when both are empty); emits period_changed once."""
        was_blocked = self.blockSignals(True)
        key = "all" if start is None and end is None else "custom"
        self.preset.setCurrentIndex(self.preset.findData(key))
        self.date_from.set_value(start)
        self.date_to.set_value(end)
        self.blockSignals(was_blocked)
        if not was_blocked:
            self.period_changed.emit(start, end)

    def _on_preset_changed(self) -> None:
        key = self.preset.currentData()
        custom = key == "custom"
        self.date_from.setEnabled(custom)
        self.date_to.setEnabled(custom)
        if not custom:
            start, end = preset_period(str(key), self._today())
            for edit, value in ((self.date_from, start), (self.date_to, end)):
                edit.blockSignals(True)
                edit.set_value(value)
                edit.blockSignals(False)
        self.period_changed.emit(*self.period())

    def _on_date_changed(self) -> None:
        self.period_changed.emit(*self.period())

    def retranslate(self) -> None:
        self.label.setText(_("期間"))
        for i, (_key, msgid) in enumerate(PRESETS):
            self.preset.setItemText(i, _(msgid))
        self.date_from.retranslate()
        self.date_to.retranslate()
