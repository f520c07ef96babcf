"""Smoke-test the standalone build as a city laptop would run it: no Python, no venv, empty home.

    python scripts/bundle_smoke.py dist/komoro-feedback

Runs the built console command (init, catalog, add, list, report, export, suggest, themes,
screenshot headless) with a scrubbed environment and checks each output. Exit status 0 when all
pass. Stdlib only: it must not depend on what it is testing.
"""

from __future__ import annotations

import json
import os
import struct
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
WINDOWS = os.name == "nt"
TEXT = "保育園の送迎の時間に駅前の道路が混んで危ない 🚸 𠮷田"


class SmokeFailure(Exception):
    """One check did not hold."""


def scrubbed_env(tmp: Path) -> dict[str, str]:
    """No PATH to Python or the venv, an empty home, data in a temp folder, offscreen Qt."""
    empty_bin = tmp / "bin"
    empty_bin.mkdir()
    home = tmp / "home"
    home.mkdir()
    env = {
        "PATH": str(empty_bin),
        "HOME": str(home),
        "KOMORO_DATA_DIR": str(tmp / "data"),
        "QT_QPA_PLATFORM": "offscreen",
        "LANG": "C.UTF-8",
        "TMPDIR": str(tmp),
    }
    if WINDOWS:  # Windows cannot start a process without these
        for key in ("SystemRoot", "SYSTEMDRIVE", "TEMP", "TMP"):
            if key in os.environ:
                env[key] = os.environ[key]
        env["USERPROFILE"] = str(home)
        env["APPDATA"] = str(home / "AppData" / "Roaming")
        env["LOCALAPPDATA"] = str(home / "AppData" / "Local")
    return env


class Smoke:
    def __init__(self, folder: Path, tmp: Path) -> None:
        suffix = ".exe" if WINDOWS else ""
        self.cli = folder / f"komoro-feedback{suffix}"
        self.app = folder / f"komoro-feedback-app{suffix}"
        self.tmp = tmp
        self.env = scrubbed_env(tmp)
        self.db = tmp / "data" / "smoke.sqlite3"

    def run(self, *args: str, exe: Path | None = None, timeout: int = 120) -> str:
        cmd = [str(exe or self.cli), *args]
        started = time.monotonic()
        done = subprocess.run(
            cmd, env=self.env, cwd=self.tmp, capture_output=True, timeout=timeout, check=False
        )
        took = time.monotonic() - started
        print(f"  {' '.join(args[:2])}: rc {done.returncode}, {took:.1f} s", flush=True)
        err = done.stderr.decode("utf-8", "replace")
        if done.returncode != 0:
            raise SmokeFailure(f"{' '.join(args)} exited {done.returncode}: {err.strip()}")
        if "Traceback" in err:
            raise SmokeFailure(f"{' '.join(args)} printed a traceback: {err}")
        return done.stdout.decode("utf-8")

    def db_args(self) -> list[str]:
        return ["--db", str(self.db)]

    def check(self, condition: bool, what: str) -> None:
        if not condition:
            raise SmokeFailure(what)

    def all(self) -> None:
        out = self.run("--version")
        self.check(out.startswith("komoro-feedback "), f"--version printed {out!r}")
        if not WINDOWS:  # the windowed .exe has no console to print to
            out = self.run("--version", exe=self.app)
            self.check(out.startswith("komoro-feedback "), f"app --version printed {out!r}")
            # The app (here a link to the one executable) goes to the window, not the CLI:
            # with no display it says so, where the CLI would ask for a command.
            env = {k: v for k, v in self.env.items() if k != "QT_QPA_PLATFORM"}
            done = subprocess.run([str(self.app)], env=env, capture_output=True, timeout=60)
            err = done.stderr.decode("utf-8", "replace")
            self.check(done.returncode == 1 and "no display" in err, f"app started: {err!r}")

        self.db.parent.mkdir(parents=True, exist_ok=True)
        init = json.loads(self.run("init", *self.db_args(), "--json"))
        self.check(init["policies"] == 67 and init["wards"] == 68, f"init: {init}")

        catalog = json.loads(self.run("catalog", *self.db_args(), "--json"))
        self.check(len(catalog["pillars"]) == 6, "catalog: not 6 pillars")

        added = json.loads(
            self.run("add", *self.db_args(), "--text", TEXT, "--channel", "letter", "--json")
        )
        listed = json.loads(self.run("list", *self.db_args(), "--json"))
        self.check(
            any(c.get("text") == TEXT for c in _comments(listed)),
            f"list: the added comment {added.get('id')} is not there",
        )

        pdf = self.tmp / "policy.pdf"
        self.run("report", "policy", *self.db_args(), "--out", str(pdf))
        self.check(pdf.read_bytes()[:5] == b"%PDF-", "report: not a PDF")
        self.check(b"FontFile2" in pdf.read_bytes(), "report: the Japanese font is not embedded")
        # English dates and numbers: the bundle keeps only Babel's ja and en locale data.
        pdf_en = self.tmp / "area-en.pdf"
        self.run("report", "area", *self.db_args(), "--lang", "en", "--out", str(pdf_en))
        self.check(pdf_en.read_bytes()[:5] == b"%PDF-", "report in English: not a PDF")

        xlsx = self.tmp / "comments.xlsx"
        self.run("export", *self.db_args(), "--format", "xlsx", "--out", str(xlsx))
        with zipfile.ZipFile(xlsx) as z:
            sheet = z.read("xl/worksheets/sheet1.xml").decode("utf-8")
            shared = (
                z.read("xl/sharedStrings.xml").decode("utf-8")
                if ("xl/sharedStrings.xml" in z.namelist())
                else ""
            )
        self.check("保育園" in sheet + shared, "export: the comment is not in the sheet")

        sug = json.loads(
            self.run("suggest", *self.db_args(), "保育園の待機児童を減らしてほしい", "--json")
        )
        self.check(bool(sug["policies"]), "suggest: no policy suggested")
        # 63.3 % without a dictionary, 66.1 % with SudachiDict small: proves it is bundled.
        evaluation = json.loads(
            self.run(
                "suggest",
                *self.db_args(),
                "--evaluate",
                str(ROOT / "tests" / "data" / "suggest_eval_plain.tsv"),
                "--json",
            )
        )
        self.check(evaluation["top1"] >= 0.65, f"suggest: top-1 {evaluation['top1']} < 65 %")

        # Themes (pure-Python clustering): over 2,500 comments, so a sample is clustered and
        # the rest join their nearest theme.
        demo = ["--db", str(self.tmp / "data" / "demo.sqlite3")]
        self.run("demo-data", *demo, "--comments", "3000")
        themes = json.loads(self.run("themes", *demo, "--json"))
        grouped = sum(t["count"] for t in themes["themes"])
        self.check(
            themes["total"] == 3000 and len(themes["themes"]) >= 5,
            f"themes: {len(themes['themes'])} themes of {themes['total']} comments",
        )
        self.check(grouped + themes["unthemed"] == 3000, "themes: comments lost or counted twice")
        # Labels are nouns joined by ・; without the dictionary they are the first characters
        # of a comment (the build once grouped on character n-grams only).
        worded = sum("・" in t["label"] for t in themes["themes"])
        self.check(worded * 2 > len(themes["themes"]), "themes: labels are not words")

        # The whole programme's report: its themes (3,000 comments) are worked out in a second
        # process, which in the bundle is this executable again (multiprocessing's spawn).
        pdf = self.tmp / "programme.pdf"
        self.run("report", "policy", *demo, "--out", str(pdf))
        self.check(pdf.read_bytes()[:5] == b"%PDF-", "programme report: not a PDF")
        log = self.tmp / "data" / "logs" / "komoro-feedback.log"
        self.check(
            "themes: worked out in a second process" in log.read_text(encoding="utf-8"),
            "programme report: the themes were not worked out in a second process",
        )

        shots = self.tmp / "shots"
        self.run("screenshot", "--out", str(shots), "--comments", "60", timeout=300)
        capture = shots / "capture.png"
        self.check(capture.exists(), "screenshot: no capture.png")
        self.check(png_size(capture) == (1366, 768), f"screenshot: {png_size(capture)}")
        self.check(capture.stat().st_size > 20_000, "screenshot: capture.png looks empty")

        log = self.tmp / "data" / "logs" / "komoro-feedback.log"
        self.check(log.exists(), "no log file in KOMORO_DATA_DIR/logs")
        self.check("Traceback" not in log.read_text(encoding="utf-8"), "the log has a traceback")


def _comments(listed: object) -> list[dict[str, object]]:
    if isinstance(listed, dict):
        items = listed.get("comments", listed.get("items", []))
        return list(items) if isinstance(items, list) else []
    return list(listed) if isinstance(listed, list) else []


def png_size(path: Path) -> tuple[int, int]:
    head = path.read_bytes()[:24]
    width, height = struct.unpack(">II", head[16:24])
    return width, height


def main(argv: list[str]) -> int:
    folder = Path(argv[0] if argv else ROOT / "dist" / "komoro-feedback").resolve()
    print(f"bundle smoke test: {folder}", flush=True)
    with tempfile.TemporaryDirectory(prefix="komoro-smoke-") as tmp:
        try:
            Smoke(folder, Path(tmp)).all()
        except (SmokeFailure, subprocess.TimeoutExpired, OSError, ValueError, KeyError) as exc:
            print(f"bundle smoke test FAILED: {exc}", file=sys.stderr)
            return 1
    print("bundle smoke test passed", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
