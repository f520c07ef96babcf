"""What a package record becomes in rows: a comment's columns, its policies, and the history
and audit entries not already present (shared by the ORM update path and the bulk add path)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from komoro_feedback.domain.provenance import marked, unmarked
from komoro_feedback.domain.text import normalize_for_search
from komoro_feedback.store.package_repository import References, parse_date, parse_datetime


def policy_ids(rec: dict[str, Any], refs: References) -> list[int]:
    return [refs.policies[(p[0], p[1])] for p in rec.get("policies", [])]


def synced_values(rec: dict[str, Any], refs: References, meeting_id: int | None) -> dict[str, Any]:
    """The synced columns of a comment from a package record (names already checked)."""
    ward = rec.get("ward")
    pols = [refs.policies[(p[0], p[1])] for p in rec.get("policies", [])]
    dep = rec.get("department")
    deleted = bool(rec.get("deleted"))
    return {
        "text": rec["text"],
        "search_text": normalize_for_search(rec["text"]),
        "kind": rec["kind"],
        "status": rec["status"],
        "channel": rec["channel"],
        "received_on": parse_date(rec["received_on"]),
        "ward_id": refs.wards[(ward[0], ward[1])] if ward else None,
        "primary_policy_id": pols[0] if pols else None,
        "meeting_id": meeting_id,
        "department_id": refs.departments[dep] if dep else None,
        "needs_answer": bool(rec.get("needs_answer", True)),
        "spot_answer": rec.get("spot_answer", ""),
        "answer": rec.get("answer", ""),
        "answered_on": parse_date(rec.get("answered_on")),
        "due_on": parse_date(rec.get("due_on")),
        "age_band": rec.get("age_band", ""),
        "gender": rec.get("gender", ""),
        "suggestion_accepted": rec.get("suggestion_accepted"),
        "deleted_at": parse_datetime(rec.get("deleted_at")) if deleted else None,
        "deleted_by": rec.get("deleted_by", "") if deleted else "",
        "updated_at": parse_datetime(rec["updated_at"]),
        "updated_by": rec.get("updated_by", ""),
    }


def new_status_entries(
    comment_id: str, items: list[dict[str, Any]], via: str, have: set[tuple[Any, ...]]
) -> list[dict[str, Any]]:
    """The status_history rows of `items` not in `have` (which grows), marked `via`."""
    out: list[dict[str, Any]] = []
    for it in items:
        key = (
            it["status"],
            parse_datetime(it["changed_at"]),
            unmarked(it["changed_by"]),
            it["note"],
        )
        if key not in have:
            have.add(key)
            out.append(
                {
                    "comment_id": comment_id,
                    "status": key[0],
                    "changed_at": key[1],
                    "changed_by": marked(it["changed_by"], via),
                    "note": key[3],
                }
            )
    return out


def audit_key(a: str, f: str, b: str, af: str, at: datetime | None, by: str) -> tuple[Any, ...]:
    return (a, f, b, af, at, unmarked(by))


def new_audit_entries(
    entity: str,
    entity_id: str,
    items: list[dict[str, Any]],
    via: str,
    have: set[tuple[Any, ...]],
) -> list[dict[str, Any]]:
    """The audit rows of `items` not in `have` (which grows), marked `via` the package: the
    date and person are the package's word, not this database's."""
    out: list[dict[str, Any]] = []
    for it in items:
        k = audit_key(
            it["action"],
            it["field"],
            it["before"],
            it["after"],
            parse_datetime(it["changed_at"]),
            it["changed_by"],
        )
        if k not in have:
            have.add(k)
            out.append(
                {
                    "entity": entity,
                    "entity_id": entity_id,
                    "action": k[0],
                    "field": k[1],
                    "before": k[2],
                    "after": k[3],
                    "changed_at": k[4],
                    "changed_by": marked(it["changed_by"], via),
                }
            )
    return out
