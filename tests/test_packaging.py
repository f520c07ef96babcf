"""An installed wheel carries resources/ and db/ and runs without the checkout."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_wheel_runs_init_and_catalog_from_its_own_resources(tmp_path: Path) -> None:
    src = tmp_path / "src"
    # Only what git tracks goes into the build, as from a fresh clone.
    files = subprocess.run(
        ["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split()
    for name in files:
        (src / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, src / name)
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "-q",
            "-w",
            str(tmp_path / "dist"),
            str(src),
        ],
        check=True,
        capture_output=True,
    )
    wheel = next((tmp_path / "dist").glob("*.whl"))
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    # pip makes these commands: the window (no console on Windows) and the CLI.
    entry_points = next(site.glob("*.dist-info/entry_points.txt")).read_text(encoding="utf-8")
    assert "[gui_scripts]\nkomoro-feedback-app = komoro_feedback.launcher:gui_script" in (
        entry_points
    )
    assert "komoro-feedback = komoro_feedback.launcher:cli_script" in entry_points
    env = {**os.environ, "PYTHONPATH": str(site), "KOMORO_DATA_DIR": str(tmp_path / "home")}
    db = tmp_path / "w.sqlite3"
    code = (
        "import sys, komoro_feedback.paths as p\n"
        "assert '_resources' in str(p.resources_dir()), p.resources_dir()\n"
        "from komoro_feedback.cli import main\n"
        f"sys.exit(main(['catalog', '--db', {str(db)!r}, '--json']))\n"
    )
    init = subprocess.run(
        [
            sys.executable,
            "-c",
            f"from komoro_feedback.cli import main; main(['init', '--db', {str(db)!r}])",
        ],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert init.returncode == 0, init.stderr
    out = subprocess.run(
        [sys.executable, "-c", code],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert out.returncode == 0, out.stderr
    assert len(json.loads(out.stdout)["pillars"]) == 6
