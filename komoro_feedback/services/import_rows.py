"""Check one imported row: the same rules as recording a comment, plus the file's own hazards."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from komoro_feedback.domain.catalog import Policy
from komoro_feedback.domain.comment import MAX_ANSWER_CHARS, MAX_SHORT_CHARS, CommentDraft
from komoro_feedback.domain.enums import Channel, CommentKind, Status, parse_enum
from komoro_feedback.domain.errors import ValidationError
from komoro_feedback.domain.ids import canonical_id, new_comment_id
from komoro_feedback.domain.text import clean_comment_text, normalize_for_search
from komoro_feedback.i18n.date_parse import DateParseError, parse_city_date
from komoro_feedback.i18n.translation import _
from komoro_feedback.services.catalog_service import CatalogService
from komoro_feedback.services.import_reader import MAX_CELL_CHARS
from komoro_feedback.services.sheet_format import (
    ALL_COLUMNS,
    FORMULA_START,
    NEEDS_ANSWER_NO,
    NEEDS_ANSWER_YES,
    TITLE_SEPARATOR,
    looks_like_formula,
    unescape,
)

_SPLIT = re.compile(r"[、,，;；\s]+")
#: A text cell starting otherwise is kept as it is (if not too long): no formula to refuse,
#: no apostrophe to take off. 1.8 million cells of 100,000 rows skip two prefix tests each.
_MARKED_FIRST = frozenset((*FORMULA_START, "'"))
_CITY_WIDE = {normalize_for_search(x) for x in ("市全域", "全域", "city-wide")}
_NO = {"不要", "no", "false", "0", "いいえ", "×"}
_YES = {"要", "yes", "true", "1", "はい", "○"}


@dataclass
class RowContext:
    """Lookup tables for one import, built once (a 10,000-row file must not query per row)."""

    wards_by_name: dict[str, list[tuple[int, int, str]]]  # name key -> (ward id, district id, name)
    wards_by_id: dict[int, tuple[int, int, str]]
    districts: dict[str, int]
    policies_by_code: dict[str, Policy]
    policies_by_title: dict[str, Policy]
    departments: dict[str, int]
    meetings_by_id: dict[int, tuple[str, date]]
    meetings_by_title: dict[tuple[str, date], int]

    @classmethod
    def build(
        cls, catalog: CatalogService, meetings: list[tuple[int, str, datetime]]
    ) -> RowContext:
        by_name: dict[str, list[tuple[int, int, str]]] = {}
        by_id: dict[int, tuple[int, int, str]] = {}
        districts: dict[str, int] = {}
        for d in catalog.districts():
            districts[normalize_for_search(d.name)] = d.id
            for w in d.wards:
                entry = (w.id, d.id, w.name)
                by_name.setdefault(normalize_for_search(w.name), []).append(entry)
                by_id[w.id] = entry
        prog = catalog.programme()
        pols = prog.policies()
        return cls(
            wards_by_name=by_name,
            wards_by_id=by_id,
            districts=districts,
            policies_by_code={p.code: p for p in pols},
            policies_by_title={normalize_for_search(p.title): p for p in pols},
            departments={d.name: d.id for d in catalog.departments(include_inactive=True)},
            meetings_by_id={i: (t, h.date()) for i, t, h in meetings},
            meetings_by_title={(t, h.date()): i for i, t, h in meetings},
        )


class RowParser:
    """Turns one row's raw cells into an insert record and a list of problems."""

    def __init__(self, ctx: RowContext) -> None:
        self.ctx = ctx
        self._new_meetings: dict[tuple[str, date], None] = {}
        #: (enum, text) -> member already parsed: a file repeats a few values 100,000 times,
        #: and parse_enum words every member's label each time.
        self._enums: dict[tuple[Any, str], Any] = {}
        #: (ward cell, district cell) -> (ward id, district id) and its problems: a file
        #: names the same ~70 wards 100,000 times (0.6 s of a preview, each normalised).
        self._wards: dict[tuple[Any, ...], tuple[tuple[int | None, int | None], list[str]]] = {}

    def new_meeting_names(self) -> list[str]:
        return [
            _("{title}（{day}）").format(title=t, day=d.isoformat()) for t, d in self._new_meetings
        ]

    def parse(self, raw: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
        problems: list[str] = []
        v: dict[str, Any] = {}
        for key, value in raw.items():
            v[key] = self._cell(key, value, problems)
        text_rejected = bool(raw.get("text")) and not v.get("text")
        rec: dict[str, Any] = {}
        rec["text"] = clean_comment_text(_str(v.get("text")))
        ward_id, _district_id = self._ward(v, problems)
        rec["ward_id"] = ward_id
        policy_ids = self._policies(v, problems)
        rec["policy_ids"] = policy_ids
        kind = self._enum(CommentKind, v.get("kind"), CommentKind.OPINION, "種別", problems)
        rec["kind"] = kind.value
        meeting_id, meeting_day = self._meeting(v, problems, rec)
        rec["meeting_id"] = meeting_id
        default_channel = (
            Channel.MEETING if (meeting_id or rec.get("new_meeting")) else Channel.OTHER
        )
        channel = self._enum(Channel, v.get("channel"), default_channel, "経路", problems)
        rec["channel"] = channel.value
        received = self._date(v.get("received_on"), "受付日", problems)
        if received is None and v.get("received_on") in (None, ""):
            received = meeting_day
            if received is None:
                problems.append(_("受付日がありません。"))
        rec["received_on"] = received
        status = self._enum(Status, v.get("status"), Status.RECEIVED, "状態", problems)
        rec["status"] = status.value
        rec["department_id"] = self._department(v.get("department"), problems)
        rec["due_on"] = self._date(v.get("due_on"), "期限", problems)
        rec["answered_on"] = self._date(v.get("answered_on"), "回答日", problems)
        rec["answer"] = _str(v.get("answer")).strip()
        rec["spot_answer"] = _str(v.get("spot_answer")).strip()
        for key, label in (("answer", "回答"), ("spot_answer", "その場の回答")):
            if len(rec[key]) > MAX_ANSWER_CHARS:
                problems.append(
                    _("{label}が長すぎます（{n}文字まで）。").format(
                        label=label, n=MAX_ANSWER_CHARS
                    )
                )
        rec["needs_answer"] = self._needs_answer(v.get("needs_answer"), problems)
        rec["speaker_name"] = _str(v.get("speaker_name")).strip()[:MAX_SHORT_CHARS]
        rec["speaker_contact"] = _str(v.get("speaker_contact")).strip()[: MAX_SHORT_CHARS * 2]
        self._id(v.get("id"), rec, problems)
        draft = CommentDraft(
            text=rec["text"] or ("-" if text_rejected else ""),
            kind=kind,
            ward_id=ward_id,
            policy_ids=policy_ids,
            meeting_id=meeting_id
            if meeting_id is not None
            else (0 if rec.get("new_meeting") else None),
            channel=channel,
            received_on=received,
            spot_answer=rec["spot_answer"],
        )
        try:
            draft.validated()
        except ValidationError as exc:
            problems.append(str(exc))
        return rec, problems

    # --- cells ------------------------------------------------------------------------------
    def _cell(self, key: str, value: Any, problems: list[str]) -> Any:
        plain = isinstance(value, str) and value[:1] not in _MARKED_FIRST
        if plain and len(value) <= MAX_CELL_CHARS:
            return value
        header = ALL_COLUMNS[key].header
        if isinstance(value, str):
            if len(value) > MAX_CELL_CHARS:
                problems.append(
                    _("「{h}」のセルが長すぎます（{n}文字）。").format(h=header, n=len(value))
                )
                return ""
            if looks_like_formula(value) and key not in ("received_on", "due_on", "answered_on"):
                problems.append(
                    _(
                        "「{h}」が数式として実行されるおそれのある値です（先頭が = + - @ など）。"
                        "文字として取り込むには先頭に ' を付けてください。"
                    ).format(h=header)
                )
                return ""
            return unescape(value)
        return value

    def _ward(self, v: dict[str, Any], problems: list[str]) -> tuple[int | None, int | None]:
        ward, district = v.get("ward"), v.get("district")
        key = (type(ward), ward, type(district), district)  # 1, 1.0 and True differ here
        known = self._wards.get(key)
        if known is None:
            found: list[str] = []
            known = self._wards[key] = (self._find_ward(v, found), found)
        problems += known[1]
        return known[0]

    def _find_ward(self, v: dict[str, Any], problems: list[str]) -> tuple[int | None, int | None]:
        raw = v.get("ward")
        text = _str(raw).strip()
        district_text = _str(v.get("district")).strip()
        if not text or normalize_for_search(text) in _CITY_WIDE:
            return None, None
        entry: tuple[int, int, str] | None = None
        if isinstance(raw, int | float) or text.isdigit():
            entry = self.ctx.wards_by_id.get(int(float(text)))
        else:
            found = self.ctx.wards_by_name.get(normalize_for_search(text), [])
            if len(found) > 1 and district_text:
                did = self.ctx.districts.get(normalize_for_search(district_text))
                found = [f for f in found if f[1] == did]
            if len(found) > 1:
                problems.append(
                    _("区「{name}」が複数の地区にあります。地区も入れてください。").format(
                        name=text
                    )
                )
                return None, None
            entry = found[0] if found else None
        if entry is None:
            problems.append(_("区「{name}」が見つかりません。").format(name=text))
            return None, None
        if district_text:
            did = self.ctx.districts.get(normalize_for_search(district_text))
            if did is None:
                problems.append(_("地区「{name}」が見つかりません。").format(name=district_text))
            elif did != entry[1]:
                problems.append(
                    _("区「{ward}」は地区「{district}」にありません。").format(
                        ward=entry[2], district=district_text
                    )
                )
        return entry[0], entry[1]

    def _policies(self, v: dict[str, Any], problems: list[str]) -> tuple[int, ...]:
        codes = [t for t in _SPLIT.split(_str(v.get("policy_codes")).strip()) if t]
        out: list[int] = []
        if codes:
            for c in codes:
                p = self.ctx.policies_by_code.get(c) or self.ctx.policies_by_title.get(
                    normalize_for_search(c)
                )
                if p is None:
                    problems.append(_("政策「{code}」が見つかりません。").format(code=c))
                else:
                    out.append(p.id)
        else:
            titles = _str(v.get("policy_titles")).strip()
            whole = self.ctx.policies_by_title.get(normalize_for_search(titles))
            parts = [titles] if whole else [t for t in titles.split(TITLE_SEPARATOR) if t.strip()]
            for t in parts:
                p = self.ctx.policies_by_title.get(normalize_for_search(t.strip()))
                if p is None:
                    problems.append(_("政策「{title}」が見つかりません。").format(title=t.strip()))
                else:
                    out.append(p.id)
        return tuple(out)

    def _meeting(
        self, v: dict[str, Any], problems: list[str], rec: dict[str, Any]
    ) -> tuple[int | None, date | None]:
        raw = v.get("meeting_id")
        title = _str(v.get("meeting_title")).strip()
        mid: int | None = None
        if raw not in (None, ""):
            try:
                mid = int(str(raw).strip())
            except ValueError:
                problems.append(_("会議IDは数字で入れてください: {v}").format(v=raw))
                return None, None
        if mid is not None and mid in self.ctx.meetings_by_id:
            known_title, day = self.ctx.meetings_by_id[mid]
            if not title or title == known_title:
                return mid, day
        if not title:
            if mid is not None:
                problems.append(_("会議ID {id} の会議がありません。").format(id=mid))
            return None, None
        if len(title) > MAX_SHORT_CHARS:
            problems.append(_("会議名が長すぎます。"))
            return None, None
        received = self._date(v.get("received_on"), "受付日", [])
        if received is None:
            problems.append(_("新しい会議「{t}」を登録するには受付日が必要です。").format(t=title))
            return None, None
        day = received
        found = self.ctx.meetings_by_title.get((title, day))
        if found is not None:
            return found, day
        rec["new_meeting"] = (title, day)
        self._new_meetings[(title, day)] = None
        return None, day

    def _date(self, value: Any, label: str, problems: list[str]) -> date | None:
        if value in (None, ""):
            return None
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
        try:
            return parse_city_date(_str(value))
        except DateParseError as exc:
            problems.append(_("{label}: {err}").format(label=label, err=exc))
        return None

    def _enum(self, enum: Any, value: Any, default: Any, label: str, problems: list[str]) -> Any:
        text = _str(value).strip()
        if not text:
            return default
        known = self._enums.get((enum, text))
        if known is not None:
            return known
        try:
            member = self._enums[(enum, text)] = parse_enum(enum, text)
            return member
        except ValidationError:
            choices = "・".join(m.label for m in enum)
            problems.append(
                _("{label}「{v}」は使えません（{choices}のいずれか）。").format(
                    label=label, v=text, choices=choices
                )
            )
            return default

    def _department(self, value: Any, problems: list[str]) -> int | None:
        name = _str(value).strip()
        if not name:
            return None
        dep = self.ctx.departments.get(name)
        if dep is None:
            problems.append(_("担当課「{name}」が見つかりません。").format(name=name))
        return dep

    def _needs_answer(self, value: Any, problems: list[str]) -> bool:
        text = _str(value).strip().lower()
        if not text or text in _YES or text == NEEDS_ANSWER_YES:
            return True
        if text in _NO or text == NEEDS_ANSWER_NO:
            return False
        problems.append(_("回答要否は「要」か「不要」で入れてください: {v}").format(v=value))
        return True

    def _id(self, value: Any, rec: dict[str, Any], problems: list[str]) -> None:
        text = _str(value).strip()
        if not text:
            rec["id"] = new_comment_id()
            return
        try:
            rec["id"] = canonical_id(text)
            rec["id_given"] = True
        except ValueError:
            problems.append(_("IDの形式が正しくありません: {v}").format(v=text[:40]))
            rec["id"] = new_comment_id()


def _str(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value)
