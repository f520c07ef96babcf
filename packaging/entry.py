"""PyInstaller entry of both programmes, chosen by the name they were started as.

komoro-feedback-app[.exe] opens the window (or prints --version); komoro-feedback[.exe] is the
console command. Windows gets two executables (only there does the console flag matter);
Linux and macOS get one, with komoro-feedback-app a link to it, so the compressed Python code
is in the folder once.
"""

import multiprocessing
import os
import sys

# A report's themes are worked out in a second process (spawned: this executable again, with
# multiprocessing's arguments); it must do that work, not open the window or the CLI.
multiprocessing.freeze_support()

from komoro_feedback.launcher import cli_script, gui_script  # noqa: E402

if os.path.basename(sys.argv[0]).lower().startswith("komoro-feedback-app"):
    gui_script()
else:
    cli_script()
