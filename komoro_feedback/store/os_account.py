"""The operating system account running this process, recorded beside the staff name."""

from __future__ import annotations

import functools
import getpass


@functools.cache
def os_account() -> str:
    try:
        return getpass.getuser()[:100]
    except Exception:  # no USER/LOGNAME and no passwd entry (some containers)
        return ""
