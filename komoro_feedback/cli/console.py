"""Output that no console can break: a cp932 Windows console, a pipe, a redirected file."""

from __future__ import annotations

import contextlib
import io
import sys


def make_output_safe() -> None:
    """Human output replaces what the console cannot show (an emoji on cp932) with '?'."""
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper):
            with contextlib.suppress(ValueError):  # a closed stream
                stream.reconfigure(errors="replace")


def write_bytes(raw: bytes) -> None:
    """Write encoded bytes to stdout, bypassing its text encoding when it has a byte layer."""
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is None:  # a StringIO in tests or an embedding host: text is all there is
        sys.stdout.write(raw.decode("utf-8"))
        return
    sys.stdout.flush()  # keep order with anything printed before
    buffer.write(raw)
    buffer.flush()
