"""Fill the `reading` column of resources/wards/komoro-wards.csv from SudachiDict (core).

A reading is written only where the dictionary gives one for the whole name: the name is one
known word (not guessed), and the reading has at least two kana. Other wards keep an empty
reading, which an administrator can fill in the app (Settings → 区の管理). Readings the city
has corrected by hand (a non-empty reading already in the file) are kept.

    .venv/bin/python scripts/ward_readings.py
"""

from __future__ import annotations

import csv
from pathlib import Path

from sudachipy import dictionary, tokenizer

CSV = Path(__file__).resolve().parent.parent / "resources/wards/komoro-wards.csv"


def dictionary_reading(tok: tokenizer.Tokenizer, name: str) -> str:
    morphemes = tok.tokenize(name, tokenizer.Tokenizer.SplitMode.C)
    if len(morphemes) != 1 or morphemes[0].is_oov():
        return ""
    reading = morphemes[0].reading_form()
    return reading if len(reading) >= 2 else ""


def main() -> None:
    tok = dictionary.Dictionary(dict="core").create()
    with CSV.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    for row in rows:
        row["reading"] = row.get("reading") or dictionary_reading(tok, row["ward"])
    fields = ["district_order", "district", "ward_order", "ward", "reading"]
    with CSV.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    print(f"{sum(1 for r in rows if r['reading'])} of {len(rows)} wards have a reading")


if __name__ == "__main__":
    main()
