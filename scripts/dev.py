"""Set up and run Komoro Feedback the same way on Windows, macOS and Linux (stdlib only).

    python scripts/dev.py run [ARGS]     set up .venv, start the app (ARGS go to the CLI)
    python scripts/dev.py test [ARGS]    set up .venv, ruff, mypy, then pytest (ARGS go to pytest)
    python scripts/dev.py setup          only create/update .venv
    python scripts/dev.py bundle [--smoke]  build the one-folder app with PyInstaller (dist/)

Works unchanged in PowerShell, cmd and bash: nothing here depends on a shell.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VENV = ROOT / ".venv"
WINDOWS = os.name == "nt"
#: pytest as a whole is bounded, as each test is (tests/conftest.py has a per-test watchdog).
TEST_TIMEOUT_S = 40 * 60
SPEC = ROOT / "packaging" / "komoro_feedback.spec"


def venv_bin(name: str) -> Path:
    """A program inside .venv: Scripts\\name.exe on Windows, bin/name elsewhere."""
    if WINDOWS:
        return VENV / "Scripts" / f"{name}.exe"
    return VENV / "bin" / name


def venv_python() -> Path:
    return venv_bin("python")


def say(text: str) -> None:
    print(f"dev.py: {text}", flush=True)


def run(cmd: list[str | Path], **kwargs: object) -> None:
    """Run a step; stop with its exit status if it fails."""
    code = subprocess.call([str(c) for c in cmd], cwd=ROOT, **kwargs)  # type: ignore[arg-type]
    if code != 0:
        say(f"failed ({code}): {' '.join(str(c) for c in cmd)}")
        sys.exit(code)


def setup(extras: str = "test") -> None:
    """Create .venv if missing and install the app into it when pyproject.toml changed."""
    if not venv_python().exists():
        say(f"creating {VENV.name} with {sys.executable}")
        venv.EnvBuilder(with_pip=True).create(VENV)
        run([venv_python(), "-m", "pip", "install", "--quiet", "--upgrade", "pip"])
    stamp = VENV / f".komoro-installed-{extras.replace(',', '-')}"
    want = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if stamp.exists() and stamp.read_text(encoding="ascii").strip() == want:
        return
    say(f"installing the app and its [{extras}] tools into {VENV.name} (a few minutes once)")
    run([venv_python(), "-m", "pip", "install", "--quiet", "-e", f".[{extras}]"])
    stamp.write_text(want + "\n", encoding="ascii")


def cmd_run(args: list[str]) -> int:
    setup()
    return subprocess.call([str(venv_python()), str(ROOT / "main.py"), *args], cwd=ROOT)


def cmd_test(args: list[str]) -> int:
    setup()
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    run([venv_bin("ruff"), "check", "."])
    run([venv_bin("ruff"), "format", "--check", "."])
    run([venv_bin("mypy")])
    pg_dir = start_throwaway_postgres()
    try:
        return run_bounded([venv_python(), "-m", "pytest", *args], TEST_TIMEOUT_S)
    finally:
        if pg_dir is not None:
            stop_throwaway_postgres(pg_dir)


def start_throwaway_postgres() -> Path | None:
    """A throwaway PostgreSQL server for the store/service tests, when one can be had.

    KOMORO_TEST_PG_URL set: use that server. On Linux/macOS with PostgreSQL's binaries:
    scripts/pg-throwaway (initdb as `nobody` when root). On Windows: SQLite only.
    """
    if os.environ.get("KOMORO_TEST_PG_URL") or WINDOWS:
        return None
    helper = ROOT / "scripts" / "pg-throwaway"
    if subprocess.call([str(helper), "available"], cwd=ROOT) != 0:
        return None
    pg_dir = Path(tempfile.mkdtemp(prefix="komoro-pg-"))
    url = subprocess.run(
        [str(helper), "start", str(pg_dir)], cwd=ROOT, capture_output=True, text=True, check=False
    )
    if url.returncode != 0:
        say("PostgreSQL did not start; the tests run on SQLite only")
        return None
    os.environ["KOMORO_TEST_PG_URL"] = url.stdout.strip()
    print(f"PostgreSQL for the tests: {os.environ['KOMORO_TEST_PG_URL']}", flush=True)
    return pg_dir


def stop_throwaway_postgres(pg_dir: Path) -> None:
    subprocess.call(
        [str(ROOT / "scripts" / "pg-throwaway"), "stop", str(pg_dir)],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    shutil.rmtree(pg_dir, ignore_errors=True)


def run_bounded(cmd: list[str | Path], timeout_s: int) -> int:
    """Run cmd; after timeout_s stop it (and its children), then kill it 30 s later."""
    kwargs: dict[str, object] = {}
    if not WINDOWS:
        kwargs["start_new_session"] = True  # its own process group, to stop its children too
    proc = subprocess.Popen([str(c) for c in cmd], cwd=ROOT, **kwargs)  # type: ignore[call-overload]
    try:
        return int(proc.wait(timeout=timeout_s))
    except subprocess.TimeoutExpired:
        say(f"stopped after {timeout_s} s")
        _stop_group(proc, signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            _stop_group(proc, getattr(signal, "SIGKILL", signal.SIGTERM))
            proc.wait()
        return 124
    except KeyboardInterrupt:
        _stop_group(proc, signal.SIGTERM)
        proc.wait()
        return 130


def _stop_group(proc: subprocess.Popen[bytes], sig: int) -> None:
    if WINDOWS:
        proc.kill()
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, sig)


def cmd_bundle(args: list[str]) -> int:
    """PyInstaller one-folder build: dist/komoro-feedback/ with the app and the CLI."""
    setup("test,bundle")
    run(
        [
            venv_python(),
            "-m",
            "PyInstaller",
            "--noconfirm",
            "--clean",
            "--distpath",
            ROOT / "dist",
            "--workpath",
            ROOT / "build" / "pyinstaller",
            SPEC,
        ]
    )
    folder = ROOT / "dist" / "komoro-feedback"
    # lstat: the folder links some libraries to one copy; count each file once
    size = sum(p.lstat().st_size for p in folder.rglob("*") if not p.is_dir() or p.is_symlink())
    say(f"built {folder} ({size / 1e6:.0f} MB)")
    if "--smoke" in args:
        return subprocess.call(
            [sys.executable, str(ROOT / "scripts" / "bundle_smoke.py"), str(folder)], cwd=ROOT
        )
    return 0


COMMANDS = {
    "run": cmd_run,
    "test": cmd_test,
    "setup": lambda _args: (setup(), 0)[1],
    "bundle": cmd_bundle,
}


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in COMMANDS:
        print(__doc__, file=sys.stderr)
        return 2
    return int(COMMANDS[argv[0]](argv[1:]))


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
