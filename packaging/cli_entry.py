"""PyInstaller entry of the console command (komoro-feedback.exe)."""

from komoro_feedback.launcher import cli_script

cli_script()
