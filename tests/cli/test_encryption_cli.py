"""`komoro-feedback encrypt / decrypt / rekey / encryption` and the passphrase options."""

from __future__ import annotations

from pathlib import Path

import pytest

from komoro_feedback.cli import main
from komoro_feedback.store.sqlcipher import is_encrypted
from tests.cli.cli_helpers import run_json


def _run(capfd: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """Like cli_helpers.run, but reads the process's stderr too (SQLCipher's own noise)."""
    code = main(list(args))
    out, err = capfd.readouterr()
    return code, out, err


@pytest.fixture
def laptop(tmp_path: Path, capfd: pytest.CaptureFixture[str]) -> str:
    path = str(tmp_path / "laptop.sqlite3")
    assert _run(capfd, "init", "--db", path)[0] == 0
    assert _run(capfd, "add", "--db", path, "--text", "懐古園の駐車場が足りない")[0] == 0
    return path


def _secret(tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(text + "\n", encoding="utf-8")
    return str(path)


def test_encrypt_then_open_with_the_passphrase_only(
    capfd: pytest.CaptureFixture[str],
    laptop: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    good = _secret(tmp_path, "good.txt", "小諸の合言葉")
    bad = _secret(tmp_path, "bad.txt", "上田の合言葉")
    code, out, err = _run(
        capfd, "encrypt", "--db", laptop, "--new-passphrase-file", good,
        "--backup-dir", str(tmp_path / "b"),
    )  # fmt: skip
    assert code == 0 and "暗号化しました" in out and is_encrypted(Path(laptop))
    assert "懐古園".encode() not in Path(laptop).read_bytes()

    code, out, err = _run(capfd, "list", "--db", laptop)
    assert code == 2 and "暗号化されています" in err and len(err.strip().splitlines()) == 1
    code, out, err = _run(capfd, "list", "--db", laptop, "--passphrase-file", bad)
    assert code == 2 and not out and len(err.strip().splitlines()) == 1
    assert "パスフレーズが違います" in err and "hmac" not in err.lower()

    found = run_json(capfd, "search", "--db", laptop, "--passphrase-file", good, "駐車場")
    assert isinstance(found, dict) and found["total"] == 1
    monkeypatch.setenv("KOMORO_DB_PASSPHRASE", "小諸の合言葉")
    assert run_json(capfd, "encryption", "--db", laptop) == {"encrypted": True, "required": False}

    monkeypatch.setenv("KOMORO_DB_NEW_PASSPHRASE", "佐久の合言葉")
    assert _run(capfd, "rekey", "--db", laptop, "--backup-dir", str(tmp_path / "b"))[0] == 0
    assert _run(capfd, "list", "--db", laptop)[0] == 2  # the old passphrase no longer opens it
    monkeypatch.setenv("KOMORO_DB_PASSPHRASE", "佐久の合言葉")
    code, out, _err = _run(capfd, "decrypt", "--db", laptop, "--backup-dir", str(tmp_path / "b"))
    assert code == 0 and "解除しました" in out and not is_encrypted(Path(laptop))


def test_a_required_encryption_stops_a_plain_laptop_with_the_way_out(
    capfd: pytest.CaptureFixture[str], laptop: str, tmp_path: Path
) -> None:
    assert run_json(capfd, "encryption", "--db", laptop, "--require", "on")["required"] is True  # type: ignore[index]
    code, out, err = _run(capfd, "list", "--db", laptop)
    assert code == 2 and not out and "encrypt --db" in err and len(err.strip().splitlines()) == 1
    good = _secret(tmp_path, "good.txt", "小諸の合言葉")
    args = ("--db", laptop, "--new-passphrase-file", good, "--backup-dir", str(tmp_path / "b"))
    assert _run(capfd, "encrypt", *args)[0] == 0
    listed = run_json(capfd, "list", "--db", laptop, "--passphrase-file", good)
    assert isinstance(listed, dict) and listed["total"] == 1


class _MemoryKeyring:
    """Stands in for the OS credential store (Windows Credential Manager, Keychain)."""

    def __init__(self) -> None:
        self.items: dict[tuple[str, str], str] = {}

    def get_password(self, service_name: str, username: str) -> str | None:
        return self.items.get((service_name, username))

    def set_password(self, service_name: str, username: str, password: str) -> None:
        self.items[(service_name, username)] = password


def test_remembered_in_the_os_keyring_only_when_asked(
    capfd: pytest.CaptureFixture[str],
    laptop: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import komoro_feedback.config as config

    store = _MemoryKeyring()
    monkeypatch.setattr(config, "os_keyring", lambda: store)
    good = _secret(tmp_path, "good.txt", "小諸の合言葉")
    args = ("--db", laptop, "--new-passphrase-file", good, "--backup-dir", str(tmp_path / "b"))
    assert _run(capfd, "encrypt", *args, "--remember")[0] == 0
    assert list(store.items.values()) == ["小諸の合言葉"]
    listed = run_json(capfd, "list", "--db", laptop)  # no option, no prompt: the keyring's
    assert isinstance(listed, dict) and listed["total"] == 1
    store.items.clear()
    assert _run(capfd, "list", "--db", laptop)[0] == 2


def test_restore_a_backup_made_before_a_rekey(
    capfd: pytest.CaptureFixture[str], laptop: str, tmp_path: Path
) -> None:
    old = _secret(tmp_path, "old.txt", "小諸の合言葉")
    new = _secret(tmp_path, "new.txt", "佐久の合言葉")
    b = str(tmp_path / "b")
    assert (
        _run(capfd, "encrypt", "--db", laptop, "--new-passphrase-file", old, "--backup-dir", b)[0]
        == 0
    )
    copy = str(tmp_path / "copy.sqlite3")
    assert _run(capfd, "backup", "--db", laptop, "--passphrase-file", old, "--out", copy)[0] == 0
    rekey = ("rekey", "--db", laptop, "--passphrase-file", old, "--new-passphrase-file", new)
    assert _run(capfd, *rekey, "--backup-dir", b)[0] == 0
    assert (
        _run(capfd, "add", "--db", laptop, "--passphrase-file", new, "--text", "後の意見")[0] == 0
    )

    code, _out, err = _run(capfd, "restore", "--db", laptop, "--passphrase-file", new, copy)
    assert code == 2 and "--backup-passphrase-file" in err and len(err.strip().splitlines()) == 1
    code, _out, err = _run(
        capfd, "restore", "--db", laptop, "--passphrase-file", new, copy,
        "--backup-passphrase-file", old,
    )  # fmt: skip
    assert code == 0, err
    listed = run_json(capfd, "list", "--db", laptop, "--passphrase-file", new)
    assert isinstance(listed, dict) and listed["total"] == 1  # as it was, under the new key
