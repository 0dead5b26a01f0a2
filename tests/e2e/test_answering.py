"""Clients answer every bundled questionnaire to the end on an iPad, and the values are stored."""
from __future__ import annotations

import pytest

from survey.config import BUNDLED_QUESTIONNAIRES
from survey.domain.instruments import load_catalogue

from .kiosk_driver import answer_all, finish, start

CATALOGUE = load_catalogue(BUNDLED_QUESTIONNAIRES)
INSTRUMENTS = {"outcome-adult": "E2E-ADULT", "alliance-adult": "E2E-ADULT",
               "outcome-child": "E2E-CHILD", "alliance-child": "E2E-CHILD"}
LINE_MARKS = [0.13, 0.5, 0.77, 0.96]


def _survey_choice(questionnaire):
    """Cycle through the options, with one "don't know" and one item left unanswered."""

    def choose(item):
        index = questionnaire.items.index(item)
        if index == 2:
            return None
        options = questionnaire.scale_of(item).option_keys
        return options[index % len(options)]

    return choose


def _stored(response) -> dict[str, object]:
    return {a.item_key: a.option_key if a.option_key is not None else a.value for a in response.answers}


@pytest.mark.parametrize("questionnaire_id, language", [
    ("ux-housing", "sv"), ("ux-daily-activity", "sv"), ("ux-daily-activity", "en"), ("ux-housing", "ar"),
])
def test_a_client_answers_a_survey_to_the_end(page, live, round_ticket, questionnaire_id, language):
    questionnaire = CATALOGUE.get(questionnaire_id)
    token, round_id = round_ticket(questionnaire_id, language)
    start(page, live, token)
    assert page.locator("html").get_attribute("lang") == language
    assert page.locator("html").get_attribute("dir") == ("rtl" if language == "ar" else "ltr")
    assert questionnaire.items[0].text[language] in page.locator("section.screen:not([hidden]) h1").inner_text()
    uid = page.input_value("input[name=uid]")
    expected = answer_all(page, questionnaire, _survey_choice(questionnaire))
    finish(page, gender="woman", age_group="50-64")
    [stored] = live.wait_for_responses(1, uid=uid)
    assert (stored.round_id, stored.language, stored.gender, stored.age_group, stored.mode) == (
        round_id, language, "woman", "50-64", "self")
    assert _stored(stored) == expected


@pytest.mark.parametrize("questionnaire_id", sorted(INSTRUMENTS))
def test_a_client_marks_every_line_of_an_instrument(page, live, new_session_ticket, questionnaire_id):
    questionnaire = CATALOGUE.get(questionnaire_id)
    token, session_id = new_session_ticket(INSTRUMENTS[questionnaire_id], questionnaire_id)
    start(page, live, token)
    if questionnaire_id.endswith("child"):  # a sad face at the low end, a happy face at the high end
        ends = page.locator("section.screen:not([hidden]) .end img")
        assert [ends.nth(i).get_attribute("src").rsplit("/", 1)[1] for i in range(2)] == [
            "face-sad.svg", "face-happy.svg"]
    marks = iter(LINE_MARKS)
    expected = answer_all(page, questionnaire, lambda item: next(marks))
    finish(page)
    [stored] = live.wait_for_responses(1, session_id=session_id)
    assert stored.questionnaire_id == questionnaire_id
    assert _stored(stored) == expected == dict(zip([i.key for i in questionnaire.items], [1.3, 5.0, 7.7, 9.6]))
