"""Komoro Feedback: town-meeting comments tied to the mayor's programme."""

__version__ = "0.1.0"
