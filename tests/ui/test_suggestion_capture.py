"""Suggestions in the capture form: they appear while typing, Alt+1 tags, the uptake is saved;
after a save, a near-identical earlier comment is offered for linking."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from komoro_feedback.services.container import Services
from tests.ui.capture_helpers import (
    ALT,
    CTRL,
    ime_type,
    key,
    meeting_comments,
    new_meeting_by_keyboard,
    open_window,
)

TEXT = "愛のりくんに電話してもずっと話し中で、予約が取れない。御影の者です"


def test_suggestions_in_the_capture_form(qtbot, sqlite_services: Services, tmp_path: Path) -> None:
    window = open_window(qtbot, sqlite_services)
    capture = new_meeting_by_keyboard(qtbot, window)
    bar = capture.suggestion_bar
    with qtbot.waitSignal(bar.suggestions_shown, timeout=10000):
        ime_type(TEXT)
    qtbot.waitUntil(lambda: bar.buttons[0].isVisible())
    assert bar.buttons[0].text().startswith("Alt+1 5-03")
    assert "御影" in bar.places_label.text()
    assert capture.policy_picker.policy_ids() == ()  # nothing chosen by itself
    window.grab().save(str(tmp_path / "capture_suggestions.png"))
    key(qtbot, Qt.Key.Key_1, ALT)
    qtbot.waitUntil(capture.place_ward_button.isVisible)
    key(qtbot, Qt.Key.Key_D, ALT)  # the ward named in the text (御影)
    chosen = sqlite_services.catalog.policy_by_code("5-03")
    assert capture.policy_picker.policy_ids() == (chosen.id,)
    key(qtbot, Qt.Key.Key_Return, CTRL)
    (saved,) = meeting_comments(sqlite_services, capture.meeting().id)
    assert saved.policy_codes == ("5-03",)
    assert saved.ward_name == "御影"
    stats = sqlite_services.suggestions.acceptance()
    assert (stats.with_suggestions, stats.accepted) == (1, 1)
    # The next speaker says the same thing: saved without taking a suggestion ...
    assert capture.policy_picker.policy_ids() == ()  # nothing carried over from the last one
    with qtbot.waitSignal(bar.suggestions_shown, timeout=10000):
        ime_type("愛のりくんに電話してもずっと話し中で、予約が取れない。")
    key(qtbot, Qt.Key.Key_R, ALT)  # the same ward, on purpose
    with qtbot.waitSignal(capture.similar_comments.found, timeout=10000):
        key(qtbot, Qt.Key.Key_Return, CTRL)
    stats = sqlite_services.suggestions.acceptance()
    assert (stats.with_suggestions, stats.accepted) == (2, 1)
    # ... and the earlier comment is offered as a possible duplicate, ready to link.
    similar = capture.similar_comments
    qtbot.waitUntil(similar.isVisible)
    assert [s.comment.id for s in similar.similar()] == [saved.id]
    window.grab().save(str(tmp_path / "capture_similar.png"))
    similar.set_checked(saved.id)
    group = similar.link_checked()
    assert group is not None and saved.id in group.comment_ids
    assert sqlite_services.similar.count_distinct(list(group.comment_ids)) == 1
