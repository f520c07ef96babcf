"""Start Komoro Feedback from a checkout: the window with no arguments, the CLI with arguments."""

from __future__ import annotations

from komoro_feedback.launcher import console_script

if __name__ == "__main__":
    console_script()
