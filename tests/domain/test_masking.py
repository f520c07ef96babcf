"""Personal data inside a comment's text is masked for print and export."""

from __future__ import annotations

import pytest

from komoro_feedback.domain.privacy import mask_personal_data as mask


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("連絡は0267-22-1234まで", "連絡は［電話番号］まで"),
        ("携帯 090-1234-5678 です", "携帯 ［電話番号］ です"),
        ("携帯０９０－１２３４－５６７８です", "携帯［電話番号］です"),  # full-width
        ("(0267)22-1234に電話", "［電話番号］に電話"),
        ("09012345678", "［電話番号］"),
        ("090ー1234ー5678", "［電話番号］"),  # a long-vowel mark typed for the hyphen
        ("自宅は22-1234です", "自宅は［電話番号］です"),  # Komoro's local form
        ("taro.k@example.jp に返事を", "［メール］ に返事を"),
        ("ｔａｒｏ＠ｅｘａｍｐｌｅ．ｊｐ", "［メール］"),
    ],
)
def test_phone_numbers_and_mail_addresses_are_masked(text: str, expected: str) -> None:
    assert mask(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "2024-05-01の会議で",  # a date
        "〒384-8501 小諸市相生町",  # a postal code
        "予算は1,000,000円",  # an amount
        "令和6年度に3-01の事業を",  # a policy code
        "100人が参加、2時間",
        "",
    ],
)
def test_what_is_not_personal_stays(text: str) -> None:
    assert mask(text) == text


def test_the_speakers_own_name_is_masked_with_or_without_the_space() -> None:
    text = "小諸太郎です。小諸 太郎の家の前の道が狭い。小諸市に住んでいます。"
    assert mask(text, ("小諸 太郎",)) == (
        "［氏名］です。［氏名］の家の前の道が狭い。小諸市に住んでいます。"
    )
    assert mask("乙女区の者です", ("乙",)) == "乙女区の者です"  # one character: too risky
