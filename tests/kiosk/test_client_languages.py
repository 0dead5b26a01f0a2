"""Each client language's pages: the first screen, a question, the review, thanks and the
locked hand-back screen carry the language's ``lang`` and ``dir`` and its own words; the staff
words on them stay the staff language's."""
from __future__ import annotations

import html
import re
import uuid

import pytest

from survey.domain.client_words import LANGUAGE_NAMES, LANGUAGES, WORDS, age_group_words, direction
from tests.client_languages import questionnaires_in_every_language


@pytest.fixture(autouse=True)
def every_language(monkeypatch, tmp_path_factory):
    """The app's questionnaires in every client language (set before ``app`` is made)."""
    folder = questionnaires_in_every_language(tmp_path_factory.mktemp("questionnaires"))
    monkeypatch.setenv("SURVEY_QUESTIONNAIRE_DIR", str(folder))


def _page(response) -> str:
    assert response.status_code == 200, response.status_code
    return html.unescape(response.get_data(as_text=True))


def _root(page: str) -> tuple[str, str]:
    found = re.search(r'<html lang="([^"]+)" dir="([^"]+)">', page)
    return found.group(1), found.group(2)


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_survey_in_each_client_language(client, app, org, housing_round, sign_ticket,
                                          language):
    """Staff handed the tablet over (``hand_back``) in the client's language."""
    words = WORDS[language]
    questionnaire = app.extensions["survey_catalogue"].get("ux-housing")
    token = sign_ticket("ux-housing", unit_id=org["units"]["home"].id, round_id=housing_round.id,
                        hand_back=True, language=language)
    expected = (language, direction(language))

    welcome = _page(client.get(f"/kiosk/t/{token}"))
    assert _root(welcome) == expected
    assert questionnaire.title[language] in welcome and words["start"] in welcome

    screens = _page(client.get(f"/kiosk/t/{token}/answer"))
    assert _root(screens) == expected
    first = questionnaire.items[0]
    assert first.text[language] in screens
    assert questionnaire.scale_of(first).options[0].label[language] in screens
    for key in ("next", "back", "send", "review", "review_hint", "gender", "woman", "still_there"):
        assert words[key] in screens, key  # the review screen and the idle question included
    assert age_group_words(language, "18-29") in screens

    sent = client.post(f"/kiosk/t/{token}/answer", data={
        "uid": str(uuid.uuid4()), "lang": language, "gender": "woman", "age_group": "30-49",
        **{f"item-{item.key}": questionnaire.scale_of(item).options[0].key
           for item in questionnaire.items}})
    assert sent.status_code == 302
    thanks = _page(client.get(sent.location))
    assert _root(thanks) == expected and words["thanks"] in thanks
    again = re.search(r'data-return="([^"]+)"', thanks).group(1)

    locked = _page(client.get(again))  # staff handed the tablet over: it ends locked
    assert _root(locked) == expected and words["give_back"] in locked
    assert re.search(r'class="unlock" lang="sv" dir="ltr">\s*<h2>Personal: lås upp</h2>', locked)


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_session_in_each_client_language(client, org, annas, sign_ticket, app, language):
    """A session's tablet opens in Swedish; the client picks their language on the first screen."""
    words = WORDS[language]
    token = sign_ticket("outcome-adult", unit_id=org["units"]["north"].id,
                        session_id=annas["session_id"])
    outcome = app.extensions["survey_catalogue"].get("outcome-adult")
    welcome = _page(client.get(f"/kiosk/t/{token}?lang={language}"))
    assert _root(welcome) == (language, direction(language))
    assert outcome.intro[language] in welcome and words["start"] in welcome

    screens = _page(client.get(f"/kiosk/t/{token}/answer?lang={language}"))
    assert _root(screens) == (language, direction(language))
    line = outcome.items[0].answer
    assert outcome.items[0].text[language] in screens and line.low[language] in screens
    assert words["mark_hint"] in screens and words["review"] in screens

    refused = _page(client.get(f"/kiosk/locked?lang={language}"))
    assert _root(refused) == (language, direction(language)) and words["give_back"] in refused


def test_every_language_offered_on_the_first_screen_named_in_itself(
        client, org, login, hand_over_session):
    login("anna")
    _, token = hand_over_session(org["clients"]["A-1"].id)
    welcome = _page(client.get(f"/kiosk/t/{token}"))
    for language in LANGUAGES:
        tile = (f'lang="{language}" dir="{direction(language)}" '
                f'href="/kiosk/t/{re.escape(token)}\\?lang={language}"[^>]*>{re.escape(LANGUAGE_NAMES[language])}</a>')
        assert re.search(tile, welcome), language


def test_the_hand_over_menu_lists_the_twelve_languages_each_in_itself(client, login,
                                                                      housing_round):
    login("cora")
    form = _page(client.get("/kiosk/hand-over"))
    menu = re.search(r'<select id="language" name="language">(.*?)</select>', form, re.S).group(1)
    options = re.findall(r'<option (?:dir="(\w+)" )?(?:lang="(\w+)" )?[^>]*value="(\w+)"[^>]*>([^<]+)<',
                         menu)
    assert [(value, name) for _, _, value, name in options] == list(LANGUAGE_NAMES.items())
    assert 'dir="rtl"' in menu.split('value="fa"')[0].rsplit("<option", 1)[1]


@pytest.mark.parametrize("language", ["fa", "ti"])
def test_the_about_and_refused_pages_speak_the_language(client, language):
    about = _page(client.get(f"/kiosk/about?lang={language}"))
    assert _root(about) == (language, direction(language))
    assert WORDS[language]["about_credit"] in about and "CC BY-SA 4.0" in about
    thanks = _page(client.get(f"/kiosk/thanks?lang={language}"))
    assert WORDS[language]["thanks"] in thanks
