"""Start Komoro Feedback: the window with no arguments, the headless command with arguments.

Used by `python -m komoro_feedback`, `main.py`, the `komoro-feedback-app` command and the
standalone build. Imports nothing heavy until it knows which of the two it starts.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence

from komoro_feedback import __version__


def main(argv: Sequence[str] | None = None) -> int:
    """With arguments the CLI; without, the window."""
    args = list(sys.argv[1:] if argv is None else argv)
    if args:
        return cli_main(args)
    return app_main([])


def cli_main(argv: Sequence[str] | None = None) -> int:
    """The headless command, with the crash handlers of a real process."""
    from komoro_feedback.cli import main as run_cli
    from komoro_feedback.logs import install_crash_handlers

    install_crash_handlers()
    return run_cli(argv)


def app_main(argv: Sequence[str] | None = None) -> int:
    """The window (the `komoro-feedback-app` command); `--version` prints the version."""
    args = list(sys.argv[1:] if argv is None else argv)
    if "--version" in args or "-V" in args:
        _print_version()
        return 0
    if _no_display():
        print(
            "Komoro Feedback: no display found (DISPLAY / WAYLAND_DISPLAY unset). Start it from a "
            "desktop session, or set QT_QPA_PLATFORM=offscreen for a headless check.",
            file=sys.stderr,
        )
        return 1
    from komoro_feedback.logs import configure_logging, install_crash_handlers

    configure_logging("app")
    install_crash_handlers()
    from komoro_feedback.ui.app import run_gui

    return run_gui()


def _print_version() -> None:
    text = f"komoro-feedback {__version__}\n"
    if sys.stdout is None:  # a windowed build on Windows has no console
        return
    sys.stdout.write(text)


def _no_display() -> bool:
    """Qt aborts the process without a display on Linux; say so plainly instead."""
    if not sys.platform.startswith("linux") or os.environ.get("QT_QPA_PLATFORM"):
        return False
    return not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def gui_script() -> None:
    """Entry point for [project.gui-scripts]: exit with the app's status."""
    sys.exit(app_main())


def console_script() -> None:
    """Entry point for `python -m komoro_feedback` and main.py."""
    sys.exit(main())


def cli_script() -> None:
    """Entry point for [project.scripts] `komoro-feedback`."""
    sys.exit(cli_main())
