"""Maintain the gettext catalogs: `python -m komoro_feedback.i18n.catalogs update|compile|check`."""

from __future__ import annotations

import argparse
import re
import string
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path
from typing import Final

from babel.messages.catalog import Catalog, Message
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

from komoro_feedback import __version__
from komoro_feedback.i18n.translation import DOMAIN, SUPPORTED_LANGUAGES

PROJECT_ROOT: Final = Path(__file__).resolve().parents[2]
# Japanese is the source language (msgid = Japanese text), so only these must be complete.
TRANSLATED_LANGUAGES: Final = ("en",)
COMMENT_TAGS: Final = ("Translators:",)

# Dates Babel rewrites on every run; ignored when deciding whether a file really changed.
_VOLATILE_HEADER = re.compile(r'^"(POT-Creation-Date|PO-Revision-Date): .*\n', re.MULTILINE)


@dataclass(frozen=True)
class CatalogLayout:
    """Where a project keeps its extraction map, template, .po and .mo files."""

    root: Path

    @property
    def mapping_file(self) -> Path:
        return self.root / "babel.cfg"

    @property
    def locale_dir(self) -> Path:
        return self.root / "resources" / "locale"

    @property
    def template(self) -> Path:
        return self.locale_dir / f"{DOMAIN}.pot"

    def po_file(self, lang: str) -> Path:
        return self.locale_dir / lang / "LC_MESSAGES" / f"{DOMAIN}.po"

    def mo_file(self, lang: str) -> Path:
        return self.locale_dir / lang / "LC_MESSAGES" / f"{DOMAIN}.mo"


def extract_messages(root: Path = PROJECT_ROOT) -> Catalog:
    """Collect every `_()`, `N_()` and `ngettext()` message under `root` as a template catalog."""
    layout = CatalogLayout(root)
    with layout.mapping_file.open(encoding="utf-8") as fp:
        # Babel leaves this reader unannotated; it returns (method_map, options_map).
        method_map, options_map = parse_mapping_cfg(  # type: ignore[no-untyped-call]
            fp, str(layout.mapping_file)
        )
    template = _new_catalog(locale=None)
    for filename, lineno, message, comments, context in extract_from_dir(
        root,
        method_map,
        options_map,
        keywords=DEFAULT_KEYWORDS,
        comment_tags=COMMENT_TAGS,
        strip_comment_tags=True,
    ):
        template.add(message, None, [(filename, lineno)], auto_comments=comments, context=context)
    return template


def update_catalogs(root: Path = PROJECT_ROOT) -> list[Path]:
    """Write the .pot from the source, then merge it into (or create) each language's .po."""
    layout = CatalogLayout(root)
    template = extract_messages(root)
    written = [p for p in [layout.template] if _write_if_changed(p, _render_po(template))]
    for lang in SUPPORTED_LANGUAGES:
        po_file = layout.po_file(lang)
        if po_file.exists():
            catalog = _read_po(po_file, lang)
            catalog.update(template, update_creation_date=False)
        else:
            catalog = _new_catalog(locale=lang)
            catalog.update(template, no_fuzzy_matching=True)
        if _write_if_changed(po_file, _render_po(catalog)):
            written.append(po_file)
    return written


def compile_catalogs(root: Path = PROJECT_ROOT) -> list[Path]:
    """Compile each language's .po into the .mo the app loads; fuzzy entries are left out."""
    layout = CatalogLayout(root)
    written = []
    for lang in SUPPORTED_LANGUAGES:
        mo_file = layout.mo_file(lang)
        if _write_if_changed(mo_file, _render_mo(_read_po(layout.po_file(lang), lang))):
            written.append(mo_file)
    return written


def check_catalogs(root: Path = PROJECT_ROOT) -> list[str]:
    """List what keeps the catalogs from being complete; an empty list means all is well."""
    layout = CatalogLayout(root)
    source = extract_messages(root)
    problems: list[str] = []
    for lang in SUPPORTED_LANGUAGES:
        po_file = layout.po_file(lang)
        if not po_file.exists():
            problems.append(f"{lang}: {po_file} is missing; run `update`")
            continue
        catalog = _read_po(po_file, lang)
        if lang in TRANSLATED_LANGUAGES:
            problems += _missing_messages(lang, source, catalog)
            problems += _untranslated_messages(lang, catalog)
        problems += _placeholder_errors(lang, catalog)
        mo_file = layout.mo_file(lang)
        if not mo_file.exists() or mo_file.read_bytes() != _render_mo(catalog):
            problems.append(f"{lang}: {mo_file} is missing or older than the .po; run `compile`")
    return problems


def _missing_messages(lang: str, source: Catalog, catalog: Catalog) -> list[str]:
    return [
        f"{lang}: not in the catalog (run `update`): {_describe(message)}"
        for message in _entries(source)
        if catalog.get(message.id, message.context) is None
    ]


def _untranslated_messages(lang: str, catalog: Catalog) -> list[str]:
    problems = []
    for message in _entries(catalog):
        if message.fuzzy:
            problems.append(f"{lang}: fuzzy translation: {_describe(message)}")
        elif not all(_texts(message.string)):
            problems.append(f"{lang}: untranslated: {_describe(message)}")
    return problems


def _placeholder_errors(lang: str, catalog: Catalog) -> list[str]:
    problems = [
        f"{lang}: {error}: {_describe(message)}"
        for message, errors in catalog.check()
        for error in errors
    ]
    for message in _entries(catalog):
        ids = _texts(message.id)
        expected = set().union(*(_fields(text) for text in ids))
        for text in filter(None, _texts(message.string)):
            found = _fields(text)
            # A plural form may drop {n} ("One comment"); a singular message must keep them all.
            if found - expected or (len(ids) == 1 and found != expected):
                problems.append(
                    f"{lang}: placeholders {sorted(found)} differ from {sorted(expected)}: "
                    f"{_describe(message)}"
                )
    return problems


def _fields(text: str) -> set[str]:
    """The `{name}` fields of a str.format() message (empty if it is not one)."""
    try:
        return {field for _, field, _, _ in string.Formatter().parse(text) if field is not None}
    except ValueError:
        return set()


def _texts(value: str | Sequence[str] | None) -> tuple[str, ...]:
    """A message's id or string as a tuple: one item, or one per plural form."""
    if value is None:
        return ()
    return (value,) if isinstance(value, str) else tuple(value)


def _entries(catalog: Catalog) -> Iterable[Message]:
    return (message for message in catalog if message.id)


def _describe(message: Message) -> str:
    msgid = _texts(message.id)[0]
    where = ", ".join(f"{filename}:{lineno}" for filename, lineno in message.locations)
    context = f" [{message.context}]" if message.context else ""
    return f"{msgid!r}{context}" + (f" ({where})" if where else "")


def _new_catalog(locale: str | None) -> Catalog:
    return Catalog(
        locale=locale,
        domain=DOMAIN,
        header_comment="# Translations template for PROJECT.\n# Copyright (C) YEAR ORGANIZATION\n#",
        project="Komoro Feedback",
        version=__version__,
        copyright_holder="Komoro City",
        last_translator="Komoro Feedback developers",
        language_team=locale or "",
        charset="utf-8",
        fuzzy=False,
    )


def _read_po(path: Path, lang: str) -> Catalog:
    with path.open("rb") as fp:
        return read_po(fp, locale=lang, domain=DOMAIN)


def _render_po(catalog: Catalog) -> bytes:
    buffer = BytesIO()
    # Sorted by msgid and without line numbers, so that moving code does not churn the files.
    write_po(buffer, catalog, width=100, sort_output=True, include_lineno=False)
    return buffer.getvalue()


def _render_mo(catalog: Catalog) -> bytes:
    buffer = BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    return buffer.getvalue()


def _write_if_changed(path: Path, data: bytes) -> bool:
    if path.exists():
        old = path.read_bytes()
        if old == data or (
            path.suffix in (".po", ".pot")
            and _VOLATILE_HEADER.sub("", old.decode("utf-8"))
            == _VOLATILE_HEADER.sub("", data.decode("utf-8"))
        ):
            return False
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return True


def main(argv: Sequence[str] | None = None) -> int:
    """Run one catalog command; `check` exits with 1 and lists the problems if there are any."""
    parser = argparse.ArgumentParser(prog="python -m komoro_feedback.i18n.catalogs")
    parser.add_argument("command", choices=("update", "compile", "check"))
    parser.add_argument("--root", type=Path, default=PROJECT_ROOT, help="project checkout")
    args = parser.parse_args(argv)
    root: Path = args.root
    if args.command == "check":
        problems = check_catalogs(root)
        for problem in problems:
            print(problem, file=sys.stderr)
        return 1 if problems else 0
    action = update_catalogs if args.command == "update" else compile_catalogs
    for path in action(root):
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
