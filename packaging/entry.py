"""PyInstaller entry of both programmes, chosen by the name they were started as.

komoro-feedback-app[.exe] opens the window (or prints --version); komoro-feedback[.exe] is the
console command. Windows gets two executables (only there does the console flag matter);
Linux and macOS get one, with komoro-feedback-app a link to it, so the compressed Python code
is in the folder once.
"""

import os
import sys

from komoro_feedback.launcher import cli_script, gui_script

if os.path.basename(sys.argv[0]).lower().startswith("komoro-feedback-app"):
    gui_script()
else:
    cli_script()
