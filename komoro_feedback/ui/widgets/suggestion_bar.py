"""Policy suggestions for the comment being typed: three one-key choices (Alt+1..3).

The bar watches a text box, waits until typing pauses (DEBOUNCE_MS), asks the suggestion
service on a worker thread and shows the best three policies as buttons. Choosing is always
explicit (a click or Alt+1..3 calls the callback); nothing is ever added on its own. Whether
the recorder took a suggestion is kept in `accepted()` for the comment being recorded.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QLabel, QPlainTextEdit, QVBoxLayout, QWidget

from komoro_feedback.domain.suggestion import PolicySuggestion, Suggestions
from komoro_feedback.i18n.translation import N_, _
from komoro_feedback.services.container import Services

from komoro_feedback.ui.accessibility import name_from_label
from komoro_feedback.ui.shortcuts import SECTION_CAPTURE, bind
from komoro_feedback.ui.widgets.elided_button import ElidedButton
from komoro_feedback.ui.workers import TaskRunner

DEBOUNCE_MS = 300
#: The model (programme, words, the city's tagged comments) is built this long after the form
#: appears, on the worker thread, so that the first suggestion does not wait for it.
WARM_UP_DELAY_MS = 1500
SHOWN = 3


class SuggestionBar(QWidget):
    """Shows the suggestions of the attached text box and hands a chosen policy to a callback."""

    #: Emitted with the Suggestions once they are on screen (tests wait for it).
    suggestions_shown = Signal(object)
    #: Emitted with the policy id the recorder chose.
    policy_chosen = Signal(int)

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("suggestionBar")
        self.services = services
        self.runner = TaskRunner(self, max_threads=1)
        self._text_edit: QPlainTextEdit | None = None
        self._add_policy: Callable[[int], None] | None = None
        self._current: Suggestions | None = None
        self._accepted: bool | None = None
        self._latest_token = 0
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self._on_timer_timeout)
        self.label = QLabel(self)
        self.places_label = QLabel(self)
        self.places_label.setObjectName("suggestedPlaces")
        self.places_label.setWordWrap(True)
        self.buttons: list[ElidedButton] = []
        # Stacked: three long labels do not fit side by side beside the policy picker.
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.label)
        for i in range(SHOWN):
            button = ElidedButton(self)
            button.setObjectName(f"suggestion{i + 1}")
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # keep the cursor in the text box
            button.clicked.connect(lambda _checked=False, index=i: self.choose(index))
            button.setStyleSheet("text-align: left; padding: 2px 6px;")
            button.hide()
            button.setAccessibleName(_("政策の候補 {n}").format(n=i + 1))
            self.buttons.append(button)
            layout.addWidget(button)
        layout.addWidget(self.places_label)
        self.retranslate()

    # --- public API -------------------------------------------------------------------------
    def attach(self, text_edit: QPlainTextEdit, add_policy_callback: Callable[[int], None]) -> None:
        """Watch `text_edit`; a chosen suggestion calls `add_policy_callback(policy_id)`."""
        self._text_edit = text_edit
        self._add_policy = add_policy_callback
        text_edit.textChanged.connect(self._on_text_changed)
        QTimer.singleShot(WARM_UP_DELAY_MS, self, self._warm_up)
        host = self.parentWidget() or text_edit.parentWidget() or text_edit
        for i in range(SHOWN):
            bind(
                host,
                f"Alt+{i + 1}",
                lambda index=i: self.choose(index),
                SECTION_CAPTURE,
                N_("政策の候補を追加（政策が未選択なら主な政策に）"),
            )

    def suggestions(self) -> Suggestions | None:
        """What is on screen now (None before the first result)."""
        return self._current

    def accepted(self) -> bool | None:
        """None if nothing was suggested for this comment, else whether a suggestion was taken."""
        return self._accepted

    def choose(self, index: int) -> bool:
        """Take the suggestion at `index` (0-based): the callback adds it to the comment."""
        if self._current is None or index >= len(self._current.policies):
            return False
        policy = self._current.policies[index]
        if self._add_policy is not None:
            self._add_policy(policy.policy_id)
        self._accepted = True
        self.policy_chosen.emit(policy.policy_id)
        return True

    def reset(self) -> None:
        """Forget the last comment (after a save): no buttons, acceptance unknown."""
        self._timer.stop()
        self._latest_token += 1  # a result still on its way is for the old text
        self._show(None)
        self._accepted = None

    def refresh_now(self) -> None:
        """Ask for suggestions at once instead of after the pause."""
        self._timer.stop()
        self._on_timer_timeout()

    def retranslate(self) -> None:
        self.label.setText(_("政策の候補（Alt+1〜3 で追加）"))
        self.label.setToolTip(_("入力中の本文から推定した政策です。Alt+1〜3 で追加します。"))
        self._show(self._current)

    # --- behaviour --------------------------------------------------------------------------
    def _warm_up(self) -> None:
        service = self.services.suggestions
        self.runner.run(service.warm_up, lambda _result: None, lambda _message: None)

    def _on_text_changed(self) -> None:
        if self._text_edit is not None and not self._text_edit.toPlainText().strip():
            self.reset()  # a new comment starts: nothing suggested, nothing accepted yet
            return
        self._timer.start()

    def _on_timer_timeout(self) -> None:
        if self._text_edit is None:
            return
        text = self._text_edit.toPlainText()
        if not text.strip():
            self.reset()
            return
        self._latest_token += 1
        token = self._latest_token
        service = self.services.suggestions
        self.runner.run(
            lambda: service.suggest(text, top=SHOWN),
            lambda result: self._on_result(token, result),
            lambda message: self._on_failed(token, message),
        )

    def _on_result(self, token: int, result: Suggestions) -> None:
        if token != self._latest_token:
            return  # typing went on; a newer request is on its way
        self._show(result)
        if result.policies and self._accepted is None:
            self._accepted = False
        self.suggestions_shown.emit(result)

    def _on_failed(self, token: int, message: str) -> None:
        if token == self._latest_token:
            self._show(None)
            self.label.setToolTip(_("候補を表示できません: {reason}").format(reason=message))

    def _show(self, result: Suggestions | None) -> None:
        self._current = result
        policies = result.policies if result is not None else ()
        for i, button in enumerate(self.buttons):
            if i < len(policies):
                button.setText(_button_text(i, policies[i]))
                button.setAccessibleName(name_from_label(button.text()))
                button.setToolTip(_tooltip(policies[i]))
                button.show()
            else:
                button.hide()
        self.label.setVisible(bool(policies))
        places = result.places if result is not None else ()
        self.places_label.setText(
            _("本文中の地名: {names}").format(
                names="、".join(f"{p.name}（{p.district_name}）" for p in places)
            )
            if places
            else ""
        )
        self.places_label.setVisible(bool(places))


def _button_text(index: int, p: PolicySuggestion) -> str:
    return f"Alt+{index + 1} {p.code} {p.mark} {p.title}"  # elided to the width on screen


def _tooltip(p: PolicySuggestion) -> str:
    reasons = "、".join(p.reasons)
    text = f"{p.code} {p.mark} {p.title}"
    if reasons:
        text += "\n" + _("手がかり: {words}").format(words=reasons)
    return text
