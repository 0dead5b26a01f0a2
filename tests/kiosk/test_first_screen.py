"""The tablet's first question screen: its HTML, stylesheet and script under issue 13's budget
(the files the browser loads, as ``bench/kiosk_first_screen.py`` weighs them), the stylesheet
and script minified and kept by the browser for good, and no other language's words in it."""
from __future__ import annotations

import html
import re

import pytest

from survey.domain.client_words import WORDS

BUDGET = 40_000  # bytes of HTML + CSS + JS (issue 13)
LINKED = re.compile(r'<(?:link rel="stylesheet" href|script src)="([^"]+)"')


def _first_screen(client, sign_ticket, org, housing_round, language: str = "sv") -> tuple[str, list]:
    token = sign_ticket("ux-housing", unit_id=org["units"]["home"].id, round_id=housing_round.id)
    page = client.get(f"/kiosk/t/{token}/answer?lang={language}")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    return text, [client.get(html.unescape(url)) for url in LINKED.findall(text)]


def test_the_first_question_screen_stays_under_its_budget(client, sign_ticket, org, housing_round):
    page, files = _first_screen(client, sign_ticket, org, housing_round)
    assert [f.mimetype for f in files] == ["text/css", "text/javascript"]
    weight = len(page.encode()) + sum(len(f.data) for f in files)
    assert weight < BUDGET, f"{weight:,} bytes"


def test_the_stylesheet_and_script_are_minified_and_kept_until_they_change(
        app, client, sign_ticket, org, housing_round):
    _, files = _first_screen(client, sign_ticket, org, housing_round)
    static = app.static_folder
    for served, source in zip(files, ("css/kiosk.css", "js/kiosk.js")):
        readable = open(f"{static}/{source}", "rb").read()
        assert 0 < len(served.data) < 0.85 * len(readable)
        assert served.headers["Cache-Control"] == "public, max-age=31536000, immutable"
        assert b"\n\n" not in served.data and b"/* " not in served.data and b"// " not in served.data
    assert b"url(../pictograms/speaker.svg)" in files[0].data  # beside the source: it resolves
    assert client.get("/static/pictograms/speaker.svg").status_code == 200
    # A page from before an upgrade asks for another version: today's file, not kept.
    old = client.get("/static/js/kiosk.min.js?v=000000000000")
    assert old.data == files[1].data and old.headers["Cache-Control"] == "no-cache"


@pytest.mark.parametrize("language", ["sv", "en", "ar"])
def test_the_first_question_screen_holds_no_other_language_s_words(
        client, sign_ticket, org, housing_round, language):
    page, files = _first_screen(client, sign_ticket, org, housing_round, language)
    shown = html.unescape(page) + "".join(f.get_data(as_text=True) for f in files)
    own = set(WORDS[language].values())
    for other, words in WORDS.items():
        foreign = [w for w in words.values() if other != language and w not in own and len(w) > 4]
        assert [w for w in foreign if re.search(rf"(?<!\w){re.escape(w)}(?!\w)", shown)] == [], other
