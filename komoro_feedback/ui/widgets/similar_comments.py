"""Possible duplicates of a comment (nearly the same text, same period) and linking them.

Shown after a save in the capture form and beside a comment in the detail pane. A liaison ticks
the ones that ask for the same thing and links them, so that one answer serves all of them.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from komoro_feedback.domain.comment import Comment
from komoro_feedback.domain.errors import KomoroError
from komoro_feedback.domain.suggestion import CommentGroup, SimilarComment
from komoro_feedback.i18n.translation import _
from komoro_feedback.services.container import Services

from komoro_feedback.ui.workers import TaskRunner

PREVIEW_CHARS = 60


class SimilarCommentsWidget(QWidget):
    """Lists the comments similar to one comment; links the ticked ones to it."""

    #: Emitted with the list of SimilarComment once it is on screen (tests wait for it).
    found = Signal(list)
    #: Emitted with the CommentGroup after linking, or None after unlinking.
    links_changed = Signal(object)
    #: Emitted with the answered comments after answer_group (the host reloads its comment).
    group_answered = Signal(list)

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("similarComments")
        self.services = services
        self.runner = TaskRunner(self, max_threads=1)
        self._comment: Comment | None = None
        self._similar: list[SimilarComment] = []
        self._group: CommentGroup | None = None
        self._answer_source: Callable[[], str] | None = None
        self._latest = 0
        self.title = QLabel(self)
        self.title.setWordWrap(True)
        self.list = QListWidget(self)
        self.list.setObjectName("similarList")
        self.list.setMaximumHeight(140)
        self.list.setWordWrap(True)  # the side column is narrow: no sideways scrolling
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.link_button = QPushButton(self)
        self.link_button.setObjectName("similarLink")
        self.unlink_button = QPushButton(self)
        self.unlink_button.setObjectName("similarUnlink")
        self.group_answer_button = QPushButton(self)
        self.group_answer_button.setObjectName("similarGroupAnswer")
        self.group_answer_button.hide()
        self.close_button = QPushButton(self)
        self.close_button.setObjectName("similarClose")
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.link_button)
        buttons.addWidget(self.unlink_button)
        buttons.addWidget(self.group_answer_button)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.list, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.status)
        self.link_button.clicked.connect(self.link_checked)
        self.unlink_button.clicked.connect(self.unlink_current)
        self.close_button.clicked.connect(self.hide)
        self.group_answer_button.clicked.connect(self.answer_group)
        self.list.itemChanged.connect(self._on_list_item_changed)
        self.retranslate()
        self.setVisible(False)

    # --- public API -------------------------------------------------------------------------
    def show_for(self, comment: Comment) -> None:
        """Look for comments like this one (off the GUI thread) and show them if any."""
        self._comment = comment
        self._latest += 1
        token = self._latest
        service = self.services.similar
        self.runner.run(
            lambda: service.similar_to(comment.id),
            lambda result: self._on_found(token, result),
            lambda message: self._on_failed(token, message),
        )

    def similar(self) -> list[SimilarComment]:
        return list(self._similar)

    def set_checked(self, comment_id: str, checked: bool = True) -> None:
        for i in range(self.list.count()):
            item = self.list.item(i)
            if item.data(Qt.ItemDataRole.UserRole) == comment_id:
                item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)

    def checked_ids(self) -> list[str]:
        out = []
        for i in range(self.list.count()):
            item = self.list.item(i)
            if item.checkState() == Qt.CheckState.Checked:
                out.append(str(item.data(Qt.ItemDataRole.UserRole)))
        return out

    def link_checked(self) -> CommentGroup | None:
        """Link the shown comment with the ticked ones (audited); one answer then serves all."""
        if self._comment is None or not self.checked_ids():
            return None
        try:
            group = self.services.similar.link([self._comment.id, *self.checked_ids()])
        except KomoroError as exc:
            self.status.setText(str(exc))
            return None
        self.status.setText(
            _(
                "{n} 件の意見を関連付けました。回答すると関連する意見にも同じ回答を記録できます。"
            ).format(n=len(group.comment_ids))
        )
        self.links_changed.emit(group)
        self.show_for(self._comment)
        return group

    def unlink_current(self) -> None:
        """Take the shown comment out of its group."""
        if self._comment is None:
            return
        try:
            self.services.similar.unlink(self._comment.id)
        except KomoroError as exc:
            self.status.setText(str(exc))
            return
        self.status.setText(_("関連付けを解除しました。"))
        self.links_changed.emit(None)
        self.show_for(self._comment)

    def set_answer_source(self, source: Callable[[], str]) -> None:
        """Where the answer comes from (the detail pane's answer box): enables answering a group."""
        self._answer_source = source
        self.group_answer_button.setVisible(self._group is not None)

    def answer_group(self) -> int:
        """Record the answer for every linked comment that has none yet; returns how many."""
        if self._comment is None or self._answer_source is None:
            return 0
        try:
            current = self.services.comments.get(self._comment.id)
            done = self.services.similar.answer_group(
                current.id, current.version, self._answer_source()
            )
        except KomoroError as exc:
            self.status.setText(str(exc))
            return 0
        self.status.setText(_("関連する意見 {n} 件に同じ回答を記録しました。").format(n=len(done)))
        self.group_answered.emit(done)
        return len(done)

    def retranslate(self) -> None:
        self.title.setText(
            _(
                "似た意見（同じ時期・ほぼ同じ内容）: "
                "同じ要望ならチェックして関連付けると、回答をまとめられます。"
            )
        )
        self.link_button.setText(_("チェックした意見と関連付ける"))
        self.unlink_button.setText(_("この意見の関連付けを解除"))
        self.close_button.setText(_("閉じる"))
        self.group_answer_button.setText(_("回答を関連する意見にも記録"))
        self.group_answer_button.setToolTip(
            _("関連付けた意見のうち、まだ回答のないものに同じ回答を記録します。")
        )
        self._fill()

    # --- behaviour --------------------------------------------------------------------------
    def _on_found(self, token: int, result: list[SimilarComment]) -> None:
        if token != self._latest:
            return
        self._similar = list(result)
        self._group = None
        if self._comment is not None:
            try:
                self._group = self.services.similar.group(self._comment.id)
            except KomoroError:
                self._group = None
        self._fill()
        self.unlink_button.setVisible(self._group is not None)
        self.group_answer_button.setVisible(
            self._group is not None and self._answer_source is not None
        )
        self.setVisible(bool(self._similar) or self._group is not None)
        self.found.emit(self._similar)

    def _on_failed(self, token: int, message: str) -> None:
        if token == self._latest:
            self.status.setText(message)

    def _fill(self) -> None:
        self.list.blockSignals(True)
        self.list.clear()
        mine = self._group.group_id if self._group is not None else None
        for s in self._similar:
            c = s.comment
            preview = c.text if len(c.text) <= PREVIEW_CHARS else c.text[:PREVIEW_CHARS] + "…"
            label = _("No.{seq}　{ward}　{day}　類似度 {pct}%\n{text}").format(
                seq=c.seq,
                ward=c.ward_name or _("市全域"),
                day=c.received_on.isoformat(),
                pct=round(s.similarity * 100),
                text=preview.replace("\n", " "),
            )
            if s.group_id is not None:
                label += "　" + (
                    _("（この意見と関連付け済み）")
                    if s.group_id == mine
                    else _("（他の意見と関連付け済み）")
                )
            item = QListWidgetItem(label)
            item.setData(Qt.ItemDataRole.UserRole, c.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            item.setToolTip(c.text)
            self.list.addItem(item)
        self.list.blockSignals(False)
        self._on_list_item_changed()

    def _on_list_item_changed(self, _item: QListWidgetItem | None = None) -> None:
        self.link_button.setEnabled(bool(self.checked_ids()))
