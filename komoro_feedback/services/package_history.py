"""A package's status history and audit entries, grouped by comment when first asked for."""

from __future__ import annotations

from functools import cached_property
from typing import Any

Entries = list[dict[str, Any]]


class PackageHistory:
    """The package's history per comment id. Grouped on first use: for a package of new
    comments that is in the thread that builds their rows while the database indexes them
    (store/package_rows.py), not before the import writes anything (~0.45 s at 100,000)."""

    def __init__(self, content: dict[str, Any]) -> None:
        self._content = content

    @cached_property
    def status(self) -> dict[str, Entries]:
        return group(self._content["status_history"], "comment_id")

    @cached_property
    def audit(self) -> dict[str, Entries]:
        comments = [a for a in self._content["audit"] if a["entity"] == "comment"]
        return group(comments, "entity_id")

    def of(self, comment_id: str) -> tuple[Entries, Entries]:
        """(status entries, audit entries) of one comment."""
        return self.status.get(comment_id, []), self.audit.get(comment_id, [])


def group(items: Entries, key: str) -> dict[str, Entries]:
    out: dict[str, Entries] = {}
    for it in items:
        out.setdefault(str(it[key]), []).append(it)
    return out
