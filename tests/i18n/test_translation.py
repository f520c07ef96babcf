"""Switching the language of `_()` at run time, from catalogs compiled with Babel."""

from __future__ import annotations

import gettext
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo

from komoro_feedback.i18n.translation import (
    N_,
    _,
    catalog_path,
    current_language,
    load_translations,
    ngettext,
    set_language,
)

SAVE = N_("保存")
COMMENTS = ("意見{n}件", "意見{n}件")


@pytest.fixture(autouse=True)
def restore_language() -> Iterator[None]:
    before = current_language()
    yield
    set_language(before)


@pytest.fixture
def locale_dir(tmp_path: Path) -> Path:
    """A locale folder with a tiny English catalog, compiled the way the build does it."""
    catalog = Catalog(locale="en", domain="komoro_feedback", fuzzy=False)
    catalog.add("保存", "Save")
    catalog.add("取消", "Cancel", flags=["fuzzy"])  # fuzzy entries must not be used
    catalog.add(COMMENTS, ("{n} comment", "{n} comments"))
    mo = catalog_path("en", tmp_path)
    mo.parent.mkdir(parents=True)
    with mo.open("wb") as fp:
        write_mo(fp, catalog)
    return tmp_path


def test_set_language_switches_the_result_of_underscore(locale_dir: Path) -> None:
    set_language("en", locale_dir)
    assert current_language() == "en"
    assert _("保存") == "Save"
    set_language("ja", locale_dir)
    assert current_language() == "ja"
    assert _("保存") == "保存"


def test_marked_messages_are_translated_when_shown(locale_dir: Path) -> None:
    assert SAVE == "保存"  # N_ only marks
    set_language("en", locale_dir)
    assert _(SAVE) == "Save"


def test_untranslated_and_fuzzy_messages_show_the_japanese_msgid(locale_dir: Path) -> None:
    set_language("en", locale_dir)
    assert _("未翻訳の文") == "未翻訳の文"
    assert _("取消") == "取消"


def test_ngettext_uses_the_english_plural_forms(locale_dir: Path) -> None:
    set_language("en", locale_dir)
    assert ngettext(*COMMENTS, 1).format(n=1) == "1 comment"
    assert ngettext(*COMMENTS, 3).format(n=3) == "3 comments"
    set_language("ja", locale_dir)
    assert ngettext(*COMMENTS, 3).format(n=3) == "意見3件"


def test_missing_catalog_falls_back_to_the_msgids(tmp_path: Path) -> None:
    set_language("en", tmp_path / "nowhere")
    assert current_language() == "en"
    assert _("保存") == "保存"
    assert type(load_translations("en", tmp_path)) is gettext.NullTranslations


def test_a_recompiled_catalog_is_read_again(locale_dir: Path) -> None:
    set_language("en", locale_dir)
    catalog = Catalog(locale="en", domain="komoro_feedback", fuzzy=False)
    catalog.add("保存", "Store")
    with catalog_path("en", locale_dir).open("wb") as fp:
        write_mo(fp, catalog)
    set_language("en", locale_dir)
    assert _("保存") == "Store"


def test_unsupported_language_is_rejected() -> None:
    with pytest.raises(ValueError, match="fr"):
        set_language("fr")
    assert current_language() in ("ja", "en")


def test_bundled_english_catalog_is_found() -> None:
    translations = load_translations("en")
    assert isinstance(translations, gettext.GNUTranslations)
    assert translations.info()["language"] == "en"


def test_i18n_and_text_modules_load_without_qt() -> None:
    modules = [
        "komoro_feedback.i18n.translation",
        "komoro_feedback.i18n.formatting",
        "komoro_feedback.i18n.era",
        "komoro_feedback.i18n.catalogs",
        "komoro_feedback.domain.text",
        "komoro_feedback.fonts",
        "komoro_feedback.paths",
    ]
    code = f"import sys\nfor m in {modules!r}: __import__(m)\nprint('PySide6' in sys.modules)"
    root = Path(__file__).resolve().parents[2]
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=root, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"
