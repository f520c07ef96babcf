"""Each report built from a demo database and read back: titles, counts, pages, dates, privacy."""

from __future__ import annotations

import re
import shutil
import subprocess
from collections import Counter
from datetime import date
from pathlib import Path

import pypdf
import pytest

from komoro_feedback.domain.query import CommentFilter, CommentQuery, SortKey
from komoro_feedback.reports.model import ReportCancelled, ReportOptions
from komoro_feedback.services.container import Services
from komoro_feedback.services.reports.service import ReportKind, ReportRequest
from tests.helpers import PURPOSE
from tests.reports.conftest import LONG_END, LONG_START, SPEAKER


def pages_text(path: Path) -> list[str]:
    return [p.extract_text() for p in pypdf.PdfReader(str(path)).pages]


def assert_page_numbers(texts: list[str]) -> None:
    n = len(texts)
    for i, t in enumerate(texts, start=1):
        assert re.search(rf"(?<!\d){i} / \s*{n}(?!\d)", t), (i, t[-200:])


def assert_fonts_embedded(path: Path) -> None:
    if shutil.which("pdffonts") is None:
        pytest.skip("pdffonts (poppler-utils) is not installed")
    out = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True)
    rows = out.stdout.splitlines()[2:]
    assert rows, out.stdout
    for row in rows:
        assert "IPAexGothic" in row and " yes yes yes " in row, row


def build(sv: Services, req: ReportRequest, out: Path) -> list[str]:
    result = sv.reports.build(req, out)
    texts = pages_text(out)
    assert result.pages == len(texts)
    return texts


def test_policy_report_counts_match_the_store(report_services: Services, tmp_path: Path) -> None:
    sv = report_services
    out = tmp_path / "policy.pdf"
    req = ReportRequest(ReportKind.POLICY, issued_on=date(2025, 4, 1))
    texts = build(sv, req, out)
    full = "\n".join(texts)
    assert texts[0].count("政策別集計") == 1  # the cover title; no running header there
    assert "地域職員連絡会 資料" in texts[0]
    assert "政策集\nこもろ未来プロジェクト2024" in texts[0]
    assert "主な政策" in texts[0]  # the count policy is stated
    counts = sv.queries.counts(CommentFilter())
    by_code = Counter[str]()
    codes = {p.id: p.code for p in sv.catalog.all_policies()}
    for r in counts:
        if r.policy_id is not None:
            by_code[codes[r.policy_id]] += r.count
    printed = {
        m[1]: int(m[2].replace(",", ""))
        for m in re.finditer(r"(\d-\d\d)　[★●](?:新規|継続)　.*?意見の件数: ([\d,]+)件", full, re.S)
    }
    assert printed == {code: by_code.get(code, 0) for code in printed}
    assert len(printed) == 67
    total = sum(r.count for r in counts)
    assert re.search(rf"^合計\n{total:,}$", full, re.M)
    assert_page_numbers(texts)
    assert_fonts_embedded(out)
    outline = [o["/Title"] for o in pypdf.PdfReader(str(out)).outline if isinstance(o, dict)]
    assert "総括表" in outline and any(t.startswith("第1の柱") for t in outline)


def test_one_policy_with_comments_in_era_dates(report_services: Services, tmp_path: Path) -> None:
    sv = report_services
    req = ReportRequest(
        ReportKind.POLICY,
        policy_code="1-04",
        options=ReportOptions(date_style="era"),
        issued_on=date(2019, 5, 1),
    )
    texts = build(sv, req, tmp_path / "p.pdf")
    full = "\n".join(texts)
    assert "発行日: 令和元年5月1日" in full
    assert "令和6年6月1日" in full  # the letter of 2024-06-01, in the era
    assert "子育ての相談窓口をもっと知らせてほしい。" in full.replace("\n", "")
    pid = sv.catalog.policy_by_code("1-04").id
    n = sv.queries.count(CommentFilter(policy_ids=(pid,), primary_only=True))
    assert f"意見の件数: {n}件" in full
    assert len(re.findall(r"^\d+\.\u3000令和", full, re.M)) == n
    assert_page_numbers(texts)


def test_long_comment_flows_onto_the_next_page(report_services: Services, tmp_path: Path) -> None:
    req = ReportRequest(ReportKind.POLICY, policy_code="2-01")
    texts = build(report_services, req, tmp_path / "long.pdf")
    start = next(i for i, t in enumerate(texts) if LONG_START in t)
    end = next(i for i, t in enumerate(texts) if LONG_END in t)
    assert end > start


def test_area_report_lists_open_items(report_services: Services, tmp_path: Path) -> None:
    sv = report_services
    district = sv.catalog.district_by_name("大里")
    req = ReportRequest(ReportKind.AREA, district="大里", issued_on=date(2025, 4, 1))
    texts = build(sv, req, tmp_path / "area.pdf")
    full = "\n".join(texts)
    assert "地区別集計" in texts[0] and "大里地区" in texts[0]
    total = sv.queries.count(CommentFilter(district_ids=(district.id,)))
    opened = sv.queries.count(CommentFilter(district_ids=(district.id,), open_only=True))
    assert f"意見 {total}件　未完了 {opened}件" in full
    entry = r"^\d+\.\u3000(?:▲期限超過 [\d,]+日\u3000)?\d{4}年"
    assert len(re.findall(entry, full, re.M)) == opened
    for w in district.wards:
        assert w.name in full
    assert_page_numbers(texts)
    assert_fonts_embedded(tmp_path / "area.pdf")


def test_area_report_for_each_district(report_services: Services, tmp_path: Path) -> None:
    sv = report_services
    req = ReportRequest(ReportKind.AREA, options=ReportOptions(counts_only=True))
    out = tmp_path / "areas.pdf"
    build(sv, req, out)
    outline = [o["/Title"] for o in pypdf.PdfReader(str(out)).outline if isinstance(o, dict)]
    assert outline == ["地区の比較", *(d.name for d in sv.catalog.districts()), "市全域"]


def test_meeting_record_in_speaking_order(report_services: Services, tmp_path: Path) -> None:
    sv = report_services
    meeting = max(sv.meetings.list(), key=lambda m: m.comment_count)
    req = ReportRequest(ReportKind.MEETING, meeting_id=meeting.id)
    texts = build(sv, req, tmp_path / "meeting.pdf")
    full = "\n".join(texts)
    assert "会議記録" in texts[0] and meeting.title in texts[0] and meeting.venue in texts[0]
    n = sv.queries.count(CommentFilter(meeting_ids=(meeting.id,)))
    numbers = [int(x) for x in re.findall(r"^(\d+)\.\u3000", full, re.M)]
    assert numbers == list(range(1, n + 1))
    flat = re.sub(r"\s", "", full)
    spoken = sv.queries.page(
        CommentQuery(CommentFilter(meeting_ids=(meeting.id,)), SortKey.RECORDED, False, 1000)
    ).items
    pos = 0
    for c in spoken:  # each text is found after the one recorded before it
        pos = flat.index(re.sub(r"\s", "", c.text), pos) + 1
    assert_page_numbers(texts)
    assert_fonts_embedded(tmp_path / "meeting.pdf")


def test_no_speaker_data_in_any_report(report_services: Services, tmp_path: Path) -> None:
    sv = report_services
    requests = [
        ReportRequest(ReportKind.POLICY, policy_code="1-04"),
        ReportRequest(ReportKind.AREA, district="中央(東南部)"),
    ]
    for i, req in enumerate(requests):
        full = "\n".join(build(sv, req, tmp_path / f"r{i}.pdf"))
        assert "子育ての相談窓口" in full  # the comment is there ...
        assert SPEAKER.name not in full and SPEAKER.contact not in full  # ... its speaker is not


def test_cancel_leaves_no_file(report_services: Services, tmp_path: Path) -> None:
    out = tmp_path / "cancelled.pdf"
    seen: list[float] = []
    with pytest.raises(ReportCancelled):
        report_services.reports.build(
            ReportRequest(ReportKind.POLICY),
            out,
            progress=seen.append,
            cancel=lambda: len(seen) > 3,
        )
    assert list(tmp_path.iterdir()) == []


def test_progress_rises_to_one(report_services: Services, tmp_path: Path) -> None:
    seen: list[float] = []
    report_services.reports.build(
        ReportRequest(ReportKind.POLICY, pillar=2), tmp_path / "p.pdf", progress=seen.append
    )
    assert seen == sorted(seen) and seen[-1] == 1.0 and len(seen) > 5


def test_linked_similar_comments_are_marked(
    writable_report_services: Services, tmp_path: Path
) -> None:
    sv = writable_report_services
    pid = sv.catalog.policy_by_code("1-04").id
    ids = sv.queries.ids(CommentFilter(policy_ids=(pid,), primary_only=True), limit=2)
    sv.similar.link(ids)
    texts = build(sv, ReportRequest(ReportKind.POLICY, policy_code="1-04"), tmp_path / "g.pdf")
    full = "\n".join(texts)
    assert full.count("類似意見 2件のグループ") == 2
    assert "まとまりを1件とした件数" in texts[0].replace("\n", "")
    total = sv.queries.count(CommentFilter(policy_ids=(pid,), primary_only=True))
    flat = full.replace("\n", "").replace(" ", "")
    expected = f"意見の件数:{total:,}件（類似意見のまとまりを1件として数えると{total - 1:,}件）"
    assert expected in flat


def test_phone_mail_and_the_speakers_name_are_masked_unless_asked_for(
    sqlite_services: Services, tmp_path: Path
) -> None:
    """SQLite only: what is printed does not depend on the backend (the service reads the same)."""
    from komoro_feedback.domain.comment import SpeakerContact
    from tests.helpers import record

    sv = sqlite_services
    record(
        sv,
        "浅間花子です。090-1234-5678に電話を",
        policies=("1-04",),
        speaker=SpeakerContact("浅間 花子", "hanako@example.jp"),
    )
    req = ReportRequest(ReportKind.POLICY, policy_code="1-04")
    masked = "".join(build(sv, req, tmp_path / "masked.pdf")).replace("\n", "")
    assert "［氏名］です。［電話番号］に電話を" in masked
    assert "090-1234-5678" not in masked and "浅間花子" not in masked
    assert "電話番号・メールアドレス・発言者の氏名は伏せています" in masked
    plain = replace_options(req, anonymise=False)
    as_recorded = "".join(build(sv, plain, tmp_path / "plain.pdf")).replace("\n", "")
    assert "浅間花子です。090-1234-5678に電話を" in as_recorded
    assert "hanako@example.jp" not in as_recorded  # the contact itself is never printed


def test_a_repeated_text_is_masked_by_each_comments_own_speaker(
    sqlite_services: Services, tmp_path: Path
) -> None:
    """The same text from three people, one of them recorded as 浅間 花子: her comment prints
    ［氏名］, the two others (no name recorded) print the text; the phone is masked in all."""
    from komoro_feedback.domain.comment import SpeakerContact
    from tests.helpers import record

    sv = sqlite_services
    text = "浅間花子です。090-1234-5678に電話を"
    record(sv, text, policies=("1-04",))
    record(sv, text, policies=("1-04",), speaker=SpeakerContact("浅間 花子", ""))
    record(sv, text, policies=("1-04",))
    req = ReportRequest(ReportKind.POLICY, policy_code="1-04")
    printed = "".join(build(sv, req, tmp_path / "masked.pdf")).replace("\n", "")
    assert printed.count("［氏名］です。［電話番号］に電話を") == 1
    assert printed.count("浅間花子です。［電話番号］に電話を") >= 2
    assert "090-1234-5678" not in printed


def replace_options(req: ReportRequest, **changes: object) -> ReportRequest:
    from dataclasses import replace

    # Printing unmasked text is personal data: it needs a reason (and is logged).
    purpose = req.purpose or (PURPOSE if changes.get("anonymise") is False else None)
    return replace(req, options=replace(req.options, **changes), purpose=purpose)
