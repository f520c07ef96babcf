"""Arrow keys typed in a filter line move the highlight of the list below it."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTreeWidget, QTreeWidgetItem

_STEPS = {
    Qt.Key.Key_Down: 1,
    Qt.Key.Key_Up: -1,
    Qt.Key.Key_PageDown: 8,
    Qt.Key.Key_PageUp: -8,
}


def visible_items(tree: QTreeWidget, selectable: Callable[[QTreeWidgetItem], bool]) -> list:
    """Every shown item that can be chosen, top to bottom (children after their parent)."""
    out: list[QTreeWidgetItem] = []
    for i in range(tree.topLevelItemCount()):
        top = tree.topLevelItem(i)
        if top.isHidden():
            continue
        if selectable(top):
            out.append(top)
        for j in range(top.childCount()):
            child = top.child(j)
            if not child.isHidden() and selectable(child):
                out.append(child)
    return out


def move_current(
    tree: QTreeWidget, key: int, selectable: Callable[[QTreeWidgetItem], bool]
) -> bool:
    """Move the current item for Up/Down/PageUp/PageDown; True if the key was handled."""
    step = _STEPS.get(Qt.Key(key)) if isinstance(key, int | Qt.Key) else None
    if step is None:
        return False
    items = visible_items(tree, selectable)
    if not items:
        return True
    current = tree.currentItem()
    index = items.index(current) if current in items else (-1 if step > 0 else len(items))
    target = items[max(0, min(len(items) - 1, index + step))]
    tree.setCurrentItem(target)
    tree.scrollToItem(target)
    return True
