"""The themes' word reader: a word the reader has met before reads as the first time."""

from __future__ import annotations

from komoro_feedback.services.themes.words import WordReader

TEXTS = [
    "通学路の歩道が狭くて危ないので、防災無線の聞こえにくさと合わせて直してほしい。",
    "ＡＢＣ公園の遊具が古い。通学路に街灯を増やしてほしい。",
    "abc公園のトイレを新しくしてほしいです。",  # the same dictionary words, written otherwise
    "猿やイノシシが畑を荒らすので電気柵の補助を増やしてほしい。",
    "小諸駅前の駐車場が足りず、駅前の商店街に人が来ない。",
]


def test_a_reader_that_has_read_other_texts_reads_each_text_the_same() -> None:
    fresh = [WordReader().read(t) for t in TEXTS]
    warm = WordReader()
    for t in reversed(TEXTS):
        warm.read(t)
    assert [warm.read(t) for t in TEXTS] == fresh
    if warm.available:
        assert "通学路" in fresh[0].label_nouns
        assert "通学" in fresh[0].noun_keys
        assert {"猿", "猪", "柵"} <= set(fresh[3].noun_keys)  # イノシシ compares as 猪
