"""The catalog of an SQLite file for the read-only commands, without SQLAlchemy.

`catalog` and `wards` only read. When the file needs nothing done first (it is at the schema
head and set up, no rule refuses it, and the person may sign in), they read it with the stdlib
driver (store/catalog_reader.py) and skip the ORM's import, about 0.3 s of a 0.5 s command.
Otherwise open() answers None and the command takes the ORM path, which migrates, seeds or
refuses exactly as before.
"""

from __future__ import annotations

from pathlib import Path

from komoro_feedback.domain.catalog import CURRENT_PROGRAMME, District, Programme, Staff
from komoro_feedback.paths import db_dir
from komoro_feedback.services.sign_in_rule import (
    SignInError,
    choose_person,
    command_user,
    needs_setup,
)
from komoro_feedback.store.catalog_reader import CatalogReader, FileState
from komoro_feedback.store.schema_version import script_heads
from komoro_feedback.store.sqlcipher import is_encrypted


class QuickCatalog:
    """Reads the programme and the wards of a ready file in one read transaction."""

    def __init__(self, reader: CatalogReader) -> None:
        self._reader = reader

    @classmethod
    def open(
        cls, path: Path, passphrase: str | None, *, user: str | None, remembered: str
    ) -> QuickCatalog | None:
        """`user`: --user; `remembered`: the name last signed in on this computer."""
        try:
            if not path.is_file() or path.stat().st_size == 0:
                return None
            encrypted = is_encrypted(path)
            if encrypted and not passphrase:
                return None
            reader = CatalogReader(path, passphrase if encrypted else None)
        except Exception:  # e.g. no SQLCipher: the ORM path reports it
            return None
        try:
            state = reader.state()
            if (
                state is not None
                and _ready(state, encrypted)
                and _may_sign_in(state, user, remembered)
            ):
                return cls(reader)
        except Exception:  # a wrong passphrase, a damaged file: as above
            pass
        reader.close()
        return None

    def programme(self) -> Programme | None:
        """The current programme; None when there is none (the ORM path says so)."""
        return self._reader.programme()

    def districts(self, *, include_merged: bool = False) -> list[District]:
        return self._reader.districts(include_merged=include_merged)

    def close(self) -> None:
        self._reader.close()


class QuickStaffList:
    """Who may sign in on a ready plain file, read before the ORM loads: the app shows its
    sign-in dialog from this, then opens the services (about a third of the time to the
    dialog). The choice is checked again by IdentityService once they are open."""

    def __init__(self, people: tuple[Staff, ...]) -> None:
        self._people = people

    @classmethod
    def open(cls, path: Path) -> QuickStaffList | None:
        """None unless the file is plain SQLite, at the schema head, set up, and allowed
        unencrypted: any other file opens the usual way (migrate, ask a passphrase, refuse)."""
        try:
            if not path.is_file() or path.stat().st_size == 0 or is_encrypted(path):
                return None
            reader = CatalogReader(path, None)
        except Exception:
            return None
        try:
            state = reader.state()
            if state is not None and _ready(state, encrypted=False):
                return cls(state.staff)
        except Exception:  # a damaged or foreign file: the usual way reports it
            pass
        finally:
            reader.close()
        return None

    def people(self) -> list[Staff]:
        return list(self._people)

    def needs_setup(self) -> bool:
        return needs_setup(self._people)

    def sign_in(self, name: str | None = None) -> str:
        """The name this choice signs in as; SignInError as IdentityService would say it."""
        return choose_person(self._people, name)[0]


def _ready(state: FileState, encrypted: bool) -> bool:
    """Nothing for SetupService.initialise to do, nothing for the encryption rule to refuse."""
    heads = script_heads(db_dir() / "versions")
    return (
        len(heads) == 1
        and state.revisions == heads
        and state.installation_id
        and CURRENT_PROGRAMME in state.programme_codes
        and state.districts > 0
        and state.departments > 0
        and (encrypted or not state.encryption_required)
    )


def _may_sign_in(state: FileState, user: str | None, remembered: str) -> bool:
    try:
        choose_person(state.staff, command_user(state.staff, user, remembered))
    except SignInError:
        return False
    return True
