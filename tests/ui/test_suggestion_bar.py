"""The suggestion bar: suggestions appear for typed text; Alt+1..3 adds one, never by itself."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QPlainTextEdit, QVBoxLayout, QWidget

from komoro_feedback.services.container import Services

from komoro_feedback.ui.widgets.suggestion_bar import SuggestionBar

ALT = Qt.KeyboardModifier.AltModifier


def _type(widget: QWidget, text: str) -> None:
    event = QInputMethodEvent("", [])
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def _form(qtbot, services: Services) -> tuple[QWidget, QPlainTextEdit, SuggestionBar, list[int]]:
    host = QWidget()
    qtbot.addWidget(host)
    edit = QPlainTextEdit(host)
    bar = SuggestionBar(services, host)
    layout = QVBoxLayout(host)
    layout.addWidget(edit)
    layout.addWidget(bar)
    added: list[int] = []
    bar.attach(edit, added.append)
    host.resize(520, 300)
    with qtbot.waitActive(host):
        host.show()
    edit.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is edit)
    return host, edit, bar, added


def test_suggestions_appear_and_alt_1_adds_the_first(
    qtbot, sqlite_services: Services, tmp_path: Path
) -> None:
    host, edit, bar, added = _form(qtbot, sqlite_services)
    assert not any(b.isVisible() for b in bar.buttons)
    assert bar.accepted() is None
    with qtbot.waitSignal(bar.suggestions_shown, timeout=10000):
        _type(edit, "愛のりくんに電話してもずっと話し中で、予約が取れない")
    qtbot.waitUntil(lambda: bar.buttons[0].isVisible())
    first = bar.suggestions().policies[0]
    assert first.code == "5-03"
    assert bar.buttons[0].text().startswith("Alt+1 5-03 ")
    assert added == []  # nothing is chosen on its own
    assert bar.accepted() is False  # shown, not (yet) taken
    host.grab().save(str(tmp_path / "suggestion_bar.png"))
    qtbot.keyClick(edit, Qt.Key.Key_1, ALT)
    assert added == [first.policy_id]
    assert bar.accepted() is True
    assert QApplication.focusWidget() is edit  # typing goes on where it was


def test_alt_3_takes_the_third_and_reset_forgets(qtbot, sqlite_services: Services) -> None:
    _host, edit, bar, added = _form(qtbot, sqlite_services)
    with qtbot.waitSignal(bar.suggestions_shown, timeout=10000):
        _type(edit, "下の子の保育料が高くて、二人目も無料にしてほしい")
    third = bar.suggestions().policies[2]
    qtbot.keyClick(edit, Qt.Key.Key_3, ALT)
    assert added == [third.policy_id]
    bar.reset()
    assert bar.accepted() is None
    assert not any(b.isVisible() for b in bar.buttons)


def test_typing_on_replaces_the_suggestions(qtbot, sqlite_services: Services) -> None:
    _host, edit, bar, _added = _form(qtbot, sqlite_services)
    with qtbot.waitSignal(bar.suggestions_shown, timeout=10000):
        _type(edit, "通学路の舗装に穴があいている")
    assert bar.suggestions().policies[0].code == "5-04"
    edit.clear()
    with qtbot.waitSignal(bar.suggestions_shown, timeout=10000):
        _type(edit, "隣の畑に黒いパネルがずらっと並んでまぶしい")
    assert bar.suggestions().policies[0].code == "2-03"
    assert "2-03" in bar.buttons[0].text()
