"""A client answers through HTTP: a survey by the page's form, an instrument by the JSON API."""
from __future__ import annotations

import re
import uuid

import pytest
from sqlalchemy import func, select

from survey.models import Answer, Response, RoundStatus
from survey.operations import Submission, record_response


def _hand_over(client, login, survey_round, unit, mode="read-aloud", language="sv"):
    login("cora")
    response = client.post("/kiosk/hand-over", data={
        "round_unit": f"{survey_round.id}:{unit.id}", "mode": mode, "language": language, "level": "pictures",
        "log_out": "y"})
    assert response.status_code == 302
    return response.location


def _count(db, model):
    db.expire_all()
    return db.scalar(select(func.count()).select_from(model))


def test_a_client_answers_a_survey_on_the_tablet(app, client, db, org, login, housing_round):
    questionnaire = app.extensions["survey_catalogue"].get("ux-housing")
    welcome = _hand_over(client, login, housing_round, org["units"]["home"])
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
    assert _count(db, Response) == 1


def test_a_bad_answer_is_refused_and_nothing_is_written(app, client, db, org, login, housing_round):
    welcome = _hand_over(client, login, housing_round, org["units"]["home"])
    first = app.extensions["survey_catalogue"].get("ux-housing").items[0]
    sent = client.post(welcome + "/answer", data={"uid": str(uuid.uuid4()), f"item-{first.key}": "maybe"})
    assert sent.status_code == 422
    assert f"{first.key}: must be one of" in sent.get_data(as_text=True)
    assert _count(db, Response) == 0 and _count(db, Answer) == 0


def test_a_closed_round_takes_no_answers(client, db, org, login, housing_round):
    welcome = _hand_over(client, login, housing_round, org["units"]["home"])
    housing_round.status = RoundStatus.CLOSED
    db.commit()
    sent = client.post(welcome + "/answer", data={"uid": str(uuid.uuid4())})
    assert sent.status_code == 422 and "not open" in sent.get_data(as_text=True)
    assert _count(db, Response) == 0


def test_hand_over_offers_only_the_staff_members_units(client, db, org, login, housing_round):
    login("anna")  # a therapist of North team: the round is for Sunny home
    page = client.get("/kiosk/hand-over").get_data(as_text=True)
    assert "Sunny home" not in page
    forged = client.post("/kiosk/hand-over", data={
        "round_unit": f"{housing_round.id}:{org['units']['home'].id}", "mode": "self", "language": "sv"})
    assert forged.status_code == 200  # not a valid choice: the form is shown again
    assert "/kiosk/t/" not in (forged.location or "")


def _start_session_ticket(client, login, org):
    login("anna")
    started = client.post(f"/clinic/clients/{org['clients']['A-1'].id}/sessions", data={"rater": "client"})
    assert started.status_code == 302
    return re.search(r"/kiosk/t/([^/?]+)", started.location).group(1)


def test_a_client_answers_the_outcome_instrument_through_the_api(app, client, db, org, login):
    ticket = _start_session_ticket(client, login, org)
    outcome = app.extensions["survey_catalogue"].get("outcome-adult")
    values = dict(zip([i.key for i in outcome.items], [4.26, 5.0, "6.5", 10]))
    body = {"ticket": ticket, "uid": str(uuid.uuid4()), "answers": values}
    first = client.post("/kiosk/api/responses", json=body)
    assert first.status_code == 201 and first.json == {"uid": body["uid"], "stored": True, "duplicate": False}
    again = client.post("/kiosk/api/responses", json=body)  # the tablet resends after a lost reply
    assert again.status_code == 200 and again.json["duplicate"] is True
    assert _count(db, Response) == 1
    stored = db.scalar(select(Response))
    assert stored.session_id is not None and stored.rater == "client"
    assert sorted(a.value for a in stored.answers) == [4.3, 5.0, 6.5, 10.0]
    # A second, different response for the same session and instrument is a conflict.
    other = client.post("/kiosk/api/responses", json=body | {"uid": str(uuid.uuid4())})
    assert other.status_code == 409 and "already answered" in other.json["error"]
    assert _count(db, Response) == 1


@pytest.mark.parametrize("change, status, message", [
    ({"ticket": "forged"}, 403, "unknown or invalid ticket"),
    ({"uid": "not-a-uuid"}, 422, "uid must be a UUID"),
    ({"answers": []}, 400, "answers must be an object"),
    ({"answers": {"nonsense": 5}}, 422, "unknown item 'nonsense'"),
    ({"gender": "robot"}, 422, "gender must be one of"),
])
def test_the_api_refuses_bad_submissions_clearly(app, client, db, org, login, change, status, message):
    ticket = _start_session_ticket(client, login, org)
    outcome = app.extensions["survey_catalogue"].get("outcome-adult")
    body = {"ticket": ticket, "uid": str(uuid.uuid4()), "answers": {i.key: 5 for i in outcome.items}}
    sent = client.post("/kiosk/api/responses", json=body | change)
    assert sent.status_code == status and message in sent.json["error"]
    assert _count(db, Response) == 0


def test_the_api_wants_a_json_object(client):
    sent = client.post("/kiosk/api/responses", data="[1, 2]", content_type="application/json")
    assert sent.status_code == 400 and sent.json["error"] == "the body must be a JSON object"


def test_a_recorded_response_is_undone_when_the_caller_rolls_back(app, db, org, housing_round):
    """Nothing is committed behind the caller's back (on SQLite a savepoint's release would)."""
    questionnaire = app.extensions["survey_catalogue"].get("ux-housing")
    first = questionnaire.items[0]
    record_response(db, app.extensions["survey_catalogue"], Submission(
        uid=str(uuid.uuid4()), questionnaire_id="ux-housing", questionnaire_version=1,
        unit_id=org["units"]["home"].id, round_id=housing_round.id, language="sv", mode="self",
        answers={first.key: questionnaire.scale_of(first).option_keys[0]}))
    db.rollback()
    assert _count(db, Response) == 0 and _count(db, Answer) == 0
