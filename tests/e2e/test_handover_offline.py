"""Hand-over, no answer lost offline or on reload, and nothing left for the next person."""
from __future__ import annotations

from survey.config import BUNDLED_QUESTIONNAIRES
from survey.domain.instruments import load_catalogue

from .kiosk_driver import (
    VISIBLE,
    answer_all,
    finish,
    start,
    tap_option,
    wait_for_screen,
    wait_until,
)

HOUSING = load_catalogue(BUNDLED_QUESTIONNAIRES).get("ux-housing")


def _first_options(item):
    return HOUSING.scale_of(item).option_keys[0]


def test_after_hand_over_nothing_of_the_previous_answers_can_be_reached(page, live, staff_login):
    staff_login("stina", "/reports/")
    page.goto(f"{live.url}/kiosk/hand-over")
    sunny = [o for o in page.locator("#round_unit option").all_inner_texts() if "Sunny home" in o]
    page.select_option("#round_unit", label=sunny[0])
    page.select_option("#mode", "read-aloud")
    page.locator("main button[type=submit]").tap()
    page.locator("a.start").tap()
    page.locator("#questionnaire[data-ready]").wait_for()
    uid = page.input_value("input[name=uid]")
    answer_all(page, HOUSING, _first_options)
    finish(page, gender="man")
    [stored] = live.wait_for_responses(1, uid=uid)
    assert stored.mode == "read-aloud" and stored.gender == "man"
    # The staff member was logged out at hand-over.
    page.goto(f"{live.url}/clinic/")
    assert "/login" in page.url
    page.go_back()
    for move in (page.go_back, page.reload, page.go_back, page.reload):
        move()
        page.wait_for_load_state()
        assert page.locator("input[type=radio]:checked").count() == 0
        assert page.locator(".line .mark:not([hidden])").count() == 0
        assert "draft" not in page.evaluate("JSON.stringify(Object.keys(localStorage))")
        assert page.locator("#done").is_hidden() or page.locator("#questionnaire").count() == 0


def test_a_response_finished_offline_is_sent_once_when_the_network_returns(page, context, live, round_ticket):
    token, _ = round_ticket("ux-housing")
    start(page, live, token)
    uid = page.input_value("input[name=uid]")
    wait_for_screen(page, HOUSING.items[0].key)
    tap_option(page, "yes")
    wait_for_screen(page, HOUSING.items[1].key)
    context.set_offline(True)
    for item in HOUSING.items[1:]:
        wait_for_screen(page, item.key)
        tap_option(page, HOUSING.scale_of(item).option_keys[2])
    finish(page)
    assert page.locator("#queued").is_visible()  # "saved, will be sent"
    assert live.responses(uid=uid) == []
    assert uid in page.evaluate("localStorage.getItem('survey-outbox')")
    context.set_offline(False)
    [stored] = live.wait_for_responses(1, timeout=30, uid=uid)
    answers = {a.item_key: a.option_key for a in stored.answers}
    assert answers == {HOUSING.items[0].key: "yes"} | {
        item.key: HOUSING.scale_of(item).option_keys[2] for item in HOUSING.items[1:]}
    wait_until(page, "JSON.parse(localStorage.getItem('survey-outbox')).length === 0")
    page.goto(f"{live.url}/kiosk/")  # another flush finds nothing left to send
    page.wait_for_timeout(500)
    assert len(live.responses(uid=uid)) == 1


def test_a_started_survey_continues_offline_after_a_reload(page, context, live, round_ticket):
    token, _ = round_ticket("ux-housing")
    start(page, live, token)
    wait_until(page, "navigator.serviceWorker.controller !== null")
    uid = page.input_value("input[name=uid]")
    tap_option(page, "sometimes")
    wait_for_screen(page, HOUSING.items[1].key)
    context.set_offline(True)
    page.reload()  # the server is unreachable: the service worker's copy answers
    page.locator("#questionnaire[data-ready]").wait_for()
    assert page.input_value("input[name=uid]") == uid
    assert page.locator(f"input[name='item-{HOUSING.items[0].key}'][value='sometimes']").is_checked()
    page.locator(".progress li").first.wait_for()
    assert page.locator("img.pictogram").first.evaluate("img => img.complete && img.naturalWidth > 0")
    context.set_offline(False)


def test_a_reload_mid_survey_keeps_the_answers_and_start_begins_anew(page, live, round_ticket):
    token, _ = round_ticket("ux-housing")
    start(page, live, token)
    uid = page.input_value("input[name=uid]")
    tap_option(page, "no")
    wait_for_screen(page, HOUSING.items[1].key)
    page.reload()
    page.locator("#questionnaire[data-ready]").wait_for()
    assert page.input_value("input[name=uid]") == uid
    assert page.locator(f"input[name='item-{HOUSING.items[0].key}'][value='no']").is_checked()
    start(page, live, token)  # the next person taps Start on the first screen
    assert page.input_value("input[name=uid]") != uid
    assert page.locator("input[type=radio]:checked").count() == 0


def test_a_round_code_opens_the_survey_without_a_staff_login(page, live):
    with live.db() as db:
        from sqlalchemy import select

        from survey.models import RoundUnit, SurveyRound
        code = db.scalar(select(RoundUnit.code).join(SurveyRound)
                         .where(SurveyRound.questionnaire_id == "ux-daily-activity"))
    page.goto(f"{live.url}/kiosk/")
    page.fill("#code", f"{code[:4].lower()}-{code[4:]}")
    page.locator("form.code button").tap()
    page.locator("label:has(input[value='interview'])").tap()
    page.locator("label:has(input[value='text'])").tap()
    page.locator("label:has(input[value='en'])").tap()
    page.locator("form.setup button[type=submit]").tap()
    page.locator("a.start").tap()
    page.locator("#questionnaire[data-ready]").wait_for()
    assert page.locator(f"{VISIBLE} img").count() == 0  # text only
    uid = page.input_value("input[name=uid]")
    tap_option(page, "dont-know")
    finish_from = page.locator("[data-step='1']")
    while page.locator(f"{VISIBLE}").get_attribute("data-key") != "review":
        finish_from.tap()
    page.locator("button.send").tap()
    page.locator("#done").wait_for()
    [stored] = live.wait_for_responses(1, uid=uid)
    assert (stored.mode, stored.language) == ("interview", "en")
    assert sum(a.option_key == "dont-know" for a in stored.answers) == 1
