"""Encrypted laptops (SQLCipher): nothing readable in the file, search still works, and
encrypt / decrypt / rekey are all or nothing. SQLite only: PostgreSQL is the server's."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from komoro_feedback.domain.comment import SpeakerContact
from komoro_feedback.domain.errors import EncryptionRequiredError, PassphraseError, ValidationError
from komoro_feedback.domain.query import CommentFilter
from komoro_feedback.services.actor import Actor
from komoro_feedback.services.container import Services
from komoro_feedback.services.encryption_service import convert
from komoro_feedback.store.database import Database
from komoro_feedback.store.sqlcipher import SQLITE_MAGIC, is_encrypted
from tests.helpers import TEST_USER, record

PASS = "浅間山が見える公民館 2026"
TEXT = "懐古園の桜の時期に駐車場が足りない"
NAME = "千曲川次郎"


def _open(path: Path, passphrase: str | None = PASS) -> Services:
    return Services.build(Database(f"sqlite:///{path}", passphrase=passphrase), Actor(TEST_USER))


@pytest.fixture
def plain(sqlite_template: Path, tmp_path: Path) -> Path:
    path = tmp_path / "laptop.sqlite3"
    shutil.copy(sqlite_template, path)
    return path


@pytest.fixture
def encrypted(plain: Path, tmp_path: Path) -> Iterator[Path]:
    result = convert(plain, None, PASS, tmp_path / "backups", action="encrypt")
    assert result.encrypted and result.backup is None  # no plain copy is left behind
    assert not list((tmp_path / "backups").glob("*.sqlite3"))
    yield plain


@pytest.fixture
def encrypted_copy(sqlite_template: Path, tmp_path: Path) -> Path:
    """An encrypted backup holding one comment."""
    path = tmp_path / "enc-backup.sqlite3"
    shutil.copy(sqlite_template, path)
    convert(path, None, PASS, tmp_path / "eb", action="encrypt")
    sv = _open(path)
    record(sv, TEXT)
    sv.close()
    return path


def _bytes(path: Path) -> bytes:
    return b"".join(
        f.read_bytes() for f in (path, path.with_name(path.name + "-wal")) if f.exists()
    )


def _digest(path: Path) -> str:
    return hashlib.sha256(_bytes(path)).hexdigest()


def test_the_file_holds_no_text_or_name_and_search_still_works(encrypted: Path) -> None:
    sv = _open(encrypted)
    try:
        record(sv, TEXT, received=date(2026, 4, 5), speaker=SpeakerContact(NAME, "090-1111-2222"))
        assert sv.queries.count(CommentFilter(text="駐車場")) == 1  # FTS5 trigram
        assert sv.queries.count(CommentFilter(text="桜の時期")) == 1
        # While the app runs: the file and its write-ahead log, as written.
        raw = _bytes(encrypted)
        assert encrypted.with_name(encrypted.name + "-wal").exists()
        for secret in (TEXT, "駐車場", NAME, "090-1111-2222"):
            for enc in ("utf-8", "utf-16-le", "utf-16-be"):
                assert secret.encode(enc) not in raw, (secret, enc)
        assert not raw.startswith(SQLITE_MAGIC)
    finally:
        sv.close()
    with pytest.raises(sqlite3.DatabaseError):  # a plain SQLite cannot read it at all
        sqlite3.connect(encrypted).execute("SELECT count(*) FROM comment").fetchone()


def test_a_wrong_or_missing_passphrase_changes_nothing(encrypted: Path) -> None:
    before = _digest(encrypted)
    with pytest.raises(PassphraseError, match="パスフレーズが違います"):
        _open(encrypted, "浅間山が見えない公民館")
    with pytest.raises(PassphraseError, match="暗号化されています"):
        _open(encrypted, None)
    assert _digest(encrypted) == before
    with pytest.raises(PassphraseError):
        convert(encrypted, "違う", "新しい", encrypted.parent / "b", action="rekey")
    assert _digest(encrypted) == before and not (encrypted.parent / "b").exists()
    with pytest.raises(ValidationError, match="既に暗号化"):
        convert(encrypted, None, "新しい", encrypted.parent / "b", action="encrypt")


def test_rekey_then_decrypt_keep_every_comment(encrypted: Path, tmp_path: Path) -> None:
    sv = _open(encrypted)
    record(sv, TEXT, speaker=SpeakerContact(NAME, ""))
    sv.close()
    rekeyed = convert(encrypted, PASS, "新しい合言葉", tmp_path / "b", action="rekey")
    assert rekeyed.comments == 1 and rekeyed.backup is not None
    assert is_encrypted(rekeyed.backup)  # the copy made first is encrypted (old passphrase)
    with pytest.raises(PassphraseError):
        _open(encrypted, PASS)
    sv = _open(encrypted, "新しい合言葉")
    assert sv.queries.count(CommentFilter(text="駐車場")) == 1
    sv.close()

    plain = convert(encrypted, "新しい合言葉", None, tmp_path / "b", action="decrypt")
    assert not plain.encrypted and not is_encrypted(encrypted)
    conn = sqlite3.connect(encrypted)
    assert conn.execute("SELECT text FROM comment").fetchall() == [(TEXT,)]
    conn.close()
    sv = _open(encrypted, None)
    assert sv.queries.count(CommentFilter(text="駐車場")) == 1
    sv.close()


def test_backups_of_an_encrypted_database_stay_encrypted_and_restore(
    encrypted: Path, tmp_path: Path
) -> None:
    sv = _open(encrypted)
    try:
        record(sv, TEXT, speaker=SpeakerContact(NAME, ""))
        copy = sv.backups.backup(tmp_path / "copy.sqlite3")
        assert is_encrypted(copy)
        assert NAME.encode() not in copy.read_bytes() and TEXT.encode() not in copy.read_bytes()
        assert sv.backups.validate_backup(copy).comments == 1
        record(sv, "復元で消える意見")
        sv.backups.restore(copy, tmp_path / "safety")
        assert sv.queries.count(CommentFilter()) == 1
        made = sv.backups.auto_backup(tmp_path / "auto")
        assert made and all(is_encrypted(p) for p in made)
    finally:
        sv.close()
    other = _open(encrypted)  # a backup made under another passphrase says so
    try:
        foreign = tmp_path / "foreign.sqlite3"
        shutil.copy(copy, foreign)
        convert(foreign, PASS, "別の合言葉", tmp_path / "b", action="rekey")
        with pytest.raises(ValidationError, match="別のパスフレーズ"):
            other.backups.validate_backup(foreign)
        other.backups.restore(foreign, tmp_path / "safety", "別の合言葉")  # its own passphrase
        assert other.queries.count(CommentFilter()) == 1
    finally:
        other.close()
    with pytest.raises(PassphraseError):  # the database kept its own passphrase
        _open(encrypted, "別の合言葉")


def test_restore_across_plain_and_encrypted(
    plain: Path, encrypted_copy: Path, tmp_path: Path
) -> None:
    """A new laptop (plain) restores an encrypted backup, given its passphrase; an encrypted
    laptop restores an old plain backup and stays encrypted."""
    sv = _open(plain, None)
    try:
        with pytest.raises(ValidationError, match="backup-passphrase-file"):
            sv.backups.validate_backup(encrypted_copy)
        sv.backups.restore(encrypted_copy, tmp_path / "s1", PASS)
        assert sv.queries.count(CommentFilter(text="駐車場")) == 1
    finally:
        sv.close()
    assert not is_encrypted(plain)
    old_plain = tmp_path / "old-plain.sqlite3"
    shutil.copy(plain, old_plain)
    convert(plain, None, PASS, tmp_path / "b", action="encrypt")
    sv = _open(plain)
    try:
        record(sv, "後で消える意見")
        sv.backups.restore(old_plain, tmp_path / "s2")
        assert sv.queries.count(CommentFilter()) == 1
    finally:
        sv.close()
    assert is_encrypted(plain) and TEXT.encode() not in _bytes(plain)


def test_the_administrator_can_require_encryption(plain: Path, tmp_path: Path) -> None:
    sv = _open(plain, None)
    sv.encryption.check_policy()  # no rule yet
    sv.encryption.set_required(True)
    with pytest.raises(EncryptionRequiredError, match="encrypt --db"):
        sv.encryption.check_policy()
    sv.close()
    convert(plain, None, PASS, tmp_path / "b", action="encrypt")
    sv = _open(plain)
    try:
        assert sv.encryption.required()  # the rule travels inside the file
        sv.encryption.check_policy()
    finally:
        sv.close()


def test_a_new_database_can_start_encrypted(tmp_path: Path) -> None:
    path = tmp_path / "new.sqlite3"
    sv = _open(path)
    try:
        sv.setup.initialise()
        record(sv, TEXT)
        assert is_encrypted(path) and sv.queries.count(CommentFilter(text="桜")) == 1
    finally:
        sv.close()


def test_another_windows_save_is_noticed_on_an_encrypted_file(encrypted: Path) -> None:
    """The change watcher reads the file through its own keyed connection."""
    sv, other = _open(encrypted), _open(encrypted)
    try:
        before = sv.changes.change_token()
        record(other, TEXT)
        assert sv.changes.change_token() != before
    finally:
        other.close()
        sv.close()
