"""A comment's status history and audit trail (who, when, what), with readable values."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QSplitter, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from komoro_feedback.domain.comment import CommentHistory
from komoro_feedback.domain.enums import CommentKind, Status
from komoro_feedback.domain.privacy import KEPT_MARK, PURGED_MARK
from komoro_feedback.i18n.translation import N_, _

FIELD_LABELS = {
    "text": N_("本文"),
    "kind": N_("種別"),
    "ward_id": N_("区"),
    "policies": N_("政策"),
    "status": N_("状況"),
    "department_id": N_("担当課"),
    "answer": N_("回答"),
    "answered_on": N_("回答日"),
    "due_on": N_("期限"),
    "needs_answer": N_("要回答"),
    "spot_answer": N_("その場の回答"),
    "received_on": N_("受付日"),
    "speaker": N_("個人情報"),
    "public_text": N_("公開用の文面"),
    "publish_excluded": N_("公開しない"),
}
ACTION_LABELS = {
    "create": N_("登録"),
    "update": N_("変更"),
    "delete": N_("削除"),
    "restore": N_("復元"),
    "speaker": N_("個人情報"),
    "publication": N_("公開用の設定"),
}
STATUS_HEADERS = (N_("日時"), N_("状況"), N_("変更者"), N_("メモ"))
AUDIT_HEADERS = (N_("日時"), N_("変更者"), N_("操作"), N_("項目"), N_("変更前"), N_("変更後"))

#: Turns a stored id (ward, department) into its name; unknown ids are shown as they are.
NameLookup = Callable[[str, str], str]


class CommentHistoryView(QWidget):
    """Two lists, oldest first: status changes, then every changed field."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.status_label = QLabel()
        self.statuses = QTreeWidget()
        self.statuses.setObjectName("detail_status_history")
        self.statuses.setRootIsDecorated(False)
        self.audit_label = QLabel()
        self.audit = QTreeWidget()
        self.audit.setObjectName("detail_audit")
        self.audit.setRootIsDecorated(False)
        self.audit.setWordWrap(True)
        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addWidget(self.status_label)
        top_layout.addWidget(self.statuses)
        bottom = QWidget()
        bottom_layout = QVBoxLayout(bottom)
        bottom_layout.setContentsMargins(0, 0, 0, 0)
        bottom_layout.addWidget(self.audit_label)
        bottom_layout.addWidget(self.audit)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(top)
        split.addWidget(bottom)
        split.setSizes([140, 260])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(split)
        self._history = CommentHistory()
        self._names: NameLookup = lambda _field, value: value
        self.retranslate()

    def show_history(self, history: CommentHistory, names: NameLookup) -> None:
        self._history = history
        self._names = names
        self.statuses.clear()
        for st in history.statuses:
            self.statuses.addTopLevelItem(
                QTreeWidgetItem(
                    [f"{st.changed_at:%Y-%m-%d %H:%M}", _(st.status.label), st.changed_by, st.note]
                )
            )
        self.audit.clear()
        for a in history.audit:
            item = QTreeWidgetItem(
                [
                    f"{a.changed_at:%Y-%m-%d %H:%M}",
                    a.changed_by,
                    _(ACTION_LABELS.get(a.action, a.action)),
                    _(FIELD_LABELS[a.field]) if a.field in FIELD_LABELS else a.field,
                    self._value(a.field, a.before),
                    self._value(a.field, a.after),
                ]
            )
            for col in (4, 5):
                item.setToolTip(col, item.text(col))
            self.audit.addTopLevelItem(item)
        for tree in (self.statuses, self.audit):
            for col in range(tree.columnCount() - 1):
                tree.resizeColumnToContents(col)

    def _value(self, field: str, raw: str) -> str:
        if not raw:
            return ""
        if field == "status" and raw in Status._value2member_map_:
            return _(Status(raw).label)
        if field == "kind" and raw in CommentKind._value2member_map_:
            return _(CommentKind(raw).label)
        if field in ("needs_answer", "publish_excluded"):
            return _("はい") if raw == "1" else _("いいえ")
        if field == "speaker" and raw == KEPT_MARK:
            return _("個人情報あり")
        if field == "speaker" and raw == PURGED_MARK:
            return _("保存期間を過ぎたため削除")
        text = self._names(field, raw)
        return text if len(text) <= 80 else text[:80] + "…"

    def retranslate(self) -> None:
        self.status_label.setText(_("状況の履歴"))
        self.audit_label.setText(_("変更の記録"))
        self.statuses.setHeaderLabels([_(h) for h in STATUS_HEADERS])
        self.audit.setHeaderLabels([_(h) for h in AUDIT_HEADERS])
        if self._history.statuses or self._history.audit:
            self.show_history(self._history, self._names)
