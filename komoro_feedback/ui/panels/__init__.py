"""Qt panels of the desktop app."""
