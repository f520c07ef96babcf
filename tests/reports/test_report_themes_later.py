"""A report's themes worked out in a second process while its pages are laid out: the same
pages as when they are worked out first; the layout waits for them where they are printed."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pypdf
import pytest

from komoro_feedback.reports.document import ReportDocument
from komoro_feedback.reports.flowables import H2, LineBlock
from komoro_feedback.reports.model import ReportCancelled, ReportMeta
from komoro_feedback.reports.themes_section import themes_section
from komoro_feedback.services.container import Services
from komoro_feedback.services.reports.service import ReportKind, ReportRequest
from komoro_feedback.services.themes import worker
from tests.reports.test_reports import build
from tests.reports.test_themes_section import theme


def test_a_policy_report_prints_the_same_pages_with_its_themes_from_a_second_process(
    report_services: Services,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """One policy (its themes close the report) and a pillar (they follow its matrix,
    before the policies' pages)."""
    caplog.set_level(logging.INFO, logger=worker.__name__)
    for req, themes_at in (
        (ReportRequest(ReportKind.POLICY, policy_code="1-04", issued_on=date(2025, 4, 1)), -1),
        (ReportRequest(ReportKind.POLICY, pillar=2, issued_on=date(2025, 4, 1)), 2),
    ):
        monkeypatch.setattr(worker, "PARALLEL_MIN", 10**6)
        here = build(report_services, req, tmp_path / "here.pdf")
        assert "second process" not in caplog.text
        monkeypatch.setattr(worker, "PARALLEL_MIN", 2)
        beside = build(report_services, req, tmp_path / "beside.pdf")
        assert "worked out in a second process" in caplog.text
        caplog.clear()
        assert beside == here
        assert "主なテーマ" in beside[themes_at] and "1. " in beside[themes_at]


class Waiting:
    """Themes that are ready once waited for; `interrupt` is what the document passes."""

    def __init__(self, themes: tuple[Any, ...]) -> None:
        self.themes = themes
        self.interrupts: list[Callable[[], None]] = []

    def wait(self, interrupt: Callable[[], None] | None = None) -> tuple[Any, ...]:
        assert interrupt is not None
        self.interrupts.append(interrupt)
        interrupt()
        return self.themes


def lay_out(tmp_path: Path, later: Waiting, *, cancel: bool = False, last: bool = False) -> str:
    meta = ReportMeta(
        "政策別集計", "政策 2-01", date(2025, 4, 1), date(2026, 3, 31), date(2026, 4, 1), ""
    )
    out = tmp_path / "later.pdf"
    doc = ReportDocument(str(out), meta, "western", cancel=lambda: cancel)
    head = LineBlock([("前の見出し", H2)])
    head.keepWithNext = True  # ReportLab groups it with the next flowable: the themes
    story = [head, *themes_section(later)]
    if last:  # the themes close the report
        story = [LineBlock([("前の見出し", H2)]), *themes_section(later)]
    doc.build_story(story)
    return "\n".join(p.extract_text() for p in pypdf.PdfReader(str(out)).pages)


def test_themes_still_being_worked_out_are_printed_where_the_layout_reaches_them(
    tmp_path: Path,
) -> None:
    later = Waiting((theme("図書館・開館時間", 7, (("乙女", 7),), "夜まで開けてほしい。"),))
    text = lay_out(tmp_path, later)
    assert len(later.interrupts) == 1
    assert text.index("前の見出し") < text.index("主なテーマ")
    assert "1. 図書館・開館時間（7件）" in text and "・夜まで開けてほしい。" in text


def test_no_themes_at_the_end_of_a_report_print_nothing(tmp_path: Path) -> None:
    assert "主なテーマ" not in lay_out(tmp_path, Waiting(()), last=True)


def test_cancelling_while_the_themes_are_awaited_stops_the_report(tmp_path: Path) -> None:
    with pytest.raises(ReportCancelled):
        lay_out(tmp_path, Waiting(()), cancel=True)
