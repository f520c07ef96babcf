"""Every user of the Sudachi dictionary works with the standalone build's SudachiDict small."""

from __future__ import annotations

import pytest

from komoro_feedback.services.publish.names import NameMasker
from komoro_feedback.services.sudachi_tokenizer import open_tokenizer
from komoro_feedback.services.themes.words import WordReader


@pytest.fixture
def small_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """As in the standalone build, where core is not shipped."""
    pytest.importorskip("sudachidict_small")
    monkeypatch.setenv("KOMORO_SUDACHI_DICT", "small")


@pytest.mark.usefixtures("small_only")
def test_names_are_masked_for_publishing_with_the_small_dictionary() -> None:
    masker = NameMasker()
    assert masker.dictionary == "small"
    masked = masker("隣の田中さんが草を燃やす。山田花子です。浅間の景色が好き。")
    assert "田中" not in masked and "山田" not in masked and "花子" not in masked
    assert "浅間の景色" in masked


@pytest.mark.usefixtures("small_only")
def test_themes_read_nouns_with_the_small_dictionary() -> None:
    reader = WordReader()
    assert reader.available and reader.dictionary == "small"
    assert "除雪" in reader.read("通学路の除雪をしてほしい").label_nouns


def test_without_any_dictionary_there_is_no_tokenizer(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KOMORO_SUDACHI_DICT", "no-such-dictionary")
    assert open_tokenizer() == (None, "")
    assert not WordReader().available
    assert NameMasker()("田中さん") == "田中さん"
