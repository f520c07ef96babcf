"""A first start speaks the operating system's language; the app is Japanese when unsure."""

from __future__ import annotations

import pytest

from komoro_feedback.i18n.system_language import language_from_locale, os_language


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("ja_JP.UTF-8", "ja"),
        ("ja-JP", "ja"),
        ("Japanese_Japan", "ja"),
        ("en_US.UTF-8", "en"),
        ("de_DE", "en"),
        ("C", "ja"),
        ("C.UTF-8", "ja"),
        ("POSIX", "ja"),
        ("", "ja"),
        (None, "ja"),
    ],
)
def test_language_from_locale(name: str | None, expected: str) -> None:
    assert language_from_locale(name) == expected


def test_language_variable_wins_over_lang() -> None:
    assert os_language({"LANGUAGE": "en_GB:en", "LANG": "ja_JP.UTF-8"}) == "en"
    assert os_language({"LANG": "ja_JP.UTF-8"}) == "ja"
    assert os_language({"LC_ALL": "en_US.UTF-8", "LANG": "ja_JP.UTF-8"}) == "en"


def test_app_start_language_saved_wins_and_first_start_follows_the_system() -> None:
    from komoro_feedback.i18n.system_language import startup_language

    assert startup_language(None, "en_US") == "en"  # first start on an English Windows
    assert startup_language(None, "ja_JP") == "ja"
    assert startup_language("ja", "en_US") == "ja"  # the user chose Japanese
    assert startup_language("en", "ja_JP") == "en"
    assert startup_language("fr", "en_US") == "ja"  # a hand-edited settings.json
