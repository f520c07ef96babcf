"""The application's two text sizes (Settings and the View menu switch between them)."""

from __future__ import annotations

NORMAL_POINT_SIZE = 10
LARGE_POINT_SIZE = 14
