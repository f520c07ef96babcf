"""PyInstaller entry of the windowed app (komoro-feedback-app.exe): the window, or --version."""

from komoro_feedback.launcher import gui_script

gui_script()
