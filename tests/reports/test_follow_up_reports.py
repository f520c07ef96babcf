"""What the council acts on, read back from the PDFs: follow-up columns, the policy x district
matrix, the districts compared, overdue marks, the change since the previous period."""

from __future__ import annotations

import re
import statistics
from collections import Counter
from collections.abc import Iterable
from datetime import date
from pathlib import Path

import pypdf
import pytest

from komoro_feedback.domain.comment import Comment
from komoro_feedback.domain.enums import Status
from komoro_feedback.domain.errors import ValidationError
from komoro_feedback.domain.query import CommentFilter
from komoro_feedback.reports.model import ReportOptions
from komoro_feedback.services.container import Services
from komoro_feedback.services.reports.service import ReportKind, ReportRequest
from tests.reports.test_reports import build

AS_OF = date(2025, 4, 1)


def all_comments(sv: Services, f: CommentFilter | None = None) -> list[Comment]:
    return sv.queries.get_many(sv.queries.ids(f or CommentFilter()))


def expected_row(comments: Iterable[Comment]) -> list[str]:
    """件数, 未完了, うち期限超過, 回答済・対応済, 回答率, 日数 as the report should print them."""
    cs = list(comments)
    opened = [c for c in cs if c.status.is_open]
    overdue = [c for c in opened if c.due_on is not None and c.due_on < AS_OF]
    answered = [c for c in cs if c.status in (Status.ANSWERED, Status.DONE)]
    days = [(c.answered_on - c.received_on).days for c in cs if c.answered_on is not None]
    rate = f"{100 * len(answered) / len(cs):.1f}%" if cs else "-"
    med = "-" if not days else f"{statistics.median(days):g}"
    return [
        f"{len(cs):,}",
        f"{len(opened):,}",
        f"{len(overdue):,}",
        f"{len(answered):,}",
        rate,
        med,
    ]


def is_landscape(page: pypdf.PageObject) -> bool:
    return float(page.mediabox.width) > float(page.mediabox.height)


def test_summary_shows_follow_up_per_policy_pillar_and_total(
    report_services: Services, tmp_path: Path
) -> None:
    sv = report_services
    req = ReportRequest(ReportKind.POLICY, options=ReportOptions(counts_only=True), issued_on=AS_OF)
    texts = build(sv, req, tmp_path / "summary.pdf")
    summary = "\n".join(t for t in texts if "総括表" in t or "第6の柱 小計" in t)
    for column in (
        "件数",
        "未完了",
        "うち期限超過",
        "回答済・対応済",
        "回答率",
        "回答日数の中央値",
    ):
        assert column in summary, column
    assert "★ すぐに取り組む政策" in summary and "● 5〜10年かけて取り組む政策" in summary
    assert "新規: この政策集で新しい政策" in summary and "継続: 前の政策集から続く政策" in summary
    comments = all_comments(sv)
    by_code: dict[str | None, list[Comment]] = {}
    for c in comments:
        by_code.setdefault(c.primary_policy_code, []).append(c)
    for code in ("1-04", "2-01", "6-10"):
        row = re.search(
            rf"^{code}\n.*?\n[★●](?:新規|継続)\n((?:[^\n]+\n){{6}})", summary, re.M | re.S
        )
        assert row, code
        assert row[1].split("\n")[:6] == expected_row(by_code[code]), code
    pillar1 = [c for c in comments if (c.primary_policy_code or "").startswith("1-")]
    assert re.search(r"第1の柱 小計\n" + r"\n".join(map(re.escape, expected_row(pillar1))), summary)
    assert re.search(r"合計\n" + r"\n".join(map(re.escape, expected_row(comments))), summary)


def test_whole_programme_counts_fit_six_pages_as_a_policy_district_matrix(
    report_services: Services, tmp_path: Path
) -> None:
    sv = report_services
    req = ReportRequest(ReportKind.POLICY, options=ReportOptions(counts_only=True), issued_on=AS_OF)
    out = tmp_path / "matrix.pdf"
    texts = build(sv, req, out)
    assert len(texts) <= 6
    pages = pypdf.PdfReader(str(out)).pages
    assert not is_landscape(pages[0]) and all(is_landscape(p) for p in pages[1:])
    full = "\n".join(texts)
    matrix = full[full.index("政策別・地区別の件数") :]
    districts = [d.name for d in sv.catalog.districts()]
    assert "中央\n(東南部)" in matrix  # a header breaks before the bracket, not inside it
    for name in [*districts, "市全域"]:
        assert name in matrix.replace("\n", "")
    counts = sv.queries.counts(CommentFilter())
    policy = sv.catalog.policy_by_code("1-04")
    per_district = Counter[int | None]()
    for r in counts:
        if r.policy_id == policy.id:
            per_district[r.district_id] += r.count
    cells = [per_district.get(d.id, 0) for d in sv.catalog.districts()] + [per_district[None]]
    shown = [f"{n:,}" for n in cells if n]  # empty cells stay blank in the heat map
    row = re.search(r"^1-04\n[^\n]*\n((?:[\d,]+\n)+)", matrix, re.M)
    assert row and row[1].split() == [*shown, f"{sum(cells):,}"]
    assert matrix.count("小計") == 6
    total = sum(r.count for r in counts)
    assert "合計\n" in matrix and f"{total:,}" in matrix


def test_area_report_compares_districts_then_wards_ranked_policies_and_overdue_items(
    report_services: Services, tmp_path: Path
) -> None:
    sv = report_services
    req = ReportRequest(ReportKind.AREA, district="大里", issued_on=AS_OF)
    texts = build(sv, req, tmp_path / "area.pdf")
    compared = texts[1]
    assert compared.count("地区の比較") == 1
    for column in ("件数", "未完了", "うち期限超過", "回答率", "回答日数の中央値"):
        assert column in compared
    comments = all_comments(sv)
    for d in sv.catalog.districts():
        mine = [c for c in comments if c.district_id == d.id]
        expected = "\n".join(expected_row(mine))
        assert f"{d.name}\n{expected}" in compared, d.name
    district = sv.catalog.district_by_name("大里")
    full = "\n".join(texts[2:])
    assert "区ごとの件数" in full
    for w in district.wards:
        mine = [c for c in comments if c.ward_id == w.id]
        opened = [c for c in mine if c.status.is_open]
        if mine:
            assert re.search(rf"^{w.name}\n{len(mine)}\n{len(opened)}\n", full, re.M), w.name
    ranked = re.search(
        r"意見の多い政策（上位(\d+)）\n順位\nコード\n政策\n件数\n(.*?)\n柱\n", full, re.S
    )
    assert ranked
    counts = [int(m) for m in re.findall(r"^\d+\n\d-\d\d\n.*?\n(\d+)$", ranked[2], re.M | re.S)]
    assert counts == sorted(counts, reverse=True) and len(counts) == int(ranked[1])

    # Open items by department, each overdue one marked with its days overdue, oldest first.
    entries = re.findall(
        r"^\d+\.\u3000(?:▲期限超過 ([\d,]+)日\u3000)?(\d{4})年(\d+)月(\d+)日.*?担当: (\S+)"
        r"(?:\u3000期限: (\d{4})年(\d+)月(\d+)日)?",
        full,
        re.M,
    )
    opened = [c for c in comments if c.district_id == district.id and c.status.is_open]
    assert len(entries) == len([c for c in opened if c.department_name])
    marked = 0
    previous: tuple[str, date] | None = None
    for late, y, m, d, dep, dy, dm, dd in entries:
        received = date(int(y), int(m), int(d))
        if previous and previous[0] == dep:
            assert received >= previous[1]  # oldest first within a department
        previous = (dep, received)
        due = date(int(dy), int(dm), int(dd)) if dy else None
        if due is not None and due < AS_OF:
            assert late and int(late.replace(",", "")) == (AS_OF - due).days
            marked += 1
        else:
            assert not late
    assert marked > 0
    heading = re.search(r"^(\S+)（(\d+)件、うち期限超過 (\d+)件）$", full, re.M)
    assert heading and int(heading[3]) <= int(heading[2])


def test_compare_with_the_previous_period(report_services: Services, tmp_path: Path) -> None:
    sv = report_services
    start, end = date(2024, 10, 1), date(2025, 3, 31)
    options = ReportOptions(counts_only=True, compare_previous=True)
    req = ReportRequest(
        ReportKind.POLICY, date_from=start, date_to=end, options=options, issued_on=AS_OF
    )
    texts = build(sv, req, tmp_path / "compare.pdf")
    full = "\n".join(texts)
    assert "前期比" in texts[0]
    assert "前の期間: 2024年4月1日～2024年9月30日" in full
    now = all_comments(sv, CommentFilter(date_from=start, date_to=end))
    before = all_comments(sv, CommentFilter(date_from=date(2024, 4, 1), date_to=date(2024, 9, 30)))
    now_by = Counter(c.primary_policy_code for c in now)
    before_by = Counter(c.primary_policy_code for c in before)
    for code in ("1-04", "3-01", "5-02"):
        delta = now_by[code] - before_by[code]
        sign = "±0" if delta == 0 else f"{delta:+,}"
        row = re.search(
            rf"^{code}\n.*?\n[★●](?:新規|継続)\n([^\n]+)\n([^\n]+)\n([^\n]+)\n", full, re.M | re.S
        )
        assert row and row.groups() == (f"{now_by[code]:,}", f"{before_by[code]:,}", sign), code
    new = sorted(code for code in now_by if code and not before_by[code])
    if new:
        listed = re.search(r"今期に初めて意見が寄せられた政策: (.*?)\n\n?柱", full, re.S)
        assert listed and all(code in listed[1] for code in new)
    else:
        assert "今期に初めて意見が寄せられた政策はありません。" in full
    ages = re.search(r"180日超\n.*?^合計\n([\d,]+)\n([\d,]+)\n([\d,]+)$", full, re.M | re.S)
    assert ages
    for k, days in enumerate((30, 90, 180)):
        n = sum(1 for c in now if c.status.is_open and (AS_OF - c.received_on).days > days)
        assert int(ages[k + 1].replace(",", "")) == n, days
    with pytest.raises(ValidationError):
        sv.reports.policy_report(
            ReportRequest(ReportKind.POLICY, options=ReportOptions(compare_previous=True))
        )


def test_cover_properties_and_the_dates_behind_all_time(
    writable_report_services: Services, tmp_path: Path
) -> None:
    sv = writable_report_services
    issuer = sv.reports.issuer()
    sv.reports.save_issuer(type(issuer)("", "企画課", "小諸 太郎"))
    out = tmp_path / "area.pdf"
    req = ReportRequest(ReportKind.AREA, options=ReportOptions(counts_only=True), issued_on=AS_OF)
    texts = build(sv, req, out)
    cover = texts[0]
    assert "地域職員連絡会 資料" in cover
    assert "小諸市　企画課　担当: 小諸 太郎" in cover
    first, last = sv.queries.received_range()
    assert first and last
    assert (
        f"全期間（{first.year}年{first.month}月{first.day}日～{last.year}年{last.month}月{last.day}日）"
        in cover
    )
    assert "対象期間: " not in cover  # the running header is not on the cover
    assert "対象期間: " in texts[1]
    reader = pypdf.PdfReader(str(out))
    assert reader.metadata.title == "地区別集計"
    assert reader.metadata.author == "小諸市 企画課"
    assert "全地区" in (reader.metadata.subject or "")
    assert reader.trailer["/Root"]["/Lang"] == "ja"

    sv.reports.save_issuer(type(issuer)("第3回 地域職員連絡会 資料", "", ""))
    texts = build(sv, req, out)
    assert "第3回 地域職員連絡会 資料" in texts[0]
    with pytest.raises(ValidationError):
        sv.reports.save_issuer(type(issuer)("資" * 61, "", ""))
    assert sv.reports.issuer().label == "第3回 地域職員連絡会 資料"


def test_meeting_report_opens_with_its_counts(report_services: Services, tmp_path: Path) -> None:
    sv = report_services
    meeting = max(sv.meetings.list(), key=lambda m: m.comment_count)
    req = ReportRequest(ReportKind.MEETING, meeting_id=meeting.id, issued_on=AS_OF)
    texts = build(sv, req, tmp_path / "meeting.pdf")
    mine = all_comments(sv, CommentFilter(meeting_ids=(meeting.id,)))
    opened = [c for c in mine if c.status.is_open]
    overdue = [c for c in opened if c.due_on is not None and c.due_on < AS_OF]
    first = texts[0]
    assert "意見の集計" in first
    assert f"意見 {len(mine)}件　未完了 {len(opened)}件（うち期限超過 {len(overdue)}件）" in first
    kinds = Counter(c.kind for c in mine)
    request = kinds.most_common(1)[0]
    assert re.search(rf"^{request[0].label}\n{request[1]}$", first, re.M)
    assert first.index("意見の集計") < first.index("意見（発言順）")


def test_comments_of_a_merged_ward_still_count_for_its_district(
    writable_report_services: Services, tmp_path: Path
) -> None:
    sv = writable_report_services
    district = sv.catalog.district_by_name("大里")
    source, target = district.wards[0], district.wards[1]
    mine = all_comments(sv, CommentFilter(district_ids=(district.id,)))
    assert any(c.ward_id == source.id for c in mine)
    sv.catalog.merge_wards([source.id], target.id)
    req = ReportRequest(ReportKind.AREA, options=ReportOptions(counts_only=True), issued_on=AS_OF)
    compared = build(sv, req, tmp_path / "merged.pdf")[1]
    assert f"大里\n{expected_row(mine)[0]}\n" in compared
