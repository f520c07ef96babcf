"""How long speakers' names and contacts are kept, and removing those past their time."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from komoro_feedback.domain.errors import KomoroError
from komoro_feedback.domain.privacy import RetentionStatus
from komoro_feedback.domain.roles import Action
from komoro_feedback.i18n.formatting import format_date
from komoro_feedback.i18n.translation import _
from komoro_feedback.services.container import Services
from komoro_feedback.services.privacy_service import MAX_RETENTION_MONTHS, unsettled_purge_message

from komoro_feedback.ui.widgets.status_banner import StatusBanner


class PrivacyDialog(QDialog):
    """The administrator's retention rule for personal data, with what it means today."""

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.setWindowTitle(_("個人情報の保存期間"))
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.banner = StatusBanner(self)
        self.banner.setVisible(False)
        self.months = QSpinBox(self)
        self.months.setRange(0, MAX_RETENTION_MONTHS)
        self.months.setSuffix(_(" か月"))
        self.months.setSpecialValueText(_("無期限（自動では削除しない）"))
        self.state = QLabel(self)
        self.state.setWordWrap(True)
        self.explain = QLabel(
            _(
                "保存期間を決めると、受付日からその期間を過ぎた意見の氏名・連絡先を、"
                "起動時と取り込みのたびに自動で削除します。意見の本文・回答・履歴は残ります。"
                "変更の記録には「削除した」ことだけが残り、氏名は残りません。"
                "削除前に作られたバックアップには残るため、バックアップは順に置き換わるまで"
                "大切に保管してください。"
            ),
            self,
        )
        self.explain.setWordWrap(True)
        form = QFormLayout()
        form.addRow(_("保存期間"), self.months)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.buttons.button(QDialogButtonBox.StandardButton.Close).setText(_("閉じる"))
        self.save_button: QPushButton = self.buttons.addButton(
            _("保存"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.purge_button: QPushButton = self.buttons.addButton(
            _("期限切れを今すぐ削除…"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.save_button.clicked.connect(self.save)
        self.purge_button.clicked.connect(self._on_purge_clicked)
        for button in (self.save_button, self.purge_button, self.months):
            button.setEnabled(services.access.can(Action.RETENTION))
            button.setToolTip(services.access.why_not(Action.RETENTION))
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addLayout(form)
        layout.addWidget(self.state)
        layout.addWidget(self.explain)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(600)
        self.status: RetentionStatus | None = None
        self.refresh()
        self.months.setValue(self.status.months or 0 if self.status else 0)
        # Wrapped labels: their height is known only once the width is fixed.
        self.resize(600, layout.heightForWidth(600) + 24)

    def refresh(self) -> None:
        try:
            st = self.services.privacy.status()
        except KomoroError as exc:
            self._show(str(exc), "error")
            return
        self.status = st
        if st.months and st.cutoff:
            text = _(
                "個人情報が記録された意見: {n} 件。そのうち保存期間を過ぎたもの"
                "（{cutoff}より前の受付）: {e} 件。"
            ).format(n=f"{st.with_speaker:,}", cutoff=format_date(st.cutoff), e=f"{st.expired:,}")
        else:
            text = _("個人情報が記録された意見: {n} 件。保存期間は決められていません。").format(
                n=f"{st.with_speaker:,}"
            )
        self.state.setText(text)
        self.purge_button.setEnabled(bool(st.expired))

    def save(self) -> bool:
        months = self.months.value() or None
        try:
            self.services.privacy.set_retention_months(months)
        except KomoroError as exc:
            self._show(str(exc), "error")
            return False
        self.refresh()
        self._show(_("保存期間を保存しました。"), "ok")
        return True

    def purge_now(self) -> int:
        """Remove what the saved rule says has expired; how many comments lost their data."""
        try:
            result = self.services.privacy.purge_expired()
        except KomoroError as exc:
            self._show(str(exc), "error")
            return 0
        self.refresh()
        n = result.purged
        if not result.settled:
            self._show(unsettled_purge_message(), "warning")
        else:
            self._show(_("{n} 件の意見から氏名・連絡先を削除しました。").format(n=f"{n:,}"), "ok")
        return n

    def _on_purge_clicked(self) -> None:
        n = self.status.expired if self.status else 0
        answer = QMessageBox.question(
            self,
            _("個人情報の削除"),
            _("{n} 件の意見から氏名・連絡先を削除します。元に戻せません。よろしいですか？").format(
                n=f"{n:,}"
            ),
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.purge_now()

    def _show(self, text: str, level: str) -> None:
        self.banner.show_message(text, level)
        self.banner.setVisible(True)
        # A long message wraps: grow so that nothing below it is squeezed.
        layout = self.layout()
        if layout is not None:
            needed = layout.heightForWidth(self.width()) + 24
            if needed > self.height():
                self.resize(self.width(), needed)
