"""Is an SQLite file in a shared (network) folder? Then it must not use WAL.

WAL keeps its index in shared memory that only processes on one computer can see; two laptops
opening one file on a file server in WAL mode can corrupt it (sqlite.org/wal.html). The
classic rollback journal relies on file locks, which SMB/NFS servers provide, so a file in a
shared folder uses journal_mode=DELETE. KOMORO_SQLITE_JOURNAL=wal|delete overrides the guess.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ENV_JOURNAL = "KOMORO_SQLITE_JOURNAL"
NETWORK_FS = {
    "nfs", "nfs4", "cifs", "smb3", "smbfs", "9p", "afs", "ceph", "glusterfs",
    "fuse.sshfs", "fuse.davfs2", "davfs", "fuse.glusterfs", "ncpfs", "lustre", "gpfs",
}  # fmt: skip
DRIVE_REMOTE = 4  # GetDriveTypeW


def journal_mode_for(path: Path | None) -> str:
    """WAL for a local file, DELETE for one in a shared folder (or as configured)."""
    forced = os.environ.get(ENV_JOURNAL, "").strip().lower()
    if forced in ("wal", "delete"):
        return forced.upper()
    if path is not None and is_network_path(path):
        return "DELETE"
    return "WAL"


def is_network_path(path: Path) -> bool:
    try:
        resolved = path.expanduser().resolve()
    except OSError:
        return False
    if sys.platform == "win32":
        return _windows_remote(str(resolved))
    return _mount_type(resolved) in NETWORK_FS


def _windows_remote(text: str) -> bool:
    if text.startswith("\\\\"):  # \\server\share\... (UNC)
        return True
    import ctypes

    root = text[:3]  # "Z:\\"
    kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined,unused-ignore]
    return bool(kernel32.GetDriveTypeW(root) == DRIVE_REMOTE)


def _mount_type(path: Path, mounts: str = "/proc/mounts") -> str:
    """File system type of the longest mount point containing path ('' when unknown)."""
    try:
        lines = Path(mounts).read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return ""
    best, kind = "", ""
    text = str(path)
    for line in lines:
        parts = line.split()
        if len(parts) < 3:
            continue
        point = parts[1].replace("\\040", " ")
        inside = text == point or text.startswith(point.rstrip("/") + "/")
        if inside and len(point) > len(best):
            best, kind = point, parts[2]
    return kind
