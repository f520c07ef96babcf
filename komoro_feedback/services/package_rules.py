"""The rules of recording, applied to what a package brings (it is typed elsewhere).

A package is authenticated, but the laptop that made it may run an older version, or a key
may leak: nothing enters this database that its own forms would refuse.
- Lengths: the limits of the recording forms and of the columns; a longer value refuses the
  whole package (all or nothing, like every import), naming the comment.
- Formula prefixes: a value a spreadsheet would run (= + - @ tab CR at the start) gets the
  same apostrophe the Excel export puts before it, so it stays text in every later file.
- Audit and status rows keep the package's date and person, marked with where they came from
  (domain/provenance.py).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Final

from komoro_feedback.domain.comment import MAX_ANSWER_CHARS, MAX_COMMENT_CHARS, MAX_SHORT_CHARS
from komoro_feedback.i18n.translation import _
from komoro_feedback.services.package_crypto import PackageError
from komoro_feedback.services.sheet_format import looks_like_formula, neutralise

#: Column limits (store/models/) and form limits of what a package may carry.
COMMENT_LIMITS: Final = {
    "text": MAX_COMMENT_CHARS,
    "answer": MAX_ANSWER_CHARS,
    "spot_answer": MAX_ANSWER_CHARS,
    "age_band": 20,
    "gender": 20,
}
SPEAKER_LIMITS: Final = {"name": 200, "contact": 400}
MEETING_LIMITS: Final = {
    "title": MAX_SHORT_CHARS,
    "venue": 200,
    "recorder": 100,
    "notes": MAX_ANSWER_CHARS,
}


def apply_recording_rules(content: dict[str, Any]) -> int:
    """Check lengths and neutralise formulas in place; how many values were neutralised."""
    neutralised = 0
    for rec in content["comments"]:
        where = _comment_named(rec)
        neutralised += _fields(rec, COMMENT_LIMITS, where)
        if isinstance(rec.get("speaker"), dict):
            neutralised += _fields(rec["speaker"], SPEAKER_LIMITS, where)
    for mt in content["meetings"]:
        neutralised += _fields(mt, MEETING_LIMITS, _meeting_named(mt))
    return neutralised


def _comment_named(rec: dict[str, Any]) -> Callable[[], str]:
    # Worded only for a message: 100,000 comments need no 200,000 translated labels.
    return lambda: _("意見 {id}").format(id=rec["id"])


def _meeting_named(mt: dict[str, Any]) -> Callable[[], str]:
    return lambda: _("会議「{t}」").format(t=str(mt["title"])[:40])


def _fields(rec: dict[str, Any], limits: dict[str, int], where: Callable[[], str]) -> int:
    count = 0
    for key, limit in limits.items():
        value = rec.get(key)
        if value is None:
            continue
        if not isinstance(value, str):
            raise PackageError(_("{w} の {k} が文字列ではありません。").format(w=where(), k=key))
        if len(value.strip()) > limit:
            raise PackageError(
                _(
                    "{w} の {k} が長すぎます（{n}文字まで、{m}文字）。何も取り込んでいません。"
                ).format(w=where(), k=key, n=limit, m=len(value))
            )
        if looks_like_formula(value):
            rec[key] = neutralise(value)
            count += 1
    return count
