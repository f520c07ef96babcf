"""The themes section laid out in a report page and read back."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pypdf

from komoro_feedback.domain.theme import Theme, ThemeSample
from komoro_feedback.reports.document import ReportDocument
from komoro_feedback.reports.model import ReportMeta
from komoro_feedback.reports.themes_section import themes_section


def theme(label: str, n: int, wards: tuple[tuple[str, int], ...], *samples: str) -> Theme:
    return Theme(
        label=label,
        keywords=tuple(label.split("・")),
        comment_ids=tuple(f"{label}-{i}" for i in range(n)),
        wards=wards,
        representatives=tuple(ThemeSample(f"{label}-{i}", s) for i, s in enumerate(samples)),
    )


def build(tmp_path: Path, themes: list[Theme]) -> str:
    meta = ReportMeta(
        "政策別集計", "政策 2-01", date(2025, 4, 1), date(2026, 3, 31), date(2026, 4, 1), ""
    )
    out = tmp_path / "themes.pdf"
    doc = ReportDocument(str(out), meta, "western")
    story = themes_section(themes)
    doc.build_story(story)
    return "\n".join(p.extract_text() for p in pypdf.PdfReader(str(out)).pages)


def test_each_theme_shows_label_count_wards_and_samples(tmp_path: Path) -> None:
    wards = (*((f"区{i}", 10 - i) for i in range(8)), ("", 2))
    text = build(
        tmp_path,
        [
            theme("猿・イノシシ・電気柵", 48, wards, "畑を猿に荒らされた。", "電気柵の補助を。"),
            theme("図書館・開館時間", 7, (("乙女", 7),), "夜まで開けてほしい。"),
        ],
    )
    assert "主なテーマ" in text
    assert "1. 猿・イノシシ・電気柵（48件）" in text
    assert "2. 図書館・開館時間（7件）" in text
    assert "区0 10" in text and "区5 5" in text
    assert "ほか 9" in text  # 区6 (4), 区7 (3) and the city-wide (2) after the sixth ward
    assert "・畑を猿に荒らされた。" in text and "・夜まで開けてほしい。" in text


def test_no_themes_no_section() -> None:
    assert themes_section([]) == []


def test_only_the_largest_ten_are_printed(tmp_path: Path) -> None:
    themes = [theme(f"テーマ{i:02d}", 20 - i, (("乙女", 20 - i),), "例") for i in range(12)]
    text = build(tmp_path, themes)
    assert "テーマ09" in text and "テーマ10" not in text
