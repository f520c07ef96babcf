"""The translation catalogs stay complete: every message in the source has an English text."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

from komoro_feedback.i18n.catalogs import (
    PROJECT_ROOT,
    CatalogLayout,
    check_catalogs,
    compile_catalogs,
    extract_messages,
    main,
    update_catalogs,
)

SOURCE = """
from komoro_feedback.i18n.translation import N_, _, ngettext

LABEL = N_("受付")


def describe(n: int, name: str) -> str:
    # Translators: shown after saving a comment.
    title = _("区「{name}」の意見").format(name=name)
    return title + ngettext("{n}件", "{n}件", n).format(n=n)
"""

ENGLISH: dict[str, str | tuple[str, str]] = {
    "受付": "Received",
    "区「{name}」の意見": 'Comments of the ward "{name}"',
    "{n}件": ("{n} item", "{n} items"),
}


def test_bundled_catalogs_are_complete_and_compiled() -> None:
    problems = check_catalogs()
    assert problems == [], (
        "Run `python -m komoro_feedback.i18n.catalogs update`, translate the new entries in "
        "resources/locale/en/LC_MESSAGES/komoro_feedback.po, then run `... compile`:\n"
        + "\n".join(problems)
    )


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A throwaway checkout with one module of messages and the real extraction map."""
    shutil.copy(PROJECT_ROOT / "babel.cfg", tmp_path / "babel.cfg")
    package = tmp_path / "komoro_feedback"
    package.mkdir()
    (package / "labels.py").write_text(SOURCE, encoding="utf-8")
    return tmp_path


def _edit_english(
    project: Path, edit: dict[str, str | tuple[str, str]], fuzzy: bool = False
) -> None:
    po_file = CatalogLayout(project).po_file("en")
    with po_file.open("rb") as fp:
        catalog: Catalog = read_po(fp, locale="en")
    for message in catalog:
        key = message.id[0] if isinstance(message.id, tuple) else message.id
        if key in edit:
            message.string = edit[key]
            if fuzzy:
                message.flags.add("fuzzy")
    with po_file.open("wb") as fp:
        write_po(fp, catalog)


def test_extract_finds_underscore_n_underscore_and_ngettext(project: Path) -> None:
    template = extract_messages(project)
    ids = {m.id for m in template if m.id}
    assert ids == {"受付", "区「{name}」の意見", ("{n}件", "{n}件")}
    message = template.get("区「{name}」の意見")
    assert message is not None
    assert message.auto_comments == ["shown after saving a comment."]


def test_check_lists_untranslated_messages_until_translated_and_compiled(project: Path) -> None:
    layout = CatalogLayout(project)
    assert check_catalogs(project) == [
        f"{lang}: {layout.po_file(lang)} is missing; run `update`" for lang in ("ja", "en")
    ]

    update_catalogs(project)
    problems = check_catalogs(project)
    untranslated = [p for p in problems if p.startswith("en: untranslated")]
    assert len(untranslated) == 3
    assert any("区「{name}」の意見" in p and "labels.py" in p for p in untranslated)

    _edit_english(project, ENGLISH)
    assert check_catalogs(project) == [
        f"{lang}: {layout.mo_file(lang)} is missing or older than the .po; run `compile`"
        for lang in ("ja", "en")
    ]

    compile_catalogs(project)
    assert check_catalogs(project) == []
    assert main(["check", "--root", str(project)]) == 0


def test_check_reports_a_new_message_missing_from_the_english_catalog(project: Path) -> None:
    update_catalogs(project)
    _edit_english(project, ENGLISH)
    compile_catalogs(project)
    module = project / "komoro_feedback" / "labels.py"
    module.write_text(SOURCE + '\nNEW = _("新しい文言")\n', encoding="utf-8")

    problems = check_catalogs(project)
    assert len(problems) == 1
    assert problems[0].startswith("en: not in the catalog")
    assert "新しい文言" in problems[0]
    assert main(["check", "--root", str(project)]) == 1


def test_check_reports_fuzzy_and_wrong_placeholders(project: Path) -> None:
    update_catalogs(project)
    _edit_english(project, ENGLISH)
    _edit_english(project, {"受付": "Accepted"}, fuzzy=True)
    _edit_english(project, {"区「{name}」の意見": "Comments of the ward {ward}"})
    compile_catalogs(project)

    problems = check_catalogs(project)
    assert any(p.startswith("en: fuzzy translation") and "受付" in p for p in problems)
    assert any("placeholders ['ward'] differ from ['name']" in p for p in problems)
    assert len(problems) == 2


def test_update_keeps_translations_and_is_idempotent(project: Path) -> None:
    layout = CatalogLayout(project)
    assert update_catalogs(project) == [layout.template, layout.po_file("ja"), layout.po_file("en")]
    _edit_english(project, ENGLISH)
    update_catalogs(project)
    assert update_catalogs(project) == []
    assert 'msgstr "Received"' in layout.po_file("en").read_text(encoding="utf-8")
