"""The Linux bundle's slim ICU data: Japanese and English collate, name zones and decode as
with the full data (packaging/icu_data.py)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "packaging"))

import icu_data  # noqa: E402


def test_items_kept_and_dropped() -> None:
    for kept in (
        "coll/ja.res",
        "coll/root.res",
        "coll/ucadata.icu",
        "ja_JP.res",
        "en_US_POSIX.res",
        "zone/ja.res",
        "res_index.res",
        "zone/res_index.res",
        "pool.res",
        "supplementalData.res",
        "zoneinfo64.res",
        "ibm-943_P15A-2003.cnv",
        "euc-jp-2007.cnv",
        "cnvalias.icu",
        "uts46.nrm",
    ):
        assert icu_data.keep_item(kept), kept
    for dropped in (
        "coll/zh.res",
        "de.res",
        "zh_Hant_TW.res",
        "lang/fr.res",
        "brkitr/cjdict.dict",
        "translit/root.res",
        "ibm-1390_P110-2003.cnv",
        "unames.icu",
    ):
        assert not icu_data.keep_item(dropped), dropped


def qt_icu_data() -> Path:
    """The ICU data library of the installed PySide6 (Linux wheels ship one)."""
    if not sys.platform.startswith("linux") or not (shutil.which("readelf") and shutil.which("cc")):
        pytest.skip("Linux with readelf and cc only")
    pyside = pytest.importorskip("PySide6")
    found = sorted((Path(pyside.__file__).parent / "Qt" / "lib").glob("libicudata.so.*"))
    if not found:
        pytest.skip("this PySide6 has no ICU data library")
    return found[0]


def test_a_package_written_back_whole_keeps_every_item() -> None:
    library = qt_icu_data()
    _name, offset, size = icu_data._data_symbol(library)
    package = library.read_bytes()[offset : offset + size]
    header, items = icu_data.read_items(package)
    again = icu_data.write_items(header, items)
    assert len(again) == len(package)
    assert icu_data.read_items(again)[1] == items
    slim = icu_data.read_items(icu_data.slim_package(package))[1]
    assert 50 < len(slim) < len(items) / 10
    assert [n for n, _ in slim] == sorted(n for n, _ in slim)  # ICU searches names by bisection


PROBE = """
import os
os.environ["QT_QPA_PLATFORM"] = "offscreen"
from PySide6.QtCore import QCollator, QLocale, QStringDecoder, QTimeZone
words = ["さくら", "サクラ", "桜", "あい", "アイ", "abc", "ABC", "Äpfel", "ｶﾀｶﾅ", "１２３", "123"]
for loc in ("ja_JP", "en_US"):
    print(sorted(words, key=QCollator(QLocale(loc)).sortKey), QLocale(loc).toUpper("straße"))
    tz = QTimeZone(b"Asia/Tokyo")
    print(tz.displayName(QTimeZone.TimeType.StandardTime, QTimeZone.NameType.LongName, QLocale(loc)))
for codec in ("Shift_JIS", "EUC-JP", "ISO-2022-JP", "windows-1252"):
    print(codec, QStringDecoder(codec).isValid())
"""


def test_qt_collates_names_zones_and_decodes_alike_with_the_slim_data(tmp_path: Path) -> None:
    library = qt_icu_data()
    old, new = icu_data.slim_library(library, tmp_path / library.name)
    assert new < old / 5

    def probe(extra_path: str) -> str:
        # LD_LIBRARY_PATH is searched before the RUNPATH of Qt's libraries
        env = {**os.environ, "LD_LIBRARY_PATH": extra_path}
        done = subprocess.run(
            [sys.executable, "-c", PROBE], env=env, capture_output=True, text=True, check=True
        )
        return done.stdout

    full, slim = probe(""), probe(str(tmp_path))
    assert "日本標準時" in full and "Shift_JIS True" in full
    assert slim == full
