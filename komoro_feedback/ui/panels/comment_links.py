"""Open the comments page with a filter from another page (a policy, a ward, a count)."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from komoro_feedback.domain.query import CommentFilter


def open_comments(widget: QWidget, f: CommentFilter) -> bool:
    """Switch the main window to the comments page showing `f`; False outside a main window."""
    window = widget.window()
    panels = getattr(window, "panels", None)
    if not isinstance(panels, dict) or "comments" not in panels:
        return False
    panel = panels["comments"]
    window.show_panel("comments")  # type: ignore[attr-defined]
    panel.set_filter(f)
    return True
