"""One-key ward choices under the ward list: the previous entry's ward, 市全域, the text's ward."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QHBoxLayout, QWidget

from komoro_feedback.i18n.translation import _

from komoro_feedback.ui.accessibility import name_from_label
from komoro_feedback.ui.widgets.elided_button import ElidedButton
from komoro_feedback.ui.widgets.ward_picker import WardPicker


class WardKeys(QWidget):
    """Alt+R, Alt+C, Alt+D as buttons that say what they will choose, never chosen by themselves.

    `say(message)` is called when a key has nothing to choose (no entry yet, no ward in text).
    """

    def __init__(
        self, picker: WardPicker, say: Callable[[str], None], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.picker = picker
        self.say = say
        #: The ward of the newest entry of this meeting: (there is one, ward id or None = 市全域).
        self.previous: tuple[bool, int | None] = (False, None)
        self.detected: int | None = None
        self.same_button = ElidedButton(self)
        self.city_button = ElidedButton(self)
        self.place_button = ElidedButton(self)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for button in (self.same_button, self.city_button, self.place_button):
            layout.addWidget(button)
        self.same_button.clicked.connect(self.use_previous)
        self.city_button.clicked.connect(self.use_city_wide)
        self.place_button.clicked.connect(self.use_detected)
        self.retranslate()

    def set_previous(self, has: bool, ward_id: int | None) -> None:
        self.previous = (has, ward_id)
        self.retranslate()

    def set_detected(self, ward_id: int | None) -> None:
        self.detected = ward_id
        self.retranslate()

    def use_previous(self) -> None:
        """Alt+R: the ward of the newest entry again, chosen on purpose."""
        has, ward_id = self.previous
        if not has:
            self.say(_("この会議にはまだ記録がありません。"))
            return
        self.picker.choose(ward_id)

    def use_city_wide(self) -> None:
        """Alt+C: the comment concerns the whole city."""
        self.picker.choose(None)

    def use_detected(self) -> None:
        """Alt+D: the ward named in the text."""
        if self.detected is None:
            self.say(_("本文に区の名前が見つかりません。"))
            return
        self.picker.choose(self.detected)

    def retranslate(self) -> None:
        has, ward_id = self.previous
        self.same_button.setEnabled(has)
        self.same_button.setText(
            _("Alt+R 前と同じ: {ward}").format(ward=self.picker.ward_name(ward_id))
            if has
            else _("Alt+R 前と同じ区")
        )
        self.city_button.setText(_("Alt+C 市全域"))
        self.place_button.setVisible(self.detected is not None)
        self.place_button.setText(
            _("Alt+D 地名: {ward}").format(ward=self.picker.ward_name(self.detected))
            if self.detected is not None
            else _("Alt+D 本文の地名")
        )
        for button in (self.same_button, self.city_button, self.place_button):
            button.setAccessibleName(name_from_label(button.text()))
