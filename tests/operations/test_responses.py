"""``record_response``: what it stores, and what it leaves to the caller to commit."""
from __future__ import annotations

import uuid

from survey.models import Answer, Response
from survey.operations import Submission, record_response


def test_a_recorded_response_is_undone_when_the_caller_rolls_back(
        app, db, org, housing_round, count):
    """Nothing is committed behind the caller's back (on SQLite a savepoint's release would)."""
    questionnaire = app.extensions["survey_catalogue"].get("ux-housing")
    first = questionnaire.items[0]
    record_response(db, app.extensions["survey_catalogue"], Submission(
        uid=str(uuid.uuid4()), questionnaire_id="ux-housing", questionnaire_version=1,
        unit_id=org["units"]["home"].id, round_id=housing_round.id, language="sv", mode="self",
        answers={first.key: questionnaire.scale_of(first).option_keys[0]}))
    db.rollback()
    assert count(Response) == 0 and count(Answer) == 0
