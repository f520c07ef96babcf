"""Find the wards (区) and districts (地区) a comment names, without false hits in common words.

Several ward names are also ordinary words or parts of them: 諸 is inside 小諸, 市町 inside
市町村, 久保 inside 大久保, 大手 in 大手企業, 川辺 means "riverside", 中村 and 和田 are
surnames. A name counts only where it stands as a word: not glued to a kanji on the left,
followed by a place suffix (区, 地区, 駅, 公民館 ...) or by something that is not a kanji, and not
by an honorific (さん, 様). One-character names and names that are everyday words need a place
suffix (諸区, 川辺地区).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from komoro_feedback.domain.catalog import District
from komoro_feedback.domain.suggestion import PlaceMention
from komoro_feedback.domain.text import normalize_for_search

PLACE_SUFFIXES = tuple(
    normalize_for_search(s)
    for s in (
        "地区",
        "区",
        "地域",
        "駅",
        "公民館",
        "集会所",
        "集落",
        "周辺",
        "付近",
        "方面",
        "の方",
        "あたり",
        "辺り",
        "在住",
        "に住",
        "住まい",
    )
)
HONORIFICS = tuple(
    normalize_for_search(s) for s in ("さん", "様", "君", "くん", "ちゃん", "先生", "氏")
)

#: Names that are also everyday words or common surnames: they need a place suffix.
EVERYDAY_WORDS = frozenset(
    normalize_for_search(s)
    for s in (
        "中央",
        "川辺",
        "平原",
        "大手",
        "本町",
        "新町",
        "南町",
        "市町",
        "古城",
        "東山",
        "三和",
        "相生",
        "中村",
        "和田",
        "松井",
        "森山",
        "宮沢",
        "久保",
        "西原",
        "小原",
        "赤坂",
        "東雲",
        "八代",
    )
)


def _is_kanji(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff" or ch in "々〆ヶ"


@dataclass(frozen=True, slots=True)
class _Place:
    key: str
    mention: PlaceMention
    needs_suffix: bool


class PlaceDetector:
    """Built once from the districts and their active wards."""

    def __init__(self, districts: Sequence[District]) -> None:
        places: list[_Place] = []
        for d in districts:
            for key in _district_keys(d.name):
                places.append(_Place(key, PlaceMention(d.name, d.id, d.name), _needs_suffix(key)))
            for w in d.wards:
                if not w.active:
                    continue
                key = normalize_for_search(w.name)
                mention = PlaceMention(w.name, d.id, d.name, w.id)
                places.append(_Place(key, mention, _needs_suffix(key)))
        # Longest names first: 大久保 claims its characters before 久保 is tried.
        self.places = sorted(places, key=lambda p: -len(p.key))

    def find(self, text: str) -> list[PlaceMention]:
        folded = normalize_for_search(text)
        taken = [False] * len(folded)
        found: list[tuple[int, PlaceMention]] = []
        for place in self.places:
            start = folded.find(place.key)
            while start >= 0:
                end = start + len(place.key)
                if not any(taken[start:end]) and self._stands_alone(folded, start, end, place):
                    for i in range(start, end):
                        taken[i] = True
                    if all(m != place.mention for _, m in found):
                        found.append((start, place.mention))
                start = folded.find(place.key, start + 1)
        return [m for _, m in sorted(found, key=lambda x: x[0])]

    @staticmethod
    def _stands_alone(text: str, start: int, end: int, place: _Place) -> bool:
        if start > 0 and _is_kanji(text[start - 1]):
            return False
        rest = text[end:]
        if rest.startswith(HONORIFICS):
            return False
        if rest.startswith(PLACE_SUFFIXES):
            # 市区町村: a suffix that is itself glued to more kanji is not a place suffix.
            suffix = next(s for s in PLACE_SUFFIXES if rest.startswith(s))
            after = rest[len(suffix) : len(suffix) + 1]
            return not (len(suffix) == 1 and after and _is_kanji(after))
        if place.needs_suffix:
            return False
        return not (rest and _is_kanji(rest[0]))


def _district_keys(name: str) -> list[str]:
    key = normalize_for_search(name)
    # 中央(東南部): the full name only; "中央" alone would name four districts.
    return [key]


def _needs_suffix(key: str) -> bool:
    return len(key) == 1 or key in EVERYDAY_WORDS
