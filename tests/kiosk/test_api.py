"""The tablet's JSON API: a client answers an instrument of a session, a resend is harmless, a
bad submission is refused with a clear reason."""
from __future__ import annotations

import uuid

import pytest
from sqlalchemy import select

from survey.models import Response


def test_a_client_answers_the_outcome_instrument_through_the_api(
        app, client, db, org, login, hand_over_session, count):
    login("anna")
    _, ticket = hand_over_session(org["clients"]["A-1"].id)
    outcome = app.extensions["survey_catalogue"].get("outcome-adult")
    values = dict(zip([i.key for i in outcome.items], [4.26, 5.0, "6.5", 10]))
    body = {"ticket": ticket, "uid": str(uuid.uuid4()), "answers": values}
    first = client.post("/kiosk/api/responses", json=body)
    assert first.status_code == 201 and first.json == {"uid": body["uid"], "stored": True, "duplicate": False}
    again = client.post("/kiosk/api/responses", json=body)  # the tablet resends after a lost reply
    assert again.status_code == 200 and again.json["duplicate"] is True
    assert count(Response) == 1
    stored = db.scalar(select(Response))
    assert stored.session_id is not None and stored.rater == "client"
    assert sorted(a.value for a in stored.answers) == [4.3, 5.0, 6.5, 10.0]
    # A second, different response for the same session and instrument is a conflict.
    other = client.post("/kiosk/api/responses", json=body | {"uid": str(uuid.uuid4())})
    assert other.status_code == 409 and "already answered" in other.json["error"]
    assert other.json["code"] == "conflict"
    assert count(Response) == 1


@pytest.mark.parametrize("change, status, message, code", [
    ({"ticket": "forged"}, 403, "unknown or invalid ticket", "ticket"),
    ({"uid": "not-a-uuid"}, 422, "uid must be a UUID", "invalid"),
    ({"answers": []}, 400, "answers must be an object", "malformed"),
    ({"answers": {"nonsense": 5}}, 422, "unknown item 'nonsense'", "invalid"),
    ({"gender": "robot"}, 422, "gender must be one of", "invalid"),
])
def test_the_api_refuses_bad_submissions_clearly(
        app, client, org, login, hand_over_session, count, change, status, message, code):
    """``error`` says why for developers; ``code`` names the words the tablet shows."""
    login("anna")
    _, ticket = hand_over_session(org["clients"]["A-1"].id)
    outcome = app.extensions["survey_catalogue"].get("outcome-adult")
    body = {"ticket": ticket, "uid": str(uuid.uuid4()), "answers": {i.key: 5 for i in outcome.items}}
    sent = client.post("/kiosk/api/responses", json=body | change)
    assert sent.status_code == status and message in sent.json["error"]
    assert sent.json["code"] == code
    assert count(Response) == 0


def test_the_api_wants_a_json_object(client):
    sent = client.post("/kiosk/api/responses", data="[1, 2]", content_type="application/json")
    assert sent.status_code == 400 and sent.json["error"] == "the body must be a JSON object"


def _housing_body(app, ticket: str) -> dict:
    housing = app.extensions["survey_catalogue"].get("ux-housing")
    return {"ticket": ticket, "uid": str(uuid.uuid4()),
            "answers": {item.key: None for item in housing.items}}


def test_a_stored_uid_is_not_confirmed_under_another_ticket(
        app, client, org, housing_round, sign_ticket, count):
    home = org["units"]["home"].id
    mine = sign_ticket("ux-housing", unit_id=home, round_id=housing_round.id)
    body = _housing_body(app, mine)
    assert client.post("/kiosk/api/responses", json=body).status_code == 201
    elsewhere = sign_ticket("ux-housing", unit_id=org["units"]["north"].id, round_id=housing_round.id)
    probe = client.post("/kiosk/api/responses", json=body | {"ticket": elsewhere})
    assert probe.status_code == 422 and "stored" not in probe.json  # the round is not North's
    assert count(Response) == 1


def test_a_ticket_stores_only_so_many_new_responses_in_a_while(
        app, client, org, housing_round, sign_ticket, count, caplog):
    app.config["SUBMIT_TICKET_LIMIT"] = "3 per minute"
    poster = sign_ticket("ux-housing", unit_id=org["units"]["home"].id, round_id=housing_round.id)
    stored = [_housing_body(app, poster) for _ in range(3)]
    for body in stored:
        assert client.post("/kiosk/api/responses", json=body).status_code == 201
        assert client.post("/kiosk/api/responses", json=body).status_code == 200  # resends are free
    burst = client.post("/kiosk/api/responses", json=_housing_body(app, poster),
                        environ_base={"REMOTE_ADDR": "10.1.2.3"})  # another address: same ticket
    assert burst.status_code == 429 and "sends it again later" in burst.json["error"]
    assert burst.headers["Retry-After"] == "60"  # kiosk.js keeps it in the outbox and resends
    assert count(Response) == 3
    assert "rate limit submit reached from 10.1.2.3" in caplog.text


def test_an_address_stores_only_so_many_new_responses_in_a_while(
        app, client, org, housing_round, sign_ticket, count):
    app.config["SUBMIT_ADDRESS_LIMIT"] = "2 per minute"
    home = org["units"]["home"].id
    for mode in ("self", "interview"):
        ticket = sign_ticket("ux-housing", mode=mode, unit_id=home, round_id=housing_round.id)
        assert client.post("/kiosk/api/responses", json=_housing_body(app, ticket)).status_code == 201
    third = sign_ticket("ux-housing", mode="read-aloud", unit_id=home, round_id=housing_round.id)
    assert client.post("/kiosk/api/responses", json=_housing_body(app, third)).status_code == 429
    assert client.post("/kiosk/api/responses", json=_housing_body(app, third),
                       environ_base={"REMOTE_ADDR": "10.1.2.3"}).status_code == 201
    assert count(Response) == 3
