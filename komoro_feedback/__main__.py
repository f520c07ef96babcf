"""`python -m komoro_feedback`: the window with no arguments, the CLI with arguments."""

from komoro_feedback.launcher import console_script

if __name__ == "__main__":
    console_script()
