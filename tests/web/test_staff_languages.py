"""Every staff page in each staff language, with no message of the catalogue left untranslated:
no English message id on a Nordic page and no Swedish text on a page in another language.

The pages are the GET routes of the access table (tests/test_route_access.py), each opened as the
first role the table lets in; the tablet's client pages (in the client's language, not the
staff's) are left out, and two error pages are added. A page leaks when one of its text nodes (or
seen attributes) is, as a whole, the English id or the Swedish text of a message whose
translation into the page's language differs, and is no translation of any message into that
language (so "Export", Swedish and English alike, never counts as a leak), nor a language's
name in itself (the language choice offers "English" on every page). Messages with placeholders
match with what fills them in."""
from __future__ import annotations

import re
from functools import cache
from html.parser import HTMLParser

import pytest
from flask import url_for

from survey.cli.translations import read
from survey.web.i18n import STAFF_LANGUAGE_NAMES, STAFF_LANGUAGES
from tests.test_route_access import (  # noqa: F401 (fixtures)
    ACCESS,
    arguments,
    north_review,
    other_coordinators,
)

# Who opens the pages: the first of these the table lets in.
READERS = ("anna", "cora", "olga", "adam", "sven", "carl")
# Pages on the client's side of the tablet, worded in the client's language.
CLIENT_PAGES = {"kiosk.start", "kiosk.about", "kiosk.code_entry", "kiosk.code_setup",
                "kiosk.welcome", "kiosk.answer", "kiosk.thanks", "kiosk.locked"}
# Error pages, as (reader, path).
ERROR_PAGES = (("anna", "/admin/"), ("adam", "/no/such/page"))
SEEN = ("title", "aria-label", "placeholder", "alt")
IN_SENTENCE = {"code", "em", "strong", "b", "i", "abbr", "kbd", "sub", "sup"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr"}
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|\{\w+\}")


class _Texts(HTMLParser):
    """The text nodes and seen attributes of a page. Words marked up inside a sentence
    (``<code>``, ``<em>`` …) stay part of it: "ja" between two ``<code>`` is Finnish "and".
    An element marked as another language (the audit log's English details) is not read."""

    def __init__(self) -> None:
        super().__init__()
        self.texts: list[str] = [""]
        self._skip: list[str] = []  # the open elements whose text is not the page's

    def handle_starttag(self, tag, attrs):
        marked = dict(attrs).get("lang")
        if tag == "html":
            self._html = marked
        foreign = marked is not None and tag != "html" and marked != self._html
        if tag not in VOID and (self._skip or foreign or tag in ("script", "style")):
            self._skip.append(tag)
        self.texts[-1:-1] = [value for name, value in attrs if name in SEEN and value]
        if tag not in IN_SENTENCE:
            self.texts.append("")

    def handle_endtag(self, tag):
        if tag in self._skip:
            while self._skip.pop() != tag:
                pass
        if tag not in IN_SENTENCE:
            self.texts.append("")

    def handle_data(self, data):
        if not self._skip:
            self.texts[-1] += data

    _html: str | None = None


def texts_of(page: str) -> set[str]:
    parser = _Texts()
    parser.feed(page)
    return {" ".join(text.split()) for text in parser.texts} - {""}


def _strings(message) -> list[str]:
    return [s for s in (message.string if isinstance(message.string, tuple) else [message.string])
            if s]


@cache
def wrong_texts(language: str) -> re.Pattern | None:
    """A pattern matching the texts that must not stand whole on a page in ``language``."""
    own = {(m.context, m.id): m for m in read(language) if m.id}
    right = {text for message in own.values() for text in _strings(message)}
    sources = [read("sv")] if language != "sv" else []
    wrong = set()
    for message in (m for m in read("en") if m.id):
        translated = own.get((message.context, message.id))
        if translated is None or not _strings(translated):
            continue  # a missing translation is tests/cli/test_translations.py's to report
        if language != "en":  # the English: the id itself, or a vocabulary's English label
            wrong |= set(_strings(message)) - set(_strings(translated))
    for catalogue in sources:
        for message in (m for m in catalogue if m.id):
            translated = own.get((message.context, message.id))
            if translated is not None:
                wrong |= set(_strings(message)) - set(_strings(translated))
    wrong -= right | set(STAFF_LANGUAGE_NAMES.values())  # each language named in itself, always
    # Words, not "1" or "–"; and with placeholders, enough words of their own to tell ("Not
    # %(number)s", a Swedish note, is not any English "Not set").
    wrong = {text for text in wrong if re.search(r"[^\W\d_]{2}", text)
             and (not PLACEHOLDER.search(text)
                  or len(re.findall(r"[^\W\d_]", PLACEHOLDER.sub("", text))) >= 8)}
    if not wrong:
        return None
    return re.compile("|".join(_pattern(text) for text in sorted(wrong, key=len, reverse=True)))


def _pattern(text: str) -> str:
    """The text with its spaces collapsed, each placeholder matching what fills it in: any text
    for ``%(name)s``, a number for ``%(num)d`` and the vocabularies' ``{n}``."""
    text = " ".join(text.split())
    pattern, last = "", 0
    for found in PLACEHOLDER.finditer(text):
        pattern += re.escape(text[last:found.start()])
        pattern += ".+?" if found.group().endswith(")s") else r"[\d.,\s]+"
        last = found.end()
    return pattern + re.escape(text[last:])


def leaks(page: str, language: str) -> list[str]:
    pattern = wrong_texts(language)
    if pattern is None:
        return []
    return sorted(text for text in texts_of(page) if pattern.fullmatch(text))


def _staff_pages(app, arguments: dict) -> dict[str, list[tuple[str, str]]]:  # noqa: F811
    """Reader → the (endpoint, url) of each staff GET page they open."""
    pages: dict[str, list[tuple[str, str]]] = {}
    for (endpoint, method), expected in ACCESS.items():
        if method != "GET" or endpoint in CLIENT_PAGES:
            continue
        reader = next((role for role in READERS if expected[role] == "ok"), None)
        if reader is None:
            continue  # nobody opens it here (e.g. single sign-on without a provider)
        rule = next(r for r in app.url_map.iter_rules() if r.endpoint == endpoint)
        with app.test_request_context():
            url = url_for(endpoint, **{name: arguments[name] for name in rule.arguments})
        pages.setdefault(reader, []).append((endpoint, url))
    for reader, path in ERROR_PAGES:
        pages.setdefault(reader, []).append((f"error {path}", path))
    return pages


def test_the_pattern_catches_a_leak_and_spares_shared_words(app):
    """The check itself: an English id or a Swedish text is caught whole, with its placeholders
    filled in; a word the page's language writes alike ("Export" in Swedish and English) is not."""
    page = ("<h1>Log of views, exports and changes</h1><p>Stäng av kontot anna?</p>"
            "<td>Export</td><td>North team</td><td title='Logga ut'>1</td>"
            "<td lang='en'>client view <br> Log</td>")  # marked as English: not a leak
    assert leaks(page, "fi") == ["Export", "Log of views, exports and changes", "Logga ut",
                                 "Stäng av kontot anna?"]
    assert leaks(page, "sv") == ["Log of views, exports and changes"]
    assert leaks(page, "en") == ["Logga ut", "Stäng av kontot anna?"]


@pytest.mark.parametrize("language", STAFF_LANGUAGES)
def test_every_staff_page_is_in_the_staff_language(app, client, login, arguments,  # noqa: F811
                                                    language):
    app.config["DEFAULT_LANGUAGE"] = language  # no account has its own: the default for all
    found = {}
    for reader, pages in _staff_pages(app, arguments).items():
        login(reader)
        for endpoint, url in pages:
            answer = client.get(url)
            if answer.mimetype != "text/html" or answer.status_code in (301, 302, 303):
                continue  # a file, or a way on to a page walked on its own
            page = answer.get_data(as_text=True)
            wrong = leaks(page, language)
            if f'<html lang="{language}"' not in page:
                wrong.insert(0, "(the page is not marked as the staff language)")
            if wrong:
                found[endpoint] = wrong[:6]
    assert found == {}, "\n".join(f"{page}: {texts}" for page, texts in sorted(found.items()))
