"""Administer staff: add (with a department), rename, give a role and a login, deactivate."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QInputDialog, QTreeWidgetItem, QWidget

from komoro_feedback.domain.roles import Role
from komoro_feedback.i18n.translation import _
from komoro_feedback.services.container import Services

from komoro_feedback.ui.dialogs.admin_list_dialog import AdminListDialog

_ROLE = Qt.ItemDataRole.UserRole


class StaffAdminDialog(AdminListDialog):
    """Names of the staff who record and answer; history keeps the names as written then."""

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(services, _("職員の管理"), parent)
        self.tree.setHeaderLabels([_("氏名"), _("役割"), _("ログイン名"), _("担当課"), _("状態")])
        self.tree.setRootIsDecorated(False)
        self.add_action(_("追加…"), self._on_add)
        self.add_action(_("名称変更…"), self._on_rename)
        self.add_action(_("役割…"), self._on_role)
        self.add_action(_("ログイン名…"), self._on_login)
        self.add_action(_("無効にする／有効にする"), self._on_toggle)
        self.reload()

    def reload(self) -> None:
        self.tree.clear()
        catalog = self.services.catalog
        departments = {d.id: d.name for d in catalog.departments(include_inactive=True)}
        for s in self.services.catalog.staff(include_inactive=True):
            item = QTreeWidgetItem(
                [
                    s.name,
                    _(s.role.label),
                    s.login_name or "",
                    departments.get(s.department_id, "") if s.department_id else "",
                    _("有効") if s.active else _("無効"),
                ]
            )
            item.setData(0, _ROLE, (s.id, s.active))
            self.tree.addTopLevelItem(item)
        self.tree.resizeColumnToContents(0)

    def add_staff(self, name: str, department_id: int | None = None) -> bool:
        return self.run(
            lambda: self.services.catalog.add_staff(name, department_id),
            _("職員「{name}」を追加しました。").format(name=name),
        )

    def rename_staff(self, staff_id: int, name: str) -> bool:
        return self.run(
            lambda: self.services.catalog.update_staff(staff_id, name=name),
            _("職員の名前を「{name}」に変更しました。").format(name=name),
        )

    def set_role(self, staff_id: int, role: Role) -> bool:
        return self.run(
            lambda: self.services.catalog.update_staff(staff_id, role=role),
            _("役割を「{role}」にしました。").format(role=_(role.label)),
        )

    def set_login(self, staff_id: int, login: str) -> bool:
        return self.run(
            lambda: self.services.catalog.update_staff(staff_id, login_name=login),
            _("ログイン名を変更しました。"),
        )

    def set_active(self, staff_id: int, active: bool) -> bool:
        return self.run(
            lambda: self.services.catalog.update_staff(staff_id, active=active),
            _("有効にしました。") if active else _("無効にしました。"),
        )

    def _current(self) -> tuple[int, bool] | None:
        item = self.tree.currentItem()
        if item is None:
            self.banner.show_message(_("職員を選んでください。"), "error")
            return None
        staff_id, active = item.data(0, _ROLE)
        return int(staff_id), bool(active)

    def _on_add(self) -> None:
        name = self.ask_text(_("職員を追加"), _("氏名"))
        if not name:
            return
        departments = self.services.catalog.departments()
        labels = [_("（なし）")] + [d.name for d in departments]
        choice, ok = QInputDialog.getItem(self, _("職員を追加"), _("担当課"), labels, 0, False)
        if not ok:
            return
        index = labels.index(choice) if choice in labels else 0
        self.add_staff(name, departments[index - 1].id if index > 0 else None)

    def _on_rename(self) -> None:
        current = self._current()
        if current is not None:
            name = self.ask_text(_("名称変更"), _("新しい氏名"), self.tree.currentItem().text(0))
            if name:
                self.rename_staff(current[0], name)

    def _on_role(self) -> None:
        current = self._current()
        if current is None:
            return
        labels = [_(r.label) for r in Role]
        choice, ok = QInputDialog.getItem(self, _("役割"), _("役割"), labels, 0, False)
        if ok and choice in labels:
            self.set_role(current[0], list(Role)[labels.index(choice)])

    def _on_login(self) -> None:
        current = self._current()
        if current is None:
            return
        text = self.tree.currentItem().text(2)
        login, ok = QInputDialog.getText(
            self, _("ログイン名"), _("PostgreSQLのログイン名（空欄で解除）"), text=text
        )
        if ok:
            self.set_login(current[0], login.strip())

    def _on_toggle(self) -> None:
        current = self._current()
        if current is not None:
            self.set_active(current[0], not current[1])
