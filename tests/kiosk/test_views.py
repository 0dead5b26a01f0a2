"""The client's pages once a ticket is given: a survey answered by the page's form after a
hand-over, the goals pages logged, the about page."""
from __future__ import annotations

import json
import re
import uuid
from pathlib import Path

import pytest
from sqlalchemy import select

from survey.domain.client_words import WORDS
from survey.models import Answer, AuditEvent, Response, RoundStatus


@pytest.mark.parametrize("options, rate, advance", [
    ({}, "normal", "false"),  # the defaults: normal speech, the client taps "Nästa"
    ({"speech_rate": "slow", "advance": "on"}, "slow", "true"),
    ({"speech_rate": "shouting"}, "normal", "false"),  # an unknown rate falls back
])
def test_the_hand_over_options_reach_the_tablet_and_the_speech_rate_is_stored(
        client, db, org, housing_round, hand_over_round, answer_on_tablet, options, rate, advance):
    token = hand_over_round(housing_round.id, org["units"]["home"].id, **options)
    welcome = client.get(f"/kiosk/t/{token}").get_data(as_text=True)
    page = client.get(f"/kiosk/t/{token}/answer").get_data(as_text=True)
    assert f'data-rate="{rate}"' in welcome and f'data-rate="{rate}"' in page
    assert f'data-advance="{advance}"' in page
    uid = json.loads(answer_on_tablet(token, {}).data)["uid"]
    assert db.scalar(select(Response.speech_rate).where(Response.uid == uid)) == rate


def test_an_adult_survey_asks_adult_age_groups_each_with_a_speaker(
        app, client, org, housing_round, sign_ticket):
    housing = app.extensions["survey_catalogue"].get("ux-housing")
    token = sign_ticket("ux-housing", unit_id=org["units"]["home"].id, round_id=housing_round.id)
    page = client.get(f"/kiosk/t/{token}/answer").get_data(as_text=True)
    offered = re.findall(r'name="age_group" value="([^"]+)"', page)
    assert offered == housing.age_groups == ["18-29", "30-49", "50-64", "65+"]
    for group in offered:  # kiosk.js gives every .choice's words an id and a speaker
        assert f'<div class="choice"><label><input type="radio" name="age_group" value="{group}">' \
               f'<span>{group} år</span></label></div>' in page


def test_a_client_answers_a_survey_on_the_tablet(
        app, client, db, org, housing_round, hand_over_round, count):
    questionnaire = app.extensions["survey_catalogue"].get("ux-housing")
    welcome = "/kiosk/t/" + hand_over_round(housing_round.id, org["units"]["home"].id, mode="read-aloud")
    # The hand-over logged the staff member out: the tablet holds no staff session.
    assert client.get("/clinic/").status_code == 302
    page = client.get(welcome)
    assert questionnaire.title["sv"] in page.get_data(as_text=True)
    form = client.get(welcome + "/answer")
    html = form.get_data(as_text=True)
    assert form.headers["Cache-Control"] == "no-store"
    for item in questionnaire.items:
        assert item.text["sv"] in html
        assert f'pictograms/{item.pictogram}.svg' in html
    uid = re.search(r'name="uid" value="([^"]+)"', html).group(1)
    first, second, third = questionnaire.items[:3]
    data = {"uid": uid, f"item-{first.key}": "yes", f"item-{second.key}": "dont-know",
            f"item-{third.key}": "", "gender": "woman", "age_group": "30-49"}
    sent = client.post(welcome + "/answer", data=data)
    assert sent.status_code == 302 and "/kiosk/thanks" in sent.location
    stored = db.scalar(select(Response))
    assert (stored.questionnaire_id, stored.questionnaire_version) == ("ux-housing", 1)
    assert (stored.mode, stored.language, stored.gender, stored.age_group) == ("read-aloud", "sv", "woman", "30-49")
    assert stored.round_id == housing_round.id and stored.unit_id == org["units"]["home"].id
    answers = {a.item_key: a.option_key for a in stored.answers}
    assert answers[first.key] == "yes" and answers[second.key] == "dont-know"
    assert answers[third.key] is None  # chose not to answer
    assert len(answers) == len(questionnaire.items)
    # The browser sends the same form again (double tap, reload): stored once.
    assert client.post(welcome + "/answer", data=data).status_code == 302
    assert count(Response) == 1


def test_a_bad_answer_is_refused_and_nothing_is_written(
        app, client, org, housing_round, hand_over_round, count):
    welcome = "/kiosk/t/" + hand_over_round(housing_round.id, org["units"]["home"].id)
    first = app.extensions["survey_catalogue"].get("ux-housing").items[0]
    sent = client.post(welcome + "/answer", data={"uid": str(uuid.uuid4()), f"item-{first.key}": "maybe"})
    assert sent.status_code == 422
    page = sent.get_data(as_text=True)
    # The client reads plain words in their language, not the validator's English.
    assert WORDS["sv"]["problem_invalid"] in page and "must be one of" not in page
    assert count(Response) == 0 and count(Answer) == 0


def test_a_closed_round_takes_no_answers(client, db, org, housing_round, hand_over_round, count):
    welcome = "/kiosk/t/" + hand_over_round(housing_round.id, org["units"]["home"].id)
    housing_round.status = RoundStatus.CLOSED
    db.commit()
    sent = client.post(welcome + "/answer", data={"uid": str(uuid.uuid4())})
    assert sent.status_code == 422 and WORDS["sv"]["problem_invalid"] in sent.get_data(as_text=True)
    assert count(Response) == 0


def test_the_about_page_credits_every_pictogram(client):
    page = client.get("/kiosk/about").get_data(as_text=True)
    assert "OpenMoji" in page and "CC BY-SA 4.0" in page
    credits = json.loads((Path(client.application.static_folder)
                          / "pictograms" / "credits.json").read_text())
    assert all(f"pictograms/{name}.svg" in page for name in credits)


def test_the_no_script_form_is_limited_like_the_api_and_keeps_the_answers(
        app, client, org, housing_round, sign_ticket, item_keys, count):
    app.config["SUBMIT_TICKET_LIMIT"] = "1 per minute"
    token = sign_ticket("ux-housing", unit_id=org["units"]["home"].id, round_id=housing_round.id)
    first_key = item_keys("ux-housing")[0]
    for expected in (302, 429):
        sent = client.post(f"/kiosk/t/{token}/answer", data={
            "uid": str(uuid.uuid4()), f"item-{first_key}": "yes"})
        assert sent.status_code == expected
    page = sent.get_data(as_text=True)
    assert "Vänta en stund och skicka igen" in page and "checked" in page
    assert count(Response) == 1


def test_the_tablets_goal_pages_are_logged(client, db, org, annas, sign_ticket):
    token = sign_ticket("goal-rating", unit_id=org["units"]["north"].id,
                        follow_up_id=annas["follow_up_id"])
    for page in (f"/kiosk/t/{token}", f"/kiosk/t/{token}/answer"):
        assert client.get(page).status_code == 200
    db.expire_all()
    logged = db.scalars(select(AuditEvent).where(AuditEvent.object_type == "follow_up")).all()
    assert [(e.action, e.object_id, e.staff_id) for e in logged] == [
        ("view", annas["follow_up_id"], None)] * 2
