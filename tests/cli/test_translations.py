"""The staff catalogue: every message of the source translated in every staff language, the
compiled files the app reads current, and placeholders kept."""
from __future__ import annotations

from io import BytesIO

import pytest
from babel.messages.mofile import read_mo

from survey.cli.translations import compile_mo, extract, missing, po_path, read
from survey.web.i18n import STAFF_LANGUAGES


@pytest.mark.parametrize("language", STAFF_LANGUAGES)
def test_every_message_is_translated(language):
    assert missing(language) == []


def _messages(mo: bytes) -> dict:
    """A compiled catalogue's messages (a plural's ids and strings as tuples)."""
    def frozen(value):
        return tuple(value) if isinstance(value, (list, tuple)) else value

    return {(m.context, frozen(m.id)): frozen(m.string) for m in read_mo(BytesIO(mo)) if m.id}


@pytest.mark.parametrize("language", STAFF_LANGUAGES)
def test_the_compiled_catalogue_is_current(language):
    shipped = po_path(language).with_suffix(".mo").read_bytes()
    as_shipped, from_po = (_messages(shipped), _messages(compile_mo(language)))
    assert as_shipped == from_po, "run `survey translations` and commit the .mo files"


@pytest.mark.parametrize("language", STAFF_LANGUAGES)
def test_translations_keep_their_placeholders(language):
    problems = [(message.id, [str(e) for e in errors])
                for message, errors in read(language).check() if errors]
    assert problems == []


def test_vocabulary_codes_are_in_the_catalogue_with_their_vocabulary_as_context():
    ids = {(m.context, m.id) for m in extract()}
    assert ("gender", "not-stated") in ids and ("reason", "other") in ids
