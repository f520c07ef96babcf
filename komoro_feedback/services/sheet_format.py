"""The column layout shared by Excel/CSV export and import (docs/import-format.md)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final


@dataclass(frozen=True, slots=True)
class Column:
    """One column: a stable key, its Japanese header, and other headers accepted on import."""

    key: str
    header: str
    aliases: tuple[str, ...] = ()
    width: int = 12


COLUMNS: Final[tuple[Column, ...]] = (
    Column("id", "ID", ("id", "意見ID"), 38),
    Column("received_on", "受付日", ("received_on", "日付", "受付年月日"), 12),
    Column("ward", "区", ("ward", "区名"), 10),
    Column("district", "地区", ("district", "地区名"), 12),
    Column("policy_codes", "政策コード", ("policy_codes", "政策", "policy"), 12),
    Column("policy_titles", "政策名", ("policy_titles",), 40),
    Column("kind", "種別", ("kind",), 8),
    Column("channel", "経路", ("channel",), 10),
    Column("meeting_id", "会議ID", ("meeting_id",), 8),
    Column("meeting_title", "会議名", ("meeting_title", "会議"), 30),
    Column("text", "本文", ("text", "意見", "内容", "意見・要望"), 60),
    Column("status", "状態", ("status",), 8),
    Column("department", "担当課", ("department",), 14),
    Column("due_on", "期限", ("due_on", "回答期限"), 12),
    Column("answer", "回答", ("answer",), 50),
    Column("answered_on", "回答日", ("answered_on",), 12),
    Column("spot_answer", "その場の回答", ("spot_answer",), 40),
    Column("needs_answer", "回答要否", ("needs_answer",), 8),
)
PERSONAL_COLUMNS: Final[tuple[Column, ...]] = (
    Column("speaker_name", "氏名", ("speaker_name", "発言者"), 14),
    Column("speaker_contact", "連絡先", ("speaker_contact",), 20),
)
#: Every column a file may have, by key.
ALL_COLUMNS: Final = {c.key: c for c in (*COLUMNS, *PERSONAL_COLUMNS)}

#: Characters that make Excel (or LibreOffice) read a cell as a formula or command.
FORMULA_START: Final = ("=", "+", "-", "@", "\t", "\r")
NEEDS_ANSWER_YES: Final = "要"
NEEDS_ANSWER_NO: Final = "不要"
#: Separator of several policy codes or titles in one cell.
LIST_SEPARATOR: Final = "、"
#: Separator of several policy titles in one cell (titles themselves contain 、).
TITLE_SEPARATOR: Final = "\n"


def neutralise(value: str) -> str:
    """Prefix formula-like text with an apostrophe so a spreadsheet shows it as text."""
    if value.startswith(FORMULA_START):
        return "'" + value
    return value


def unescape(value: str) -> str:
    """Undo `neutralise`: an apostrophe before a formula-like start is dropped on import."""
    if value.startswith("'") and value[1:].startswith(FORMULA_START):
        return value[1:]
    return value


def looks_like_formula(value: str) -> bool:
    """Text a spreadsheet would run as a formula (not protected by a leading apostrophe)."""
    return value.startswith(FORMULA_START)


def header_key(header: str) -> str | None:
    """The column key of a header cell (Japanese header, key or alias), else None."""
    h = header.strip().lstrip("\ufeff")
    for col in ALL_COLUMNS.values():
        if h == col.header or h in col.aliases:
            return col.key
    return None
