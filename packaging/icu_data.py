"""Slim ICU's data library for the Linux build: Japanese and English instead of every locale.

PySide6's Linux Qt links ICU, whose data library (libicudata.so.73) is 32 MB: collation,
names of languages, currencies, units and time zones, break dictionaries and transliteration
for ~900 locales, and 190 character-set tables. Qt uses ICU for collation, locale-aware case
mapping, time zone names and legacy codecs; the app shows Japanese and English (Windows Qt
ships no ICU at all). This keeps what those need for ja/en (+ root), the Japanese and Western
codecs, and drops the rest, then links a library with the same soname and symbol:
32.0 MB -> 4.5 MB. Stdlib only; needs `readelf` (binutils) and a C compiler driver (`cc`).

    python packaging/icu_data.py LIBRARY [OUT]   slim LIBRARY (in place without OUT)
"""

from __future__ import annotations

import re
import shutil
import struct
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

#: Locales kept in every tree (main, coll, curr, lang, region, unit, zone); others fall back
#: to root, as ICU does for any locale it lacks.
KEEP_LOCALES = frozenset(
    {"root", "ja", "ja_JP", "en", "en_US", "en_US_POSIX", "en_001", "en_GB", "res_index"}
)
#: Trees Qt never reads: break iterators (Qt 6 breaks text itself), transliteration, number
#: spelling.
DROP_TREES = ("brkitr/", "translit/", "rbnf/")
#: Character-set tables kept: Shift_JIS / Windows-31J, EUC-JP, ISO-2022-JP's JIS X 0212,
#: Windows-1252 and the ISO-8859 family.
KEEP_CODECS = re.compile(
    r"^(ibm-943_|ibm-33722_|ibm-954_|euc-jp-|jisx-|ibm-5478_|ibm-5348_|ibm-1252_|ibm-91[2-6]_"
    r"|ibm-5351_)"
)
_LOCALE_ITEM = re.compile(r"^(?:[a-z]+/)?([a-z]{2,3}(?:_[A-Za-z0-9]*)*)\.res$")
_MAGIC = (0xDA, 0x27)


def keep_item(name: str) -> bool:
    """Whether an item of the package (e.g. "coll/ja.res", without the package prefix) stays."""
    if name.startswith(DROP_TREES) or name == "unames.icu":
        return False
    if name.endswith(".cnv"):
        return bool(KEEP_CODECS.match(name))
    locale = _LOCALE_ITEM.match(name)
    return locale is None or locale.group(1) in KEEP_LOCALES


def read_items(package: bytes) -> tuple[bytes, list[tuple[str, bytes]]]:
    """The header and the (full name, data) items of an ICU common data package (CmnD)."""
    header_size, magic1, magic2 = struct.unpack_from("<HBB", package)
    if (magic1, magic2) != _MAGIC or package[12:16] != b"CmnD" or package[8] != 0:
        raise ValueError("not a little-endian ICU common data package")
    toc = header_size
    (count,) = struct.unpack_from("<I", package, toc)
    entries = [struct.unpack_from("<II", package, toc + 4 + 8 * i) for i in range(count)]
    items = []
    for i, (name_at, data_at) in enumerate(entries):
        end = package.index(b"\0", toc + name_at)
        name = package[toc + name_at : end].decode("ascii")
        stop = toc + entries[i + 1][1] if i + 1 < count else len(package)
        items.append((name, package[toc + data_at : stop]))
    return package[:header_size], items


def write_items(header: bytes, items: list[tuple[str, bytes]]) -> bytes:
    """A package of these items (in this order: ICU looks names up by binary search)."""
    names = b"".join(name.encode("ascii") + b"\0" for name, _ in items)
    toc_size = 4 + 8 * len(items)
    data_at = _align(len(header) + toc_size + len(names)) - len(header)
    name_at = toc_size
    toc = [struct.pack("<I", len(items))]
    body = []
    for name, data in items:
        toc.append(struct.pack("<II", name_at, data_at))
        name_at += len(name) + 1
        padded = data + b"\0" * (_align(len(data)) - len(data))
        body.append(padded)
        data_at += len(padded)
    start = header + b"".join(toc) + names
    return start + b"\0" * (_align(len(start)) - len(start)) + b"".join(body)


def slim_package(package: bytes, keep: Callable[[str], bool] = keep_item) -> bytes:
    header, items = read_items(package)
    return write_items(header, [(n, d) for n, d in items if keep(n.split("/", 1)[1])])


def _align(n: int) -> int:
    return (n + 15) // 16 * 16


def _data_symbol(library: Path) -> tuple[str, int, int]:
    """The package's symbol (icudtNN_dat), its file offset and size, read with readelf."""
    syms = subprocess.run(
        ["readelf", "-Ws", "--dyn-syms", str(library)], capture_output=True, text=True, check=True
    ).stdout
    found = [
        (f[7], int(f[1], 16), int(f[2], 0))
        for f in (line.split() for line in syms.splitlines())
        if len(f) == 8 and re.fullmatch(r"icudt\d+_dat", f[7]) and f[6] != "UND"
    ]
    name, address, size = found[0]
    sections = subprocess.run(
        ["readelf", "-SW", str(library)], capture_output=True, text=True, check=True
    ).stdout
    for line in sections.splitlines():
        f = line.split("]", 1)[-1].split()
        if len(f) >= 5 and f[0].startswith(".") and f[1] == "PROGBITS":
            at, offset, length = int(f[2], 16), int(f[3], 16), int(f[4], 16)
            if at <= address < at + length:
                return name, address - at + offset, size
    raise ValueError(f"{library}: no section holds {name}")


def slim_library(library: Path, out: Path) -> tuple[int, int]:
    """Write a slimmed copy of an ICU data library to out; returns (old, new) sizes."""
    symbol, offset, size = _data_symbol(library)
    package = library.read_bytes()[offset : offset + size]
    slim = slim_package(package)
    soname = re.search(
        r"SONAME\)\s+Library soname: \[([^\]]+)\]",
        subprocess.run(
            ["readelf", "-d", str(library)], capture_output=True, text=True, check=True
        ).stdout,
    )
    with tempfile.TemporaryDirectory() as tmp:
        dat = Path(tmp) / "icudata.dat"
        dat.write_bytes(slim)
        asm = Path(tmp) / "icudata.S"
        asm.write_text(
            "\t.section .rodata\n"
            f"\t.globl {symbol}\n\t.type {symbol}, @object\n\t.balign 16\n"
            f'{symbol}:\n\t.incbin "{dat}"\n\t.size {symbol}, . - {symbol}\n'
            '\t.section .note.GNU-stack,"",@progbits\n',
            encoding="ascii",
        )
        built = Path(tmp) / "libicudata.so"
        soname_flag = [f"-Wl,-soname,{soname.group(1)}"] if soname else []
        subprocess.run(
            ["cc", "-shared", "-nostdlib", *soname_flag, "-o", str(built), str(asm)], check=True
        )
        old = library.stat().st_size
        shutil.copyfile(built, out)
    return old, out.stat().st_size


if __name__ == "__main__":
    src = Path(sys.argv[1])
    old, new = slim_library(src, Path(sys.argv[2]) if len(sys.argv) > 2 else src)
    print(f"{src.name}: {old:,} -> {new:,} bytes")
