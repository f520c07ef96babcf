"""A package's import planned against this database: which comments are new, updated, the
same, kept as ours or in conflict (three-way, with the state both sides last agreed on),
which meetings are known, and the preview a person reads before importing."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from komoro_feedback.services.package_format import PackageFile, fingerprint
from komoro_feedback.services.package_preview import PackagePreview
from komoro_feedback.services.package_rules import apply_recording_rules
from komoro_feedback.store.import_repository import ImportRepository
from komoro_feedback.store.package_import_repository import (
    PackageImportRepository,
    unknown_refs,
)
from komoro_feedback.store.package_repository import References

ADD, UPDATE, SAME, KEEP_LOCAL, CONFLICT = "add", "update", "same", "keep_local", "conflict"


@dataclass
class ImportPlan:
    """What importing a package would do: its preview, and each comment's action."""

    preview: PackagePreview
    actions: list[tuple[str, dict[str, Any]]]
    refs: References
    locals_: dict[str, dict[str, Any]]
    #: The package's meeting keys known here, and their local meeting ids.
    meetings: dict[str, int]


def plan_import(
    s: Session,
    pkg: PackageFile,
    repo: PackageImportRepository,
    installation_of: Callable[[Session], str],
) -> ImportPlan:
    m = pkg.manifest
    neutralised = apply_recording_rules(pkg.content)
    base: dict[str, Any] = {
        "package_id": pkg.package_id,
        "origin": pkg.origin,
        "created_at": str(m.get("created_at", "")),
        "created_by": str(m.get("created_by", "")),
        "scope": dict(m.get("scope") or {}),
        "includes_speakers": bool(m.get("includes_speakers")),
    }
    refs = repo.references(s)
    if repo.package_import(s, pkg.package_id) is not None:
        return ImportPlan(PackagePreview(**base, already_imported=True), [], refs, {}, {})
    installation = installation_of(s)
    content = pkg.content
    unknown = unknown_refs(content, refs)
    packaged = {mt["key"] for mt in content["meetings"]}
    elsewhere = {c["meeting_key"] for c in content["comments"] if c.get("meeting_key")}
    known = repo.resolve_meetings(s, packaged | elsewhere, installation)
    new_meetings = {mt["key"] for mt in content["meetings"]} - known.keys()
    missing_meetings = sorted(elsewhere - packaged - known.keys())
    ids = [c["id"] for c in content["comments"]]
    # Only the comments held here are read back in full (a package's new comments cost
    # one statement instead of 4 queries per 500 ids: ~4 s of 100,000 into PostgreSQL).
    held = ImportRepository().existing_ids(s, ids)
    here = [i for i in ids if i in held]
    locals_ = {r["id"]: r for r in repo.export_comments(s, here, installation, with_speakers=False)}
    repo.preload(s, list(locals_))
    actions: list[tuple[str, dict[str, Any]]] = []
    for rec in content["comments"]:
        local = locals_.get(rec["id"])
        # Never trust a stored fingerprint. A comment new here needs its own only for its
        # agreed state, which is built while the database indexes (store/package_rows).
        if local is None:
            rec.pop("fingerprint", None)
        else:
            rec["fingerprint"] = fingerprint(rec)
        actions.append((_classify(s, repo, rec, local), rec))
    # Meetings closed here that the package would add comments to (as `add` refuses).
    added_to = {
        known[key] for a, r in actions if a == ADD and (key := r.get("meeting_key")) in known
    }
    closed = tuple(sorted(set(repo.closed_meetings(s, added_to))))
    by: dict[str, list[str]] = {k: [] for k in (ADD, UPDATE, SAME, KEEP_LOCAL, CONFLICT)}
    for action, rec in actions:
        by[action].append(rec["id"])
    preview = PackagePreview(
        **base,
        meetings_new=len(new_meetings),
        added=tuple(by[ADD]),
        updated=tuple(by[UPDATE]),
        unchanged=len(by[SAME]),
        kept_local=tuple(by[KEEP_LOCAL]),
        conflicts=tuple(by[CONFLICT]),
        unknown_wards=unknown[0],
        unknown_policies=unknown[1],
        unknown_departments=unknown[2],
        unknown_meetings=tuple(missing_meetings),
        closed_meetings=closed,
        neutralised=neutralised,
    )
    return ImportPlan(preview, actions, refs, locals_, known)


def _classify(
    s: Session, repo: PackageImportRepository, rec: dict[str, Any], local: dict[str, Any] | None
) -> str:
    """Three-way: the incoming version, ours, and the state both last agreed on."""
    if local is None:
        return ADD
    incoming_fp = rec["fingerprint"]
    local_fp = fingerprint(local)
    if incoming_fp == local_fp:
        return SAME
    sync = repo.sync_row(s, rec["id"])
    if sync is not None and sync.fingerprint == incoming_fp:
        return KEEP_LOCAL  # we already had (or turned down) exactly this version
    if sync is None:
        # Never exchanged before: only the package claims which version it started from.
        # A person decides (the conflict path); our own record is needed to update.
        return CONFLICT
    if local["version"] == sync.local_version:
        return UPDATE
    if incoming_fp in repo.open_conflict_fps(s, rec["id"]):
        return KEEP_LOCAL  # the same conflict is already waiting for a person
    return CONFLICT
