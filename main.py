"""Start Komoro Feedback: the window with no arguments, the headless command with arguments."""

from __future__ import annotations

import sys


def main() -> int:
    if len(sys.argv) > 1:
        from komoro_feedback.cli import main as cli_main

        return cli_main(sys.argv[1:])
    from komoro_feedback.ui.app import run_gui

    return run_gui()


if __name__ == "__main__":
    sys.exit(main())
