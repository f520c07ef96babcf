"""Where the bytes of the standalone build go (stdlib only).

    python scripts/bundle_sizes.py [dist/komoro-feedback] [--files 30]

Prints the folder's total (as `du -sb` counts it: each file once, links as links), the two
executables, every top-level entry of _internal/ (the loose shared libraries at that level
summed as one line) and the largest files. Sizes in MB (10^6 bytes).
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def size_of(path: Path) -> int:
    """Bytes under path as `du -sb` counts them: each inode once, folders and links included."""
    seen: set[tuple[int, int]] = set()
    total = 0
    for p in [path, *path.rglob("*")] if path.is_dir() else [path]:
        st = p.lstat()
        if (st.st_dev, st.st_ino) in seen:
            continue
        seen.add((st.st_dev, st.st_ino))
        total += st.st_size
    return total


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("folder", nargs="?", default=str(ROOT / "dist" / "komoro-feedback"))
    ap.add_argument("--files", type=int, default=30)
    args = ap.parse_args()
    folder = Path(args.folder)
    internal = folder / "_internal"
    print(f"total {size_of(folder) / 1e6:.1f} MB  ({folder})")
    for exe in sorted(p for p in folder.iterdir() if p.is_file()):
        link = f" -> {os.readlink(exe)}" if exe.is_symlink() else ""
        print(f"  {exe.lstat().st_size / 1e6:7.1f}  {exe.name}{link}")
    rows: list[tuple[int, str]] = []
    loose = 0
    for entry in internal.iterdir():
        library = ".so" in entry.name or entry.suffix in (".dll", ".dylib")
        if library and entry.is_file() and not entry.is_symlink():
            loose += size_of(entry)
        else:
            rows.append((size_of(entry), entry.name + ("/" if entry.is_dir() else "")))
    rows.append((loose, "(shared libraries directly in _internal)"))
    print("\n_internal/ by top-level entry:")
    for size, name in sorted(rows, reverse=True):
        if size >= 100_000:
            print(f"  {size / 1e6:7.1f}  {name}")
    small = [s for s, _ in rows if s < 100_000]
    print(f"  {sum(small) / 1e6:7.1f}  ({len(small)} entries under 0.1 MB)")
    files = [
        (p.lstat().st_size, p.relative_to(internal))
        for p in internal.rglob("*")
        if p.is_file() and not p.is_symlink()
    ]
    print(f"\nlargest {args.files} files:")
    for size, rel in sorted(files, reverse=True)[: args.files]:
        print(f"  {size / 1e6:7.1f}  {os.fspath(rel)}")


if __name__ == "__main__":
    main()
