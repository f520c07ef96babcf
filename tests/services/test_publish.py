"""「市民の声と市の対応」: answered items by policy, public wording, nothing personal (PDF, HTML)."""

from __future__ import annotations

from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pypdf
import pytest

from komoro_feedback.domain.comment import Comment, SpeakerContact
from komoro_feedback.domain.errors import ValidationError
from komoro_feedback.domain.privacy import NAME_MASK
from komoro_feedback.services.container import Services
from tests.helpers import record

SPEAKER = SpeakerContact("浅間太郎", "asama.taro@example.jp 0267-99-1234")
SECRETS = (
    "浅間太郎",
    "浅間 太郎",
    "0267-99-1234",
    "asama.taro@example.jp",
    "090-1111-2222",
    "山田花子",
    "田中",
)


def answered(
    sv: Services,
    text: str,
    answer: str,
    *,
    policy: str = "5-03",
    day: date = date(2025, 6, 1),
    speaker: SpeakerContact | None = None,
    department: str | None = None,
) -> Comment:
    c = record(sv, text, policies=(policy,), received=date(2025, 5, 1), speaker=speaker)
    if department:
        dep = sv.catalog.department_by_name(department)
        c = sv.comments.assign(c.id, c.version, dep.id)
    return sv.comments.answer(c.id, c.version, answer, answered_on=day)


@pytest.fixture
def filled(sqlite_services: Services) -> Services:
    sv = sqlite_services
    dep = sv.catalog.departments()[0].name
    answered(
        sv,
        "浅間太郎です。通学路の歩道を広げてほしい。連絡は 0267-99-1234 か "
        "asama.taro@example.jp へ。隣の田中さんも同じ意見です。",
        "浅間太郎様、ご意見ありがとうございます。令和8年度に歩道の拡幅を予定しています。"
        "詳しくは山田花子（090-1111-2222）までお問い合わせください。",
        speaker=SPEAKER,
        department=dep,
    )
    answered(
        sv,
        "図書館を夜まで開けてほしい。",
        "試行で木曜日を20時まで開館します。",
        policy="1-14",
        day=date(2025, 7, 1),
    )
    answered(
        sv,
        "公園の遊具を新しくしてほしい。",
        "今年度、2か所の遊具を更新します。",
        policy="5-03",
        day=date(2025, 8, 1),
    )
    answered(sv, "昔の回答。", "期間外の回答です。", day=date(2024, 1, 10))
    record(sv, "まだ回答していない意見。", policies=("5-03",), received=date(2025, 6, 2))
    return sv


def pdf_text(path: Path) -> str:
    return "\n".join(p.extract_text() for p in pypdf.PdfReader(str(path)).pages)


class Outline(HTMLParser):
    """What a screen reader would walk: headings, tables and their headers, scripts, text."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.headings: list[tuple[str, str]] = []
        self._heading: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag in ("h1", "h2", "h3"):
            self._heading = tag
            self.headings.append((tag, ""))

    def handle_endtag(self, tag: str) -> None:
        if tag == self._heading:
            self._heading = None

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        if self._heading:
            tag, text = self.headings[-1]
            self.headings[-1] = (tag, text + data)


def parse(path: Path) -> Outline:
    p = Outline()
    p.feed(path.read_text(encoding="utf-8"))
    return p


def test_pdf_and_html_hold_the_answered_items_of_the_period(
    filled: Services, tmp_path: Path
) -> None:
    result = filled.publish.write(date(2025, 4, 1), date(2026, 3, 31), tmp_path / "out")
    assert result.items == 3 and result.excluded == 0
    text = pdf_text(result.pdf)
    assert "市民の声と市の対応" in text
    assert "5-03" in text and "1-14" in text
    assert "図書館を夜まで開けてほしい。" in text and "試行で木曜日を20時まで開館します。" in text
    assert "2025年7月1日" in text
    assert filled.catalog.departments()[0].name in text
    assert "昔の回答" not in text and "まだ回答していない" not in text
    # grouped by policy in programme order: 1-14 before 5-03
    assert text.index("1-14") < text.index("5-03")
    html = parse(result.html)
    body = "".join(html.text)
    assert "図書館を夜まで開けてほしい。" in body and "昔の回答" not in body


def test_nothing_personal_in_either_file(filled: Services, tmp_path: Path) -> None:
    result = filled.publish.write(None, None, tmp_path)
    text = pdf_text(result.pdf)
    raw = result.html.read_text(encoding="utf-8")
    for secret in SECRETS:
        assert secret not in text, secret
        assert secret not in raw, secret
    assert "通学路の歩道を広げてほしい。" in text  # the rest of the comment is kept
    assert "令和8年度に歩道の拡幅を予定しています。" in raw
    assert NAME_MASK in text and NAME_MASK in raw


def test_html_is_accessible_without_scripts_or_css(filled: Services, tmp_path: Path) -> None:
    result = filled.publish.write(date(2025, 4, 1), None, tmp_path)
    html = parse(result.html)
    tags = [t for t, _ in html.tags]
    assert html.tags[0] == ("html", {"lang": "ja"})
    assert "script" not in tags and not any(
        k.startswith("on") for _, attrs in html.tags for k in attrs
    )
    assert not any(t == "link" for t in tags)  # nothing loaded from elsewhere
    levels = [h for h, _ in html.headings]
    assert levels[0] == "h1" and html.headings[0][1] == "市民の声と市の対応"
    assert "h2" in levels and "h3" in levels
    assert tags.count("table") == tags.count("caption") == 2  # one table per policy
    col = [a for t, a in html.tags if t == "th" and a.get("scope") == "col"]
    row = [a for t, a in html.tags if t == "th" and a.get("scope") == "row"]
    assert len(col) == 2 * 5 and len(row) == 3
    assert any("5-03" in text for _, text in html.headings)


def test_staff_wording_replaces_the_text_and_is_masked_too(
    filled: Services, tmp_path: Path
) -> None:
    sv = filled
    c = _find(sv, "図書館")
    w = sv.publish.wording(c.id)
    assert w.text == "図書館を夜まで開けてほしい。" and not w.edited
    sv.publish.set_wording(c.id, "図書館の開館時間を延ばしてほしい（浅間太郎さんより）。", False)
    result = sv.publish.write(None, None, tmp_path)
    text = pdf_text(result.pdf)
    assert "図書館の開館時間を延ばしてほしい" in text
    assert "図書館を夜まで開けてほしい。" not in text
    assert "浅間太郎" not in text


def test_an_excluded_item_is_left_out_and_counted(filled: Services, tmp_path: Path) -> None:
    sv = filled
    c = _find(sv, "公園")
    sv.publish.set_wording(c.id, "", True)
    assert sv.publish.wording(c.id).excluded
    result = sv.publish.write(None, None, tmp_path)
    assert result.excluded == 1
    assert "公園の遊具" not in pdf_text(result.pdf)
    assert "公園の遊具" not in result.html.read_text(encoding="utf-8")
    sv.publish.set_wording(c.id, "", False)
    assert "公園の遊具" in pdf_text(sv.publish.write(None, None, tmp_path).pdf)


def test_default_wording_masks_and_too_long_wording_is_refused(filled: Services) -> None:
    c = _find(filled, "通学路")
    w = filled.publish.wording(c.id)
    assert "浅間太郎" not in w.default_text and "0267-99-1234" not in w.default_text
    with pytest.raises(ValidationError):
        filled.publish.set_wording(c.id, "あ" * 4001, False)


def test_nothing_answered_gives_a_short_document(sqlite_services: Services, tmp_path: Path) -> None:
    result = sqlite_services.publish.write(date(2030, 1, 1), date(2030, 12, 31), tmp_path)
    assert result.items == 0 and result.pages == 1
    assert "回答したご意見はありません" in pdf_text(result.pdf)


def _find(sv: Services, word: str) -> Comment:
    from komoro_feedback.domain.query import CommentFilter, CommentQuery

    page = sv.queries.page(CommentQuery(filter=CommentFilter(text=word), limit=5))
    assert page.items, word
    return page.items[0]


def test_in_english_the_frame_is_english_and_the_citys_data_is_marked_japanese(
    filled: Services, tmp_path: Path
) -> None:
    from komoro_feedback.i18n.translation import set_language

    set_language("en")
    try:
        result = filled.publish.write(None, None, tmp_path)
    finally:
        set_language("ja")
    html = parse(result.html)
    assert html.tags[0] == ("html", {"lang": "en"})
    assert html.headings[0][1] == "Citizens' Voices and the City's Response"
    cells = [a for t, a in html.tags if t == "td" and a.get("lang") == "ja"]
    assert len(cells) == 3 * result.items  # comment, answer and department of each item
    assert "Citizens' Voices" in pdf_text(result.pdf)


def test_period_and_exclusion_on_each_database(services: Services, tmp_path: Path) -> None:
    """The same selection on SQLite and (when configured) PostgreSQL."""
    inside = answered(
        services, "街灯を増やしてほしい。", "来年度に3基増設します。", day=date(2025, 6, 1)
    )
    answered(services, "歩道を直してほしい。", "補修しました。", day=date(2025, 9, 1))
    answered(services, "古い回答。", "前年の回答です。", day=date(2024, 6, 1))
    services.publish.set_wording(inside.id, "", True)
    pub = services.publish.publication(date(2025, 4, 1), date(2026, 3, 31))
    texts = [i.text for p in pub.policies for i in p.items]
    assert texts == ["歩道を直してほしい。"] and pub.excluded == 1
