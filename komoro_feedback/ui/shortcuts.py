"""Keyboard shortcuts that describe themselves, so the shortcut list shows every key there is."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import QWidget

from komoro_feedback.i18n.translation import N_, _

#: Dynamic properties read by the shortcut list: an untranslated description and its section.
HELP_PROPERTY = "komoroHelp"
SECTION_PROPERTY = "komoroSection"

SECTION_WINDOW = N_("全体")
SECTION_MEETINGS = N_("会議一覧")
SECTION_CAPTURE = N_("会議での記録")
SECTION_COMMENTS = N_("意見一覧・詳細")
SECTION_DIALOGS = N_("ダイアログ")


def bind(
    host: QWidget,
    keys: str | QKeySequence | QKeySequence.StandardKey,
    slot: Callable[[], object],
    section: str,
    help_text: str,
) -> QShortcut:
    """A shortcut active wherever the focus is inside `host` (and never typed into a text box).

    `section` and `help_text` are untranslated msgids (N_), shown translated in the list.
    """
    shortcut = QShortcut(QKeySequence(keys), host)
    shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
    shortcut.activated.connect(slot)
    describe(shortcut, section, help_text)
    return shortcut


def describe(obj: QObject, section: str, help_text: str) -> None:
    """Let the shortcut list show a QShortcut or QAction under `section`."""
    obj.setProperty(HELP_PROPERTY, help_text)
    obj.setProperty(SECTION_PROPERTY, section)


@dataclass(frozen=True)
class KeyEntry:
    """One row of the shortcut list (already translated)."""

    section: str
    keys: str
    description: str


#: Keys handled inside widgets (not QShortcut/QAction), listed so that nothing is missing.
WIDGET_KEYS: tuple[tuple[str, str, str], ...] = (
    (SECTION_WINDOW, "Alt / F10", N_("メニューを開く（矢印キーで移動、Enterで実行）")),
    (SECTION_WINDOW, "Tab / Shift+Tab", N_("次・前の入力欄へ")),
    (SECTION_MEETINGS, "Enter", N_("選んだ会議を開いて記録する")),
    (SECTION_CAPTURE, "↑ / ↓ / Enter", N_("区・政策の候補を選んで決定（区・政策の入力欄で）")),
    (SECTION_CAPTURE, "1〜9, 0", N_("会議の対象地区の区を番号で選ぶ（区の入力欄が空のとき）")),
    (SECTION_CAPTURE, "Esc", N_("区・政策の入力欄に打った文字を消す")),
    (SECTION_CAPTURE, "Backspace", N_("最後に選んだ政策を外す（政策の入力欄が空のとき）")),
    (
        SECTION_CAPTURE,
        "Ctrl+Z / Ctrl+Y",
        N_("入力中の文字を元に戻す・やり直す（記録は取り消さない）"),
    ),
    (SECTION_CAPTURE, "Enter", N_("この会議の記録を修正する（記録一覧で）")),
    (SECTION_COMMENTS, "↑ / ↓", N_("意見を選ぶ（一覧で）")),
    (SECTION_DIALOGS, "Esc", N_("閉じる・キャンセル")),
)

_SECTION_ORDER = (
    SECTION_WINDOW,
    SECTION_MEETINGS,
    SECTION_CAPTURE,
    SECTION_COMMENTS,
    SECTION_DIALOGS,
)


def key_text(sequence: QKeySequence) -> str:
    return sequence.toString(QKeySequence.SequenceFormat.NativeText)


def collect(root: QWidget) -> list[KeyEntry]:
    """Every described shortcut and action under `root`, plus the widget keys, by section."""
    keys_of: dict[tuple[str, str], list[str]] = {}
    objects = [*root.findChildren(QShortcut), *root.findChildren(QAction), *root.actions()]
    for obj in dict.fromkeys(objects):
        help_text = obj.property(HELP_PROPERTY)
        if not help_text:
            continue
        sequences = [obj.key()] if isinstance(obj, QShortcut) else obj.shortcuts()
        texts = [key_text(k) for k in sequences if not k.isEmpty()]
        section = str(obj.property(SECTION_PROPERTY) or SECTION_WINDOW)
        known = keys_of.setdefault((section, str(help_text)), [])
        known.extend(t for t in texts if t not in known)
    for section, keys, description in WIDGET_KEYS:
        keys_of.setdefault((section, description), [keys])
    order = {s: i for i, s in enumerate(_SECTION_ORDER)}
    entries = [
        KeyEntry(section, " / ".join(keys), description)
        for (section, description), keys in keys_of.items()
        if keys
    ]
    entries.sort(key=lambda e: (order.get(e.section, 99), e.keys))
    return [KeyEntry(_(e.section), e.keys, _(e.description)) for e in entries]
