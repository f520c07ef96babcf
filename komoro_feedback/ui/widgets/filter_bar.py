"""The comments filter bar: one control for every field of CommentFilter, free text debounced."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QStandardItemModel
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from komoro_feedback.domain.catalog import Department, District, Programme
from komoro_feedback.domain.comment import Meeting
from komoro_feedback.domain.enums import CommentKind, Status
from komoro_feedback.domain.query import CommentFilter
from komoro_feedback.i18n.translation import N_, _

from komoro_feedback.ui.widgets.period_picker import PeriodPicker

CITY_WIDE = "city"


class ChoiceCombo(QComboBox):
    """A combo whose item data is a tuple of ids; the first item ('all') is the empty tuple."""

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(8)
        self.addItem(_("すべて"), ())

    def set_items(self, items: list[tuple[str, Any]], headers: set[int] | None = None) -> None:
        """Replace the items after 'all', keeping the selection when it still exists."""
        keep = self.currentData()
        self.blockSignals(True)
        while self.count() > 1:
            self.removeItem(1)
        for text, data in items:
            self.addItem(text, data)
        model = self.model()
        if headers and isinstance(model, QStandardItemModel):
            for row in headers:
                item = model.item(row + 1)
                if item is not None:
                    item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsSelectable)
        self.select(keep if keep is not None else ())
        self.blockSignals(False)

    def select(self, data: Any) -> None:
        """Show the item with this data, adding a 'n selected' item for several ids."""
        i = self.index_of(data)
        if i < 0 and isinstance(data, tuple) and data:
            self.addItem(_("（{n}件を選択）").format(n=len(data)), data)
            i = self.count() - 1
        self.setCurrentIndex(max(i, 0))

    def index_of(self, data: Any) -> int:
        """Like findData, but compares Python values (findData cannot compare tuples)."""
        return next((i for i in range(self.count()) if self.itemData(i) == data), -1)

    def retranslate(self) -> None:
        self.setItemText(0, _("すべて"))


@dataclass(slots=True)
class _Choices:
    """Reference data the combos list; kept to rebuild dependent combos."""

    programme: Programme | None = None
    districts: tuple[District, ...] = ()


class FilterBar(QWidget):
    """Emits the filter whenever a control changes (free text after a short pause)."""

    filter_changed = Signal(object)
    DEBOUNCE_MS = 300

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._base = CommentFilter()
        self._choices = _Choices()
        self._labels: list[tuple[QLabel, str]] = []
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(self.DEBOUNCE_MS)
        self._timer.timeout.connect(self._emit)
        self._build()
        self.retranslate()

    # --- building -------------------------------------------------------------------------
    def _build(self) -> None:
        self.text = QLineEdit()
        self.text.setObjectName("filter_text")
        self.text.setClearButtonEnabled(True)
        self.programme = ChoiceCombo("filter_programme")
        self.pillar = ChoiceCombo("filter_pillar")
        self.policy = ChoiceCombo("filter_policy")
        self.policy.setMinimumContentsLength(14)
        self.primary_only = QCheckBox()
        self.primary_only.setObjectName("filter_primary_only")
        self.district = ChoiceCombo("filter_district")
        self.ward = ChoiceCombo("filter_ward")
        self.meeting = ChoiceCombo("filter_meeting")
        self.meeting.setMinimumContentsLength(14)
        self.department = ChoiceCombo("filter_department")
        self.kind = ChoiceCombo("filter_kind")
        self.kind.setMinimumContentsLength(4)
        self.kind.set_items([(_(k.label), (k,)) for k in CommentKind])
        self.status = ChoiceCombo("filter_status")
        self.status.setMinimumContentsLength(5)
        self.status.set_items([(_(s.label), (s,)) for s in Status])
        self.open_only = QCheckBox()
        self.open_only.setObjectName("filter_open_only")
        self.period = PeriodPicker()
        self.deleted_only = QCheckBox()
        self.deleted_only.setObjectName("filter_deleted_only")
        self.clear_button = QPushButton()
        self.clear_button.setObjectName("filter_clear")

        lines = (
            [
                (N_("検索"), self.text),
                (N_("政策集"), self.programme),
                (N_("柱"), self.pillar),
                (N_("政策"), self.policy),
                (None, self.primary_only),
            ],
            [
                (N_("地区"), self.district),
                (N_("区"), self.ward),
                (N_("会議"), self.meeting),
                (N_("担当課"), self.department),
            ],
            [
                (N_("種別"), self.kind),
                (N_("状況"), self.status),
                (None, self.open_only),
                (None, self.deleted_only),
            ],
            # On a line of its own: a 1024 px laptop screen must hold the whole bar.
            [(None, self.period), (None, self.clear_button)],
        )
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(2)
        for items in lines:
            line = QHBoxLayout()
            for msgid, widget in items:
                if msgid is not None:
                    label = QLabel()
                    label.setBuddy(widget)
                    self._labels.append((label, msgid))
                    line.addWidget(label)
                line.addWidget(widget, 3 if widget is self.text else 1)
            if items[0][1] is not self.text:
                line.addStretch(1)
            outer.addLayout(line)
        self.programme.setVisible(False)
        self._programme_label().setVisible(False)

        self.text.textChanged.connect(self._on_text_changed)
        self.text.returnPressed.connect(self.flush_text)
        for combo in (self.programme, self.kind, self.status, self.meeting, self.department):
            combo.currentIndexChanged.connect(self._emit)
        self.pillar.currentIndexChanged.connect(self._on_pillar_changed)
        self.policy.currentIndexChanged.connect(self._on_policy_changed)
        self.district.currentIndexChanged.connect(self._on_district_changed)
        self.ward.currentIndexChanged.connect(self._emit)
        for box in (self.primary_only, self.open_only, self.deleted_only):
            box.toggled.connect(self._emit)
        self.period.period_changed.connect(self._emit)
        self.clear_button.clicked.connect(self.clear)

    def _programme_label(self) -> QLabel:
        return next(lbl for lbl, _m in self._labels if lbl.buddy() is self.programme)

    def set_choices(
        self,
        programmes: list[Programme],
        programme: Programme,
        districts: list[District],
        meetings: list[Meeting],
        departments: list[Department],
    ) -> None:
        """Fill the combos from the catalog (the current filter stays applied)."""
        self.blockSignals(True)
        self._choices = _Choices(programme, tuple(districts))
        self.programme.set_items([(p.name, (p.id,)) for p in programmes])
        several = len(programmes) > 1
        self.programme.setVisible(several)
        self._programme_label().setVisible(several)
        self.pillar.set_items([(f"{p.number} {p.field}", (p.id,)) for p in programme.pillars])
        self._fill_policies()
        self.district.set_items([(d.name, (d.id,)) for d in districts])
        self._fill_wards()
        self.meeting.set_items([(f"{m.held_at:%Y-%m-%d} {m.title}", (m.id,)) for m in meetings])
        self.department.set_items([(d.name, (d.id,)) for d in departments])
        self._show(self.current_filter())
        self.blockSignals(False)

    def _fill_policies(self) -> None:
        prog = self._choices.programme
        if prog is None:
            return
        pillar_ids = self.pillar.currentData() or ()
        items = [
            (f"{p.code} {p.mark.value} {p.title}", (p.id,))
            for pillar in prog.pillars
            if not pillar_ids or pillar.id in pillar_ids
            for p in pillar.policies
        ]
        self.policy.set_items(items)
        self.policy.view().setMinimumWidth(480)

    def _fill_wards(self) -> None:
        district_ids = self.district.currentData() or ()
        items: list[tuple[str, Any]] = [(_("市全域（区の指定なし）"), CITY_WIDE)]
        headers: set[int] = set()
        for d in self._choices.districts:
            if district_ids and d.id not in district_ids:
                continue
            headers.add(len(items))
            items.append((f"― {d.name} ―", ("district",)))
            items.extend((f"  {w.name}", (w.id,)) for w in d.wards)
        self.ward.set_items(items, headers)

    # --- reading and showing the filter ---------------------------------------------------
    def current_filter(self) -> CommentFilter:
        ward = self.ward.currentData()
        policy_ids = _ids(self.policy.currentData())
        ward_ids = _ids(ward) if ward != CITY_WIDE else ()
        start, end = self.period.period()
        return replace(
            self._base,
            programme_id=(_ids(self.programme.currentData()) or (None,))[0],
            # A policy lies in one pillar and a ward in one district: the narrower choice wins.
            pillar_ids=() if policy_ids else _ids(self.pillar.currentData()),
            policy_ids=policy_ids,
            primary_only=bool(policy_ids) and self.primary_only.isChecked(),
            district_ids=() if ward_ids else _ids(self.district.currentData()),
            ward_ids=ward_ids,
            city_wide_only=ward == CITY_WIDE,
            meeting_ids=_ids(self.meeting.currentData()),
            kinds=tuple(CommentKind(k) for k in self.kind.currentData() or ()),
            statuses=tuple(Status(v) for v in self.status.currentData() or ()),
            open_only=self.open_only.isChecked(),
            department_ids=_ids(self.department.currentData()),
            date_from=start,
            date_to=end,
            text=self.text.text().strip(),
            deleted_only=self.deleted_only.isChecked(),
        )

    def set_filter(self, f: CommentFilter) -> None:
        """Show `f` in the controls and emit it once."""
        self._timer.stop()
        self._base = f
        self.blockSignals(True)
        self._show(f)
        self.blockSignals(False)
        self._emit()

    def clear(self) -> None:
        self.set_filter(CommentFilter())

    def flush_text(self) -> None:
        """Apply the typed text now (Enter) instead of after the pause."""
        if self._timer.isActive():
            self._timer.stop()
            self._emit()

    def _show(self, f: CommentFilter) -> None:
        widgets: list[QWidget] = [
            self.text,
            self.programme,
            self.pillar,
            self.policy,
            self.primary_only,
            self.district,
            self.ward,
            self.meeting,
            self.department,
            self.kind,
            self.status,
            self.open_only,
            self.period,
            self.deleted_only,
        ]
        for w in widgets:
            w.blockSignals(True)
        self.text.setText(f.text)
        self.programme.select((f.programme_id,) if f.programme_id is not None else ())
        self.pillar.select(f.pillar_ids)
        self._fill_policies()
        self.policy.select(f.policy_ids)
        self.primary_only.setChecked(f.primary_only)
        self.district.select(f.district_ids or self._district_of(f.ward_ids))
        self._fill_wards()
        self.ward.select(CITY_WIDE if f.city_wide_only else f.ward_ids)
        self.meeting.select(f.meeting_ids)
        self.department.select(f.department_ids)
        self.kind.select(f.kinds)
        self.status.select(f.statuses)
        self.open_only.setChecked(f.open_only)
        self.period.set_period(f.date_from, f.date_to)
        self.deleted_only.setChecked(f.deleted_only)
        for w in widgets:
            w.blockSignals(False)
        self.primary_only.setEnabled(bool(f.policy_ids))

    def _district_of(self, ward_ids: tuple[int, ...]) -> tuple[int, ...]:
        found = {d.id for d in self._choices.districts for w in d.wards if w.id in ward_ids}
        return tuple(found) if len(found) == 1 else ()

    # --- slots ----------------------------------------------------------------------------
    def _on_text_changed(self) -> None:
        self._timer.start()

    def _on_pillar_changed(self) -> None:
        self.policy.blockSignals(True)
        self._fill_policies()
        self.policy.blockSignals(False)
        self._emit()

    def _on_policy_changed(self) -> None:
        self.primary_only.setEnabled(bool(self.policy.currentData()))
        self._emit()

    def _on_district_changed(self) -> None:
        self.ward.blockSignals(True)
        self._fill_wards()
        self.ward.blockSignals(False)
        self._emit()

    def _emit(self) -> None:
        self._timer.stop()
        self.filter_changed.emit(self.current_filter())

    def retranslate(self) -> None:
        for label, msgid in self._labels:
            label.setText(_(msgid))
        self.text.setPlaceholderText(_("本文を検索（かな・カナ、全角・半角は区別しません）"))
        self.primary_only.setText(_("主な政策のみ"))
        self.open_only.setText(_("未対応のみ"))
        self.deleted_only.setText(_("削除済みのみ"))
        self.clear_button.setText(_("条件をクリア"))
        for combo in (
            self.programme,
            self.pillar,
            self.policy,
            self.district,
            self.ward,
            self.meeting,
            self.department,
            self.kind,
            self.status,
        ):
            combo.retranslate()
        for i, k in enumerate(CommentKind, start=1):
            self.kind.setItemText(i, _(k.label))
        for i, s in enumerate(Status, start=1):
            self.status.setItemText(i, _(s.label))
        if self.ward.count() > 1:
            self.ward.setItemText(1, _("市全域（区の指定なし）"))
        self.period.retranslate()


def _ids(data: Any) -> tuple[int, ...]:
    if isinstance(data, tuple):
        return tuple(int(x) for x in data if isinstance(x, int))
    return ()
