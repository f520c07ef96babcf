"""Start Komoro Feedback: the window with no arguments, the headless command with arguments."""

from __future__ import annotations

import os
import sys


def main() -> int:
    if len(sys.argv) > 1:
        from komoro_feedback.cli import main as cli_main

        return cli_main(sys.argv[1:])
    if _no_display():
        print(
            "Komoro Feedback: no display found (DISPLAY / WAYLAND_DISPLAY unset). Start it from a "
            "desktop session, or set QT_QPA_PLATFORM=offscreen for a headless check.",
            file=sys.stderr,
        )
        return 1
    from komoro_feedback.ui.app import run_gui

    return run_gui()


def _no_display() -> bool:
    """Qt aborts the process without a display on Linux; say so plainly instead."""
    if not sys.platform.startswith("linux") or os.environ.get("QT_QPA_PLATFORM"):
        return False
    return not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


if __name__ == "__main__":
    sys.exit(main())
