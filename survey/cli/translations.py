"""``survey translations``: the staff catalogue from the source (message ids in English), every
language's ``.po`` brought up to date with it, and the ``.mo`` files the app reads compiled.

The message ids come from ``_()``/``gettext``/``lazy_gettext`` in Python and ``{% trans %}``/
``_()`` in templates, plus one entry per vocabulary code (context = vocabulary, id = code)."""
from __future__ import annotations

from io import BytesIO
from pathlib import Path

import click
from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

PACKAGE = Path(__file__).resolve().parents[1]
TRANSLATIONS = PACKAGE / "translations"
KEYWORDS = {**DEFAULT_KEYWORDS, "_l": None, "lazy_gettext": None, "lazy_ngettext": (1, 2),
            "lazy_pgettext": ((1, "c"), 2)}
METHODS = [("**/templates/**.html", "jinja2.ext:babel_extract"), ("**.py", "python")]
OPTIONS = {"**/templates/**.html": {"extensions": "jinja2.ext.do", "trimmed": "true"}}


def languages() -> tuple[str, ...]:
    from survey.web.i18n import STAFF_LANGUAGES

    return STAFF_LANGUAGES


def po_path(language: str) -> Path:
    return TRANSLATIONS / language / "LC_MESSAGES" / "messages.po"


def extract() -> Catalog:
    """Every message id the source holds (the template of each language's catalogue)."""
    from survey.web.labels import VOCABULARIES

    catalogue = Catalog(project="survey", fuzzy=False)
    for filename, line, message, comments, context in extract_from_dir(
            PACKAGE, METHODS, OPTIONS, KEYWORDS, comment_tags=("TRANSLATORS:",),
            strip_comment_tags=True):
        if "/translations/" in filename:
            continue
        catalogue.add(message, None, [(filename, line)], auto_comments=comments, context=context)
    for vocabulary, codes in VOCABULARIES.items():
        for code in codes:
            catalogue.add(code, None, [("survey/web/labels.py", 0)], context=vocabulary)
    return catalogue


def read(language: str) -> Catalog:
    with po_path(language).open("rb") as file:
        return read_po(file, locale=language)


def update() -> None:
    """Each language's catalogue gets the new ids and loses the ones the source dropped.
    English ids are their own English translation, except vocabulary codes."""
    template = extract()
    for language in languages():
        path = po_path(language)
        path.parent.mkdir(parents=True, exist_ok=True)
        catalogue = read(language) if path.exists() else Catalog(locale=language)
        catalogue.update(template, no_fuzzy_matching=True)
        catalogue.obsolete.clear()
        if language == "en":
            for message in catalogue:
                if message.id and not _translated(message) and not message.context:
                    message.string = message.id
        with path.open("wb") as file:
            write_po(file, catalogue, width=100, omit_header=False, sort_output=True)


def _translated(message) -> bool:
    """Whether the message has its translation (each form of a plural)."""
    forms = message.string if isinstance(message.string, tuple) else (message.string,)
    return all(forms)


def compile_mo(language: str) -> bytes:
    buffer = BytesIO()
    write_mo(buffer, read(language), use_fuzzy=False)
    return buffer.getvalue()


def compile_all() -> None:
    for language in languages():
        po_path(language).with_suffix(".mo").write_bytes(compile_mo(language))


def missing(language: str) -> list[str]:
    """Message ids of the source that the language's catalogue does not translate."""
    catalogue = read(language)
    gaps = []
    for message in extract():
        if not message.id:
            continue
        found = catalogue.get(message.id, message.context)
        if found is None or not _translated(found) or found.fuzzy:
            gaps.append(f"{message.context or ''}|{message.id}")
    return gaps


@click.command("translations")
def translations_command() -> None:
    """Update every staff language's catalogue from the source and compile it."""
    update()
    compile_all()
    for language in languages():
        gaps = missing(language)
        click.echo(f"{language}: {len(gaps)} untranslated")
