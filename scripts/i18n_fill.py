"""Fill English translations into resources/locale/en/.../komoro_feedback.po from a JSON map.

Usage:
    python scripts/i18n_fill.py todo            # print untranslated/fuzzy msgids as a JSON map
    python scripts/i18n_fill.py apply FILE.json # write {"日本語": "English", ...} into the en .po

Then `python -m komoro_feedback.i18n.catalogs compile` and commit the .po and .mo files.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po

PO = Path(__file__).resolve().parent.parent / "resources/locale/en/LC_MESSAGES/komoro_feedback.po"


def _load():  # type: ignore[no-untyped-def]
    with PO.open("rb") as fh:
        return read_po(fh, locale="en")


def todo() -> None:
    cat = _load()
    out = {m.id: "" for m in cat if m.id and (not m.string or m.fuzzy)}
    json.dump(out, sys.stdout, ensure_ascii=False, indent=1)
    print()


def apply(path: str) -> None:
    mapping: dict[str, str] = json.loads(Path(path).read_text(encoding="utf-8"))
    cat = _load()
    n = 0
    for m in cat:
        if mapping.get(m.id):
            m.string = mapping[m.id]
            m.flags.discard("fuzzy")
            n += 1
    with PO.open("wb") as fh:
        write_po(fh, cat, width=0, omit_header=False, sort_output=True, no_location=True)
    print(f"filled {n} entries")


if __name__ == "__main__":
    if sys.argv[1:2] == ["todo"]:
        todo()
    elif sys.argv[1:2] == ["apply"] and len(sys.argv) == 3:
        apply(sys.argv[2])
    else:
        raise SystemExit(__doc__)
