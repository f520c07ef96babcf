"""Combo boxes of coded choices: comment kinds, a speaker's optional age band and gender."""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum

from PySide6.QtWidgets import QComboBox

from komoro_feedback.i18n.translation import N_, _

#: (stored value, label msgid); "" means not recorded.
AGE_BANDS: tuple[tuple[str, str], ...] = (
    ("", N_("年代（未記入）")),
    ("under20", N_("10代以下")),
    ("20s", N_("20代")),
    ("30s", N_("30代")),
    ("40s", N_("40代")),
    ("50s", N_("50代")),
    ("60s", N_("60代")),
    ("70s", N_("70代")),
    ("80plus", N_("80代以上")),
)
GENDERS: tuple[tuple[str, str], ...] = (
    ("", N_("性別（未記入）")),
    ("female", N_("女性")),
    ("male", N_("男性")),
    ("other", N_("その他・回答なし")),
)


def age_band_label(value: str) -> str:
    return next((_(label) for code, label in AGE_BANDS if code == value), value)


def gender_label(value: str) -> str:
    return next((_(label) for code, label in GENDERS if code == value), value)


def fill_choice_combo(combo: QComboBox, choices: tuple[tuple[str, str], ...]) -> None:
    """(Re)label a combo of coded choices in the current language, keeping the selection."""
    current = combo.currentData()
    combo.blockSignals(True)
    combo.clear()
    for code, label in choices:
        combo.addItem(_(label), code)
    index = combo.findData(current if current is not None else "")
    combo.setCurrentIndex(max(index, 0))
    combo.blockSignals(False)


def fill_enum_combo(combo: QComboBox, members: Iterable[StrEnum]) -> None:
    """(Re)label a combo of enum members (data: the stored value), keeping the selection."""
    current = combo.currentData()
    combo.blockSignals(True)
    combo.clear()
    for m in members:
        combo.addItem(_(getattr(m, "label", m.value)), m.value)
    index = combo.findData(current) if current is not None else 0
    combo.setCurrentIndex(max(index, 0))
    combo.blockSignals(False)
