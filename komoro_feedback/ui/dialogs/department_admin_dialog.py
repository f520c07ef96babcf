"""Administer departments (担当課): add, rename, deactivate or reactivate."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTreeWidgetItem, QWidget

from komoro_feedback.i18n.translation import _
from komoro_feedback.services.container import Services

from komoro_feedback.ui.dialogs.admin_list_dialog import AdminListDialog

_ROLE = Qt.ItemDataRole.UserRole


class DepartmentAdminDialog(AdminListDialog):
    """A deactivated department keeps its comments but is no longer offered for routing."""

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(services, _("担当課の管理"), parent)
        self.tree.setHeaderLabels([_("担当課"), _("状態")])
        self.tree.setRootIsDecorated(False)
        self.add_action(_("追加…"), self._on_add)
        self.add_action(_("名称変更…"), self._on_rename)
        self.add_action(_("無効にする／有効にする"), self._on_toggle)
        self.reload()

    def reload(self) -> None:
        self.tree.clear()
        for d in self.services.catalog.departments(include_inactive=True):
            item = QTreeWidgetItem([d.name, _("有効") if d.active else _("無効")])
            item.setData(0, _ROLE, (d.id, d.active))
            self.tree.addTopLevelItem(item)
        self.tree.resizeColumnToContents(0)

    def add_department(self, name: str) -> bool:
        return self.run(
            lambda: self.services.catalog.add_department(name),
            _("担当課「{name}」を追加しました。").format(name=name),
        )

    def rename_department(self, department_id: int, name: str) -> bool:
        return self.run(
            lambda: self.services.catalog.update_department(department_id, name=name),
            _("担当課の名前を「{name}」に変更しました。").format(name=name),
        )

    def set_active(self, department_id: int, active: bool) -> bool:
        return self.run(
            lambda: self.services.catalog.update_department(department_id, active=active),
            _("有効にしました。") if active else _("無効にしました。"),
        )

    def _current(self) -> tuple[int, bool] | None:
        item = self.tree.currentItem()
        if item is None:
            self.banner.show_message(_("担当課を選んでください。"), "error")
            return None
        dep_id, active = item.data(0, _ROLE)
        return int(dep_id), bool(active)

    def _on_add(self) -> None:
        name = self.ask_text(_("担当課を追加"), _("担当課の名前"))
        if name:
            self.add_department(name)

    def _on_rename(self) -> None:
        current = self._current()
        if current is not None:
            name = self.ask_text(_("名称変更"), _("新しい名前"), self.tree.currentItem().text(0))
            if name:
                self.rename_department(current[0], name)

    def _on_toggle(self) -> None:
        current = self._current()
        if current is not None:
            self.set_active(current[0], not current[1])
