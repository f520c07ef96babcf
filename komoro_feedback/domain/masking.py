"""Masking personal data inside a comment's text: phone numbers, e-mail, the speaker's name.

What is found, and what is reliably possible:
- Phone numbers in Japanese forms: 0 + area/mobile code and subscriber number (10 or 11 digits)
  with -, space, dot, ・ or parentheses between the groups (0267-22-1234, 0267.22.5555,
  090・5555・6666, 090(5555)6666, 09012345678), the international form (+81-90-1234-5678,
  +81 (0)267 22 1234), full-width digits, kanji digits (〇九〇-一二三四-五六七八), and
  Komoro's local form 22-1234. Dates, postal codes (〒384-0000), amounts (3,000円), policy codes
  (1-04), years and ward numbers stay: they do not start with 0 or have too few digits.
- E-mail addresses, full-width too.
- The speaker's recorded name with any spacing between its characters (浅間太郎, 浅間 太郎,
  浅間　太郎, 浅間・太郎). A name recorded in kana is also found in the other kana
  (アサマ タロウ masks あさまたろう and ｱｻﾏﾀﾛｳ), and a reading recorded in brackets after the
  name (浅間太郎（アサマタロウ）) is masked in every kana form as well.
- Not possible reliably: the kana reading of a name recorded only in kanji. 浅間 may be read
  アサマ or センマ, 太郎 タロウ or タロー; guessing would miss readings and mask ordinary words.
  Recording the reading in brackets is the documented way to have it masked.
- A family name alone (浅間さん) is not masked: it is also a mountain, a street, a shop.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Final

#: What replaces each kind of personal data in printed and exported text.
PHONE_MASK: Final = "［電話番号］"
MAIL_MASK: Final = "［メール］"
NAME_MASK: Final = "［氏名］"

# Every mapping is one character to one character, so positions found in the folded text are
# positions in the original text too.
_FOLD = (
    {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}  # full-width ASCII
    | {0x3000: 0x20}  # ideographic space
    | dict.fromkeys((0x2010, 0x2011, 0x2012, 0x2013, 0x2015, 0x2212, 0x30FC, 0xFF70), 0x2D)
    | {0x30FB: 0xFF65}  # ・ (katakana middle dot) and its half-width form: one separator
    | {ord(k): ord("0") + i for i, k in enumerate("〇一二三四五六七八九")}  # kanji digits
)
_MAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
_SEP = r"[-\s.\uff65]?"
_PHONE = re.compile(
    r"(?<![\d+\-.])(?:"
    rf"(?P<intl>\+81{_SEP}(?:\(0\){_SEP})?)\(?\d{{1,4}}\)?{_SEP}\(?\d{{1,4}}\)?{_SEP}\d{{4}}"
    rf"|(?P<home>\(?0\d{{1,4}}\)?{_SEP}\(?\d{{1,4}}\)?{_SEP}\d{{4}})"
    r"|(?P<local>\d{2}[-\uff65]\d{4})"
    r")(?![\d])(?![-.\uff65]\d)"
)
#: How many digits each form has (the international one: after +81 and an optional (0)).
_DIGITS = {"intl": (9, 10), "home": (10, 11), "local": (6, 6)}
_NAME_GAP = r"[\s\uff65]*"
_NAME_SEPARATORS = re.compile(r"[\s\uff65]+")
_READING = re.compile(r"^(?P<name>[^（(]+)[（(](?P<reading>[^）)]+)[）)]\s*$")


def mask_personal_data(text: str, names: tuple[str, ...] = ()) -> str:
    """Text fit to print or hand out: phone numbers, e-mail addresses and the given names
    (the speaker's recorded name, in the forms the module docstring lists) replaced by a mark."""
    folded = text.translate(_FOLD)
    spans: list[tuple[int, int, str]] = []
    spans += [(m.start(), m.end(), MAIL_MASK) for m in _MAIL.finditer(folded)]
    for m in _PHONE.finditer(folded):
        kind = "intl" if m.group("intl") else m.lastgroup or "home"
        low, high = _DIGITS[kind]
        number = m.group()[len(m.group("intl") or "") :]
        if low <= sum(ch.isdigit() for ch in number) <= high:
            spans.append((m.start(), m.end(), PHONE_MASK))
    for pattern in _name_patterns(names):
        spans += [(m.start(), m.end(), NAME_MASK) for m in pattern.finditer(folded)]
    if not spans:
        return text
    out, pos = [], 0
    for start, end, mask in sorted(spans):
        if start < pos:
            continue  # inside a span already masked
        out += [text[pos:start], mask]
        pos = end
    out.append(text[pos:])
    return "".join(out)


@lru_cache(maxsize=4096)  # an export masks many comments by the same few speakers
def _name_patterns(names: tuple[str, ...]) -> tuple[re.Pattern[str], ...]:
    forms: list[str] = []
    for name in names:
        m = _READING.match(name.strip())
        forms += [m.group("name"), m.group("reading")] if m else [name]
    patterns = []
    for form in forms:
        chars = _NAME_SEPARATORS.sub("", form.translate(_FOLD))
        if len(chars) >= 2:  # one character (乙) would mask ordinary words
            patterns.append(re.compile(_NAME_GAP.join(_char_pattern(ch) for ch in chars)))
    return tuple(patterns)


def _char_pattern(ch: str) -> str:
    """The character, or for kana: its hiragana, katakana and half-width katakana forms."""
    code = ord(ch)
    if 0x3041 <= code <= 0x3096:
        hira, kata = ch, chr(code + 0x60)
    elif 0x30A1 <= code <= 0x30F6:
        hira, kata = chr(code - 0x60), ch
    else:
        return re.escape(ch)
    options = [hira, kata, *_HALF_WIDTH_KANA.get(kata, ())]
    return "(?:" + "|".join(re.escape(o) for o in options) + ")"


def _half_width_kana() -> dict[str, list[str]]:
    """Full-width katakana -> its half-width spelling(s), e.g. ダ -> ﾀﾞ."""
    table: dict[str, list[str]] = {}
    for code in range(0xFF66, 0xFF9E):
        base = chr(code)
        for spelling in (base, base + "\uff9e", base + "\uff9f"):
            full = unicodedata.normalize("NFKC", spelling)
            if len(full) == 1:
                table.setdefault(full, []).append(spelling)
    return table


_HALF_WIDTH_KANA: Final = _half_width_kana()
