"""Themes: groups of comments that talk about the same thing, with a short label."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class ThemeInput:
    """One comment as the themes engine needs it."""

    id: str
    text: str
    ward: str = ""  # "" for city-wide (市全域)


@dataclass(frozen=True, slots=True)
class ThemeSample:
    """A representative comment of a theme, its text masked for printing."""

    comment_id: str
    text: str
    ward: str = ""


@dataclass(frozen=True, slots=True)
class Theme:
    """Comments grouped under a label made of their most distinctive words."""

    label: str
    keywords: tuple[str, ...]
    comment_ids: tuple[str, ...]
    wards: tuple[tuple[str, int], ...]  # (ward, count), most first; "" = city-wide
    representatives: tuple[ThemeSample, ...]

    @property
    def count(self) -> int:
        return len(self.comment_ids)


@dataclass(frozen=True, slots=True)
class ThemeResult:
    """The themes of a selection: the largest first, plus how many comments fit none."""

    themes: tuple[Theme, ...]  # possibly only the largest (a limit was asked for)
    total: int  # comments looked at
    unthemed: int  # comments in no theme at all (too different from all others)
    sampled: bool = False  # True when the themes were found on a sample and the rest assigned
    limited: bool = False  # True when only the newest comments of a larger selection were used
