"""Where the themes of a selection go in the policy and area reports.

The themes feature fills this in; until then a report has no themes section.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from reportlab.platypus import Flowable


def themes_section(themes: Sequence[Any] = (), width: float = 0.0) -> list[Flowable]:
    """The flowables of a themes section for `themes` (none when there are no themes)."""
    if not themes:
        return []
    return []
