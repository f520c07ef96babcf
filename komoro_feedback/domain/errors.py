"""Errors the services raise, each carrying a message fit to show a user."""

from __future__ import annotations


class KomoroError(Exception):
    """Base of every error with a user-facing message."""


class ValidationError(KomoroError):
    """Input that cannot be accepted as given (empty text, unknown ward, too long, ...)."""


class NotFoundError(KomoroError):
    """A referenced row does not exist (or is deleted)."""


class ConflictError(KomoroError):
    """An edit based on a version that someone else changed meanwhile (optimistic locking)."""


class StorageError(KomoroError):
    """The database could not be written or read: locked, read-only, full, gone."""


class SchemaTooNewError(KomoroError):
    """The database was written by a newer version of the application."""


class PassphraseError(StorageError):
    """An encrypted database needs its passphrase, or the one given is not it."""


class EncryptionRequiredError(StorageError):
    """The administrator requires an encrypted database and this one is not."""
