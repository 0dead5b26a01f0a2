"""The tablet API's OpenAPI document: valid, served by the app, and in step with the endpoint:
what it describes as a good submission is stored, and its errors are JSON as it says."""
from __future__ import annotations

import itertools
import uuid
from datetime import date

import jsonschema
from hypothesis import given, settings
from hypothesis import strategies as st
from openapi_spec_validator import validate

from survey.operations import start_session
from survey.operations.payload import FIELDS

API = "/kiosk/api/responses"
UIDS = itertools.count(1)
examples = settings(max_examples=30, deadline=None, derandomize=True, database=None)


def _document(client) -> dict:
    answer = client.get("/kiosk/api/openapi.json")
    assert answer.status_code == 200 and answer.mimetype == "application/json"
    return answer.json


def _request_schema(document: dict) -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(
        {"$ref": "#/components/schemas/Submission", "components": document["components"]})


def _uid() -> str:
    return str(uuid.UUID(int=next(UIDS), version=4))


def test_the_document_is_valid_openapi_and_describes_the_endpoint(client):
    document = _document(client)
    validate(document)  # raises on anything OpenAPI 3.1 does not allow
    post = document["paths"][API]["post"]
    assert {"200", "201", "400", "403", "409", "413", "415", "422"} <= set(post["responses"])
    submission = document["components"]["schemas"]["Submission"]
    assert set(submission["properties"]) == set(FIELDS)  # the fields the endpoint reads


def test_survey_answers_built_from_the_document_are_stored(
        app, client, org, housing_round, sign_ticket):
    document = _document(client)
    schema, fields = _request_schema(document), document["components"]["schemas"]["Submission"]
    housing = app.extensions["survey_catalogue"].get("ux-housing", 1)
    ticket = sign_ticket("ux-housing", unit_id=org["units"]["home"].id, round_id=housing_round.id)
    choices = {item.key: st.sampled_from([*housing.scale_of(item).option_keys, "", None])
               for item in housing.items}

    @examples
    @given(answers=st.fixed_dictionaries({}, optional=choices),
           language=st.sampled_from([*housing.languages, None]),
           gender=st.sampled_from(fields["properties"]["gender"]["enum"]),
           age_group=st.sampled_from([group for group in fields["properties"]["age_group"]["enum"]
                                      if group is None or group in housing.age_groups]))
    def run(answers, language, gender, age_group):
        body = {"ticket": ticket, "uid": _uid(), "language": language, "gender": gender,
                "age_group": age_group, "answers": answers}
        assert schema.is_valid(body)
        answer = client.post(API, json=body)
        assert answer.status_code == 201, answer.json

    run()


def test_an_age_group_the_questionnaire_does_not_ask_is_refused(
        app, client, org, housing_round, sign_ticket):
    ticket = sign_ticket("ux-housing", unit_id=org["units"]["home"].id, round_id=housing_round.id)
    answer = client.post(API, json={"ticket": ticket, "uid": _uid(), "answers": {},
                                    "age_group": "0-5"})  # a child's group in an adult survey
    assert answer.status_code == 422
    assert "18-29" in answer.json["error"]


def test_marks_built_from_the_document_are_stored(app, client, db, org, sign_ticket):
    document = _document(client)
    schema = _request_schema(document)
    _, number, decimal, _ = document["components"]["schemas"]["Answer"]["anyOf"]
    outcome = app.extensions["survey_catalogue"].get("outcome-adult", 1)
    episode = org["clients"]["A-1"].episodes[0]
    marks = (st.floats(number["minimum"], number["maximum"])
             | st.from_regex(decimal["pattern"], fullmatch=True).filter(lambda mark: float(mark) <= 10))

    @examples
    @given(marks=st.lists(marks, min_size=4, max_size=4))
    def run(marks):
        session = start_session(db, episode, date(2026, 2, 2))  # one outcome per session
        db.commit()
        ticket = sign_ticket("outcome-adult", unit_id=episode.client.unit_id, session_id=session.id)
        body = {"ticket": ticket, "uid": _uid(),
                "answers": dict(zip([item.key for item in outcome.items], marks))}
        assert schema.is_valid(body)
        answer = client.post(API, json=body)
        assert answer.status_code == 201, answer.json

    run()


def test_werkzeug_errors_on_the_api_path_are_json(client):
    for method in ("GET", "PUT", "DELETE"):
        answer = client.open(API, method=method)
        assert answer.status_code == 405 and "POST" in answer.headers["Allow"]
        assert answer.json["error"] == "this address does not take that method"
    assert client.get("/kiosk/api/nowhere").json["error"] == "there is no such address in the API"
    assert client.get("/kiosk/nowhere").mimetype == "text/html"  # elsewhere: Werkzeug's page
