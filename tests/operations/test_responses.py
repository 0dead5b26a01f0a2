"""``record_response``: what it stores, and what it leaves to the caller to commit."""
from __future__ import annotations

import uuid

from sqlalchemy import select

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


def test_a_uid_stored_by_a_concurrent_send_while_checking_is_answered_as_stored(
        app, db, org, housing_round, monkeypatch):
    """The same response sent twice at once: the one that finds the uid taken by the other
    after its first look is told it is stored, not that the uid belongs to another response."""
    import survey.operations.responses as responses
    from survey.web.db import new_session

    catalogue = app.extensions["survey_catalogue"]
    questionnaire = catalogue.get("ux-housing")
    first = questionnaire.items[0]
    sub = Submission(uid=str(uuid.uuid4()), questionnaire_id="ux-housing", questionnaire_version=1,
                     unit_id=org["units"]["home"].id, round_id=housing_round.id, language="sv",
                     mode="self", answers={first.key: questionnaire.scale_of(first).option_keys[0]})
    checked = responses._check_context

    def the_other_send_lands_meanwhile(session, submission) -> None:
        checked(session, submission)
        monkeypatch.setattr(responses, "_check_context", checked)
        with app.app_context():
            other = new_session()
        record_response(other, catalogue, sub)
        other.commit()
        other.close()

    monkeypatch.setattr(responses, "_check_context", the_other_send_lands_meanwhile)
    stored_id, created = record_response(db, catalogue, sub)
    assert not created and stored_id == db.scalar(select(Response.id).where(Response.uid == sub.uid))
