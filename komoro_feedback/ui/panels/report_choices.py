"""The reports page's choices: policies and pillars, districts, meetings (kept as chosen)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QComboBox

from komoro_feedback.i18n.formatting import format_date
from komoro_feedback.i18n.translation import _

if TYPE_CHECKING:
    from komoro_feedback.ui.panels.reports_panel import ReportsPanel


def fill_choices(page: ReportsPanel) -> None:
    """Fill the policy, district and meeting lists again; what was chosen stays chosen."""
    services = page.services
    prog = services.catalog.programme()
    keep = page.policy.currentData()
    page.policy.clear()
    page.policy.addItem(_("政策集全体"), "all:")
    for pillar in prog.pillars:
        page.policy.addItem(
            _("第{n}の柱　{name}").format(n=pillar.number, name=pillar.name),
            f"pillar:{pillar.number}",
        )
    for p in prog.policies():
        page.policy.addItem(f"{p.code}　{p.title}", f"policy:{p.code}")
    _select(page.policy, keep)
    keep = page.district.currentData()
    page.district.clear()
    page.district.addItem(_("地区ごと（すべての地区）"), "")
    for d in services.catalog.districts():
        page.district.addItem(d.name, d.name)
    _select(page.district, keep)
    keep = page.meeting.currentData()
    page.meeting.clear()
    for m in services.meetings.list(limit=500):
        day = format_date(m.held_at.date(), page.date_style())
        page.meeting.addItem(f"{day}　{m.title}", m.id)
    _select(page.meeting, keep)


def _select(combo: QComboBox, data: object) -> None:
    i = combo.findData(data)
    if i >= 0:
        combo.setCurrentIndex(i)
