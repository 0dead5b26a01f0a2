"""A client answers a survey and a session in each of the twelve client languages on one
iPad: every page in the language, with its ``lang`` and ``dir`` (Arabic and Persian right to
left), and the response stored with the language it was given in."""
from __future__ import annotations

import time
from datetime import date

import pytest
from sqlalchemy import select

from survey.app import create_app
from survey.domain.client_words import LANGUAGES, WORDS, direction
from survey.migrations import upgrade
from survey.models import Client, RoundUnit, SurveyRound
from survey.operations import start_session
from survey.web.db import new_session
from tests.client_languages import questionnaires_in_every_language

from .conftest import IPAD, LiveServer, _seed
from .kiosk_driver import answer_all, finish, mark_line, wait_for_screen


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """The app with its questionnaires in every client language, on its own database."""
    folder = tmp_path_factory.mktemp("languages")
    url = f"sqlite:///{folder / 'survey.sqlite3'}"
    upgrade(url)
    app = create_app({
        "DATABASE_URL": url, "SECRET_KEY": "language-tests-key-of-at-least-32-bytes",
        "AUDIO_DIR": str(folder / "audio"), "THANKS_SECONDS": 600,
        "QUESTIONNAIRE_DIR": str(questionnaires_in_every_language(folder / "questionnaires")),
    })
    with app.app_context():
        _seed(new_session())
    with LiveServer(app) as live:
        yield live


@pytest.fixture(scope="module")
def tablet(browser):
    """One page for every language, as one iPad passes from client to client."""
    context = browser.new_context(**IPAD)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def _written(page, language: str) -> None:
    root = page.locator("html")
    assert (root.get_attribute("lang"), root.get_attribute("dir")) == (language, direction(language))


def _first_option(questionnaire):
    return lambda item: questionnaire.scale_of(item).option_keys[0]


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_survey_and_a_session_in_each_client_language(server, tablet, language):
    page, words, catalogue = tablet, WORDS[language], server.app.extensions["survey_catalogue"]
    housing, outcome = catalogue.get("ux-housing"), catalogue.get("outcome-adult")
    with server.db() as db:
        ru = db.scalar(select(RoundUnit).join(SurveyRound)
                       .where(SurveyRound.questionnaire_id == "ux-housing"))
        client = db.scalar(select(Client).where(Client.code == "E2E-ADULT"))
        session = start_session(db, client.episodes[0], date.today())
        db.commit()
        survey_ticket = server.ticket(questionnaire_id="ux-housing", questionnaire_version=1,
                                      unit_id=ru.unit_id, round_id=ru.round_id,
                                      language=language, mode="self")
        session_ticket = server.ticket(questionnaire_id="outcome-adult", questionnaire_version=1,
                                       unit_id=client.unit_id, language="sv", mode="self",
                                       session_id=session.id, issued_at=int(time.time()))
        session_id = session.id

    # The survey: handed over in the client's language.
    page.goto(f"{server.url}/kiosk/t/{survey_ticket}")
    _written(page, language)
    assert page.locator("h1#title").inner_text() == housing.title[language]
    page.locator("a.start").tap()
    page.locator("#questionnaire[data-ready]").wait_for()
    _written(page, language)
    uid = page.input_value("input[name=uid]")
    answer_all(page, housing, _first_option(housing))
    wait_for_screen(page, "background")
    assert page.locator("#q-gender").inner_text() == words["gender"]
    finish(page, gender="woman", age_group="30-49")
    assert page.locator("#done h1").inner_text() == words["thanks"]
    [stored] = server.wait_for_responses(1, uid=uid)
    assert stored.language == language

    # The session: the tablet opens in Swedish; the client taps their own language.
    page.goto(f"{server.url}/kiosk/t/{session_ticket}")
    page.locator(f"nav.languages a[lang='{language}']").tap()
    page.wait_for_url(f"**lang={language}")
    _written(page, language)
    assert page.locator("#intro").inner_text() == outcome.intro[language]
    page.locator("a.start").tap()
    page.locator("#questionnaire[data-ready]").wait_for()
    _written(page, language)
    for item in outcome.items:
        wait_for_screen(page, item.key)
        mark_line(page, 0.6)
        page.locator("[data-step='1']").tap()
    wait_for_screen(page, "review")
    assert page.locator("#q-review").inner_text() == words["review"]
    page.locator("button.send").tap()
    page.locator("#done").wait_for()
    page.locator("#done a.tile").tap()  # to the locked screen, in the client's language
    page.wait_for_url("**/kiosk/locked?**")
    _written(page, language)
    assert page.locator("#give-back").inner_text() == words["give_back"]
    assert page.locator("form.unlock").get_attribute("lang") == "sv"
    [answered] = server.wait_for_responses(1, session_id=session_id)
    assert answered.language == language
