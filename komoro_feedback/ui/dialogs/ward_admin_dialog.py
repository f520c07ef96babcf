"""Administer wards: add (incl. 準区), rename, merge (合区); old comments keep their ward."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QInputDialog, QTreeWidgetItem, QWidget

from komoro_feedback.i18n.translation import _
from komoro_feedback.services.container import Services

from komoro_feedback.ui.dialogs.admin_list_dialog import AdminListDialog

_ROLE = Qt.ItemDataRole.UserRole


class WardAdminDialog(AdminListDialog):
    """Districts and their wards; merged wards are shown greyed with their target."""

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(services, _("区の管理"), parent)
        self.tree.setHeaderLabels([_("地区・区"), _("読み"), _("状態")])
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.add_action(_("区を追加…"), lambda: self._on_add(quasi=False))
        self.add_action(_("準区を追加…"), lambda: self._on_add(quasi=True))
        self.add_action(_("名称変更…"), self._on_rename)
        self.add_action(_("合区（統合）…"), self._on_merge)
        self.add_action(_("読みを設定…"), self._on_reading)
        self.banner.show_message(
            _("合区: 統合する区を選び（Ctrlで複数）、「合区」で統合先を選びます。"), "info"
        )
        self.reload()

    def reload(self) -> None:
        self.tree.clear()
        districts = self.services.catalog.districts(include_merged=True)
        names = {w.id: w.name for d in districts for w in d.wards}
        for d in districts:
            top = QTreeWidgetItem([d.name, "", ""])
            top.setData(0, _ROLE, ("district", d.id))
            for w in d.wards:
                state = _("準区") if w.kind == "quasi" else ""
                if w.merged_into_id is not None:
                    state = _("{name}に統合").format(name=names.get(w.merged_into_id, "?"))
                child = QTreeWidgetItem([w.name, w.reading, state])
                child.setData(0, _ROLE, ("ward", w.id))
                if w.merged_into_id is not None:
                    child.setDisabled(True)
                top.addChild(child)
            self.tree.addTopLevelItem(top)
        self.tree.expandAll()
        self.tree.resizeColumnToContents(0)

    # --- operations (also what tests call) --------------------------------------------------
    def add_ward(self, district_id: int, name: str, quasi: bool = False) -> bool:
        return self.run(
            lambda: self.services.catalog.add_ward(district_id, name, quasi=quasi),
            _("区「{name}」を追加しました。").format(name=name),
        )

    def rename_ward(self, ward_id: int, name: str) -> bool:
        return self.run(
            lambda: self.services.catalog.rename_ward(ward_id, name),
            _("区の名前を「{name}」に変更しました。").format(name=name),
        )

    def set_reading(self, ward_id: int, reading: str) -> bool:
        """The reading staff can type to find the ward in the capture form (おとめ → 乙女)."""
        return self.run(
            lambda: self.services.catalog.set_ward_reading(ward_id, reading),
            _("読みを「{reading}」にしました。").format(reading=reading),
        )

    def merge_wards(self, source_ids: list[int], target_id: int) -> bool:
        return self.run(
            lambda: self.services.catalog.merge_wards(source_ids, target_id),
            _("{n}区を統合しました。過去の意見は元の区のまま残ります。").format(n=len(source_ids)),
        )

    # --- buttons ----------------------------------------------------------------------------
    def _selected(self, kind: str) -> list[int]:
        out = []
        for item in self.tree.selectedItems():
            data = item.data(0, _ROLE)
            if data and data[0] == kind:
                out.append(int(data[1]))
        return out

    def _district_of_selection(self) -> int | None:
        item = self.tree.currentItem()
        if item is None:
            return None
        parent = item.parent() or item
        return int(parent.data(0, _ROLE)[1])

    def _on_add(self, quasi: bool) -> None:
        district_id = self._district_of_selection()
        if district_id is None:
            self.banner.show_message(_("追加先の地区を選んでください。"), "error")
            return
        name = self.ask_text(_("区を追加"), _("新しい区の名前"))
        if name:
            self.add_ward(district_id, name, quasi)

    def _on_rename(self) -> None:
        wards = self._selected("ward")
        if len(wards) != 1:
            self.banner.show_message(_("名前を変える区を1つ選んでください。"), "error")
            return
        current = self.tree.currentItem().text(0)
        name = self.ask_text(_("名称変更"), _("新しい名前"), current)
        if name:
            self.rename_ward(wards[0], name)

    def _on_reading(self) -> None:
        wards = self._selected("ward")
        if len(wards) != 1:
            self.banner.show_message(_("読みを設定する区を1つ選んでください。"), "error")
            return
        current = self.tree.currentItem().text(1)
        reading = self.ask_text(_("読みを設定"), _("読み（ひらがな・カタカナ）"), current)
        if reading is not None:
            self.set_reading(wards[0], reading)

    def _on_merge(self) -> None:
        sources = self._selected("ward")
        if not sources:
            self.banner.show_message(_("統合する区を選んでください。"), "error")
            return
        targets = [w for w in self.services.catalog.wards() if w.id not in sources]
        labels = [w.name for w in targets]
        choice, ok = QInputDialog.getItem(self, _("合区"), _("統合先の区"), labels, 0, False)
        if ok and choice in labels:
            self.merge_wards(sources, targets[labels.index(choice)].id)
