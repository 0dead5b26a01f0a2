"""A round's tallies stay exactly what its answers say through every write path: a tablet's
response, its resend, the same uid sent twice at once, a paper import and its undoing."""
from __future__ import annotations

import threading
import uuid

import pytest
import sqlalchemy as sa

from survey.models import ImportBatch, RespondentTally, SkipTally
from survey.operations import Submission, record_response
from survey.queries.tallies import tallies_match
from survey.web.db import new_session


@pytest.fixture
def matches(app, db):
    """``matches(survey_round)``: whether the round's tallies equal a recount of its answers."""
    def check(survey_round) -> bool:
        db.expire_all()
        dont_know = app.extensions["survey_catalogue"].get(survey_round.questionnaire_id,
                                                           survey_round.questionnaire_version).dont_know_keys
        return tallies_match(db, survey_round.id, dont_know)
    return check


def _respondents(db) -> int:
    db.expire_all()
    return db.scalar(sa.select(sa.func.coalesce(sa.func.sum(RespondentTally.n), 0)))


def _submission(app, org, survey_round, uid: str, **answers) -> Submission:
    return Submission(uid=uid, questionnaire_id="ux-housing", questionnaire_version=1,
                      unit_id=org["units"]["home"].id, round_id=survey_round.id, language="sv",
                      mode="self", gender="woman", age_group="30-49", answers=answers)


def test_a_tablets_response_and_its_resend_are_counted_once(
        app, client, db, org, housing_round, hand_over_round, item_keys, matches):
    ticket = hand_over_round(housing_round.id, org["units"]["home"].id)
    first, second, *_ = item_keys("ux-housing")
    body = {"ticket": ticket, "uid": str(uuid.uuid4()), "answers": {first: "yes", second: "dont-know"},
            "gender": "man", "age_group": "18-29"}
    assert client.post("/kiosk/api/responses", json=body).status_code == 201
    assert matches(housing_round) and _respondents(db) == 1
    assert db.scalar(sa.select(SkipTally.n).where(SkipTally.item_key == second)) == 1
    assert client.post("/kiosk/api/responses", json=body).status_code == 200  # the resend
    assert matches(housing_round) and _respondents(db) == 1


def test_the_same_uid_sent_twice_at_once_is_counted_once(app, db, org, housing_round, item_keys,
                                                         matches):
    uid, first = str(uuid.uuid4()), item_keys("ux-housing")[0]
    start, created = threading.Barrier(2), []

    def send() -> None:
        with app.app_context():
            session = new_session()
        try:
            start.wait()
            created.append(record_response(session, app.extensions["survey_catalogue"],
                                           _submission(app, org, housing_round, uid, **{first: "no"}))[1])
            session.commit()
        finally:
            session.close()

    threads = [threading.Thread(target=send) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(created) == [False, True]
    assert matches(housing_round) and _respondents(db) == 1


def test_a_paper_import_and_its_undoing_keep_the_tallies(
        client, db, org, login, paper_round, paper_csv, upload_paper, matches):
    login("cora")
    assert upload_paper(paper_round.id, paper_csv()).status_code == 302
    assert matches(paper_round) and _respondents(db) == len(paper_csv.rows)
    assert upload_paper(paper_round.id, paper_csv()).status_code == 409  # the same file again
    # Its numbered forms again, and one more: only the new form counts.
    assert upload_paper(paper_round.id, paper_csv([*paper_csv.rows, ("Big home", "man", "no")]),
                        "more.csv").status_code == 302
    assert matches(paper_round) and _respondents(db) == len(paper_csv.rows) + 1
    first, second = db.scalars(sa.select(ImportBatch.id).order_by(ImportBatch.id))
    assert client.post(f"/reports/rounds/{paper_round.id}/imports/{first}/undo").status_code == 302
    assert matches(paper_round) and _respondents(db) == 1
    assert client.post(f"/reports/rounds/{paper_round.id}/imports/{second}/undo").status_code == 302
    assert matches(paper_round) and _respondents(db) == 0


def test_a_refused_paper_file_leaves_no_counts(db, org, login, paper_round, paper_csv, upload_paper,
                                               matches):
    login("cora")
    rows = [*paper_csv.rows, ("Nowhere home", "woman", "yes")]
    assert upload_paper(paper_round.id, paper_csv(rows)).status_code == 422
    assert matches(paper_round) and _respondents(db) == 0


def test_a_write_path_that_forgets_the_tallies_is_caught(app, db, org, housing_round, item_keys,
                                                         matches):
    first = item_keys("ux-housing")[0]
    record_response(db, app.extensions["survey_catalogue"],
                    _submission(app, org, housing_round, str(uuid.uuid4()), **{first: "yes"}),
                    tally=False)
    assert not matches(housing_round)
    db.rollback()
