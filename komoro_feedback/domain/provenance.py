"""Where a history row came from: rows brought by a package say so next to the person."""

from __future__ import annotations

import re
from typing import Final

_BY_LIMIT: Final = 100  # audit_log.changed_by, status_history.changed_by
_MARK: Final = re.compile(r"\s*\[via package [0-9a-f]{8} from [^\]]*\]$")


def via_mark(package_id: str, origin: str) -> str:
    """What follows the person of a row that came in a package."""
    return f"[via package {package_id[:8]} from {origin[:8]}]"


def marked(changed_by: str, mark: str) -> str:
    """The person as the package says, then where the row came from (fits the column)."""
    room = _BY_LIMIT - len(mark) - 1
    return f"{changed_by[:room]} {mark}"


def unmarked(changed_by: str) -> str:
    """The person as first recorded, without any package marks (to recognise a row again)."""
    while True:
        stripped = _MARK.sub("", changed_by)
        if stripped == changed_by:
            return changed_by
        changed_by = stripped
