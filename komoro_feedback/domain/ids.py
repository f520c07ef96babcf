"""Time-ordered UUIDs (version 7): unique across laptops, and they append to B-tree indexes."""

from __future__ import annotations

import os
import time
import uuid


def new_comment_id() -> str:
    """A UUIDv7 string: 48-bit Unix milliseconds, then 74 random bits (RFC 9562)."""
    ms = time.time_ns() // 1_000_000
    rand = int.from_bytes(os.urandom(10), "big")
    value = (ms & ((1 << 48) - 1)) << 80
    value |= 0x7 << 76  # version
    value |= ((rand >> 62) & 0xFFF) << 64  # rand_a (12 bits)
    value |= 0b10 << 62  # variant
    value |= rand & ((1 << 62) - 1)  # rand_b
    return str(uuid.UUID(int=value))
