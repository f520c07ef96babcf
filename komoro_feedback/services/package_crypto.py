"""Sealing packages: AES-GCM (authenticated encryption) under a key the city sets up.

A package is `MAGIC + header length + header (JSON, in clear) + AES-GCM(zlib(payload))`; the
header is the AEAD's associated data, so changing a byte anywhere is detected. The key is either
a key file the administrator makes (`package key --new`) and hands out with the laptops, or a
passphrase stretched with scrypt (a fresh salt per package, in the header).

Every package is encrypted, not only those with names and contacts: a comment's own text often
names people and places ("隣の○○さんが..."), so there is no content that is safe to carry in
clear on a USB stick; and one path is one thing to test.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import secrets
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final, Protocol

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from komoro_feedback.domain.errors import ValidationError
from komoro_feedback.i18n.translation import _

MAGIC: Final = b"KOMORO-PKG\n"
SEALED_VERSION: Final = 2
KEY_FILE_TAG: Final = "komoro-package-key 1"
KEY_BYTES: Final = 32
#: scrypt cost: ~0.1 s and 32 MiB on a laptop per package; the ceiling refuses a header that
#: would make the importer spend minutes or gigabytes.
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**15, 8, 1
_MAX_SCRYPT_N = 2**18
_MAX_HEADER = 64 * 1024
_MAX_PAYLOAD = 1 << 30  # 1 GiB of JSON: far above a year of a city's comments


class PackageError(ValidationError):
    """A package file that cannot be used: nothing was changed, and the message says why."""


class PackageKeys(Protocol):
    """Where the key of a package comes from (a key file or a passphrase)."""

    def new_key(self) -> tuple[bytes, dict[str, Any]]:
        """A key to seal a new package with, and what the header must say to find it again."""
        ...

    def key_for(self, header: dict[str, Any]) -> bytes:
        """The key of a package, from its header."""
        ...


@dataclass(frozen=True)
class KeyFileKeys:
    """A random 256-bit key kept in a file the administrator distributes."""

    key: bytes = field(repr=False)

    @classmethod
    def create(cls, path: Path) -> KeyFileKeys:
        """Write a new key file (never over an existing one), readable by its owner only."""
        key = secrets.token_bytes(KEY_BYTES)
        text = f"{KEY_FILE_TAG}\nid: {key_id(key)}\nkey: {base64.b64encode(key).decode()}\n"
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError as exc:
            raise PackageError(
                _("鍵ファイルは既にあります（上書きしません）: {p}").format(p=path)
            ) from exc
        with os.fdopen(fd, "w", encoding="ascii") as f:
            f.write(text)
        return cls(key)

    @classmethod
    def load(cls, path: Path) -> KeyFileKeys:
        try:
            lines = path.read_text(encoding="ascii").splitlines()
        except (OSError, UnicodeDecodeError) as exc:
            raise PackageError(_("パッケージの鍵ファイルを読めません: {p}").format(p=path)) from exc
        fields_ = dict(line.split(": ", 1) for line in lines[1:] if ": " in line)
        try:
            key = base64.b64decode(fields_.get("key", ""), validate=True)
        except ValueError:
            key = b""
        if not lines or lines[0] != KEY_FILE_TAG or len(key) != KEY_BYTES:
            raise PackageError(_("パッケージの鍵ファイルではありません: {p}").format(p=path))
        return cls(key)

    @property
    def id(self) -> str:
        return key_id(self.key)

    def new_key(self) -> tuple[bytes, dict[str, Any]]:
        return self.key, {"kdf": "key-file", "key_id": self.id}

    def key_for(self, header: dict[str, Any]) -> bytes:
        if header.get("kdf") != "key-file":
            raise PackageError(
                _(
                    "このパッケージはパスフレーズで保護されています。パスフレーズを入力してください。"
                )
            )
        return self.key


@dataclass(frozen=True)
class PassphraseKeys:
    """A passphrase the city agrees on, stretched by scrypt with a salt of each package."""

    passphrase: str = field(repr=False)

    def new_key(self) -> tuple[bytes, dict[str, Any]]:
        salt = secrets.token_bytes(16)
        params = {"n": SCRYPT_N, "r": SCRYPT_R, "p": SCRYPT_P}
        header = {"kdf": "scrypt", "salt": _b64(salt), **params}
        return self._derive(salt, SCRYPT_N, SCRYPT_R, SCRYPT_P), header

    def key_for(self, header: dict[str, Any]) -> bytes:
        if header.get("kdf") != "scrypt":
            raise PackageError(
                _("このパッケージは鍵ファイルで保護されています。鍵ファイルを指定してください。")
            )
        try:
            salt = _unb64(header["salt"])
            n, r, p = int(header["n"]), int(header["r"]), int(header["p"])
        except (KeyError, TypeError, ValueError) as exc:
            raise _damaged() from exc
        if not (2 <= n <= _MAX_SCRYPT_N and 1 <= r <= 16 and 1 <= p <= 4 and len(salt) >= 16):
            raise _damaged()
        return self._derive(salt, n, r, p)

    def _derive(self, salt: bytes, n: int, r: int, p: int) -> bytes:
        if not self.passphrase:
            raise PackageError(_("パスフレーズが空です。"))
        kdf = Scrypt(salt=salt, length=KEY_BYTES, n=n, r=r, p=p)
        return kdf.derive(self.passphrase.encode("utf-8"))


def key_id(key: bytes) -> str:
    """A short name of a key that reveals nothing of it (to tell two key files apart)."""
    return hashlib.sha256(b"komoro-package key id" + key).hexdigest()[:16]


def _key_check(key: bytes) -> str:
    return hmac.new(key, b"komoro-package key check", hashlib.sha256).hexdigest()[:16]


def seal(keys: PackageKeys, header: dict[str, Any], payload: bytes) -> bytes:
    """The sealed bytes of a package: `header` stays readable, `payload` is encrypted."""
    key, kdf = keys.new_key()
    nonce = secrets.token_bytes(12)
    full = {
        **header,
        "format_version": SEALED_VERSION,
        **kdf,
        "key_check": _key_check(key),
        "nonce": _b64(nonce),
    }
    head = json.dumps(full, sort_keys=True, ensure_ascii=True).encode("ascii")
    body = AESGCM(key).encrypt(nonce, zlib.compress(payload, 6), head)
    return MAGIC + len(head).to_bytes(4, "big") + head + body


def read_header(data: bytes) -> tuple[dict[str, Any], bytes, bytes]:
    """The clear header, its bytes and the encrypted rest; PackageError if it is no package."""
    if data.startswith(b"PK\x03\x04"):
        raise PackageError(
            _(
                "古い形式のパッケージです（改ざんを検出できないため取り込めません）。"
                "送り元でこのバージョンのアプリから書き出し直してください。"
            )
        )
    if not data.startswith(MAGIC):
        raise _damaged()
    start = len(MAGIC) + 4
    size = int.from_bytes(data[len(MAGIC) : start], "big")
    if size > _MAX_HEADER or len(data) < start + size + 16:
        raise _damaged()
    head = data[start : start + size]
    try:
        header = json.loads(head.decode("ascii"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise _damaged() from exc
    if not isinstance(header, dict):
        raise _damaged()
    return header, head, data[start + size :]


def unseal(keys: PackageKeys, header: dict[str, Any], head: bytes, body: bytes) -> bytes:
    """The payload, once the key is right and not a byte was changed; PackageError if not."""
    key = keys.key_for(header)
    if not hmac.compare_digest(_key_check(key), str(header.get("key_check", ""))):
        raise PackageError(
            _(
                "このパッケージは別の鍵またはパスフレーズで保護されています"
                "（パスフレーズの誤り、または別の鍵ファイル）。何も取り込んでいません。"
            )
        )
    try:
        nonce = _unb64(header["nonce"])
        packed = AESGCM(key).decrypt(nonce, body, head)
    except (InvalidTag, KeyError, TypeError, ValueError) as exc:
        raise PackageError(
            _(
                "パッケージの内容が書き換えられているか、壊れています（途中で切れている場合を含む）。"
                "何も取り込んでいません。"
            )
        ) from exc
    inflater = zlib.decompressobj()
    try:
        payload = inflater.decompress(packed, _MAX_PAYLOAD)
    except zlib.error as exc:
        raise _damaged() from exc
    if inflater.unconsumed_tail or not inflater.eof:
        raise _damaged()
    return payload


def _damaged() -> PackageError:
    return PackageError(_("パッケージファイルが壊れているか、途中で切れています。"))


def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode("ascii")


def _unb64(text: Any) -> bytes:
    return base64.b64decode(str(text), validate=True)
