"""A file of a review's values: recorded on the review's records (nothing new made), all or
none, never into a closed review, and undone exactly (records re-done on the screen stay)."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from survey.models import Episode, RecordedValue, ReviewedEpisode
from survey.operations.record_imports import RecordImportError, undo_record_import
from survey.operations.review_imports import import_review_values, review_records
from survey.operations.reviews import open_review, record_episode, set_review_closed

FILE = b"client_code,current_plan\nA-1,yes\nB-1,\n"

@pytest.fixture
def review(db, org):
    north = org["units"]["north"]
    north.variables = "current_plan"
    review = open_review(db, north, "2026", org["staff"]["cora"])
    db.commit()
    return review

def _done(db, review) -> list[bool]:
    db.expire_all()
    return list(db.scalars(select(ReviewedEpisode.done).where(ReviewedEpisode.review_id == review.id)
                           .order_by(ReviewedEpisode.position)))

def test_the_values_go_on_the_reviews_records_and_an_undo_leaves_re_done_ones(db, org, review, count):
    cora = org["staff"]["cora"]
    assert [(r.client_code, r.done) for r in review_records(db, review)] == [("A-1", False), ("B-1", False)]
    outcome = import_review_values(db, review, FILE, "f.csv", cora, {})
    db.commit()
    assert (outcome.problems, outcome.episodes, outcome.values, count(Episode)) == ([], 2, 2, 3)
    assert _done(db, review) == [True, True]
    b1 = db.scalar(select(ReviewedEpisode).where(ReviewedEpisode.position == 2))
    record_episode(db, b1, {"current_plan": "no"}, cora)  # done again on the screen
    db.commit()
    undone = undo_record_import(db, outcome.record_import)
    db.commit()
    assert (undone.values, undone.records) == (1, 1)
    assert _done(db, review) == [False, True]
    assert [(v.option_code, v.record_import_id) for v in db.scalars(select(RecordedValue))] == [("no", None)]

def test_a_problem_stores_nothing_and_a_closed_review_takes_no_file(db, org, review, count):
    outcome = import_review_values(db, review, b"client_code,current_plan\nA-1,maybe\n", "f.csv",
                                   org["staff"]["cora"], {})
    assert [(p.row, p.column, p.code) for p in outcome.problems] == [(2, "current_plan", "unknown-value")]
    assert outcome.record_import is None and count(RecordedValue) == 0
    set_review_closed(db, review, True)
    with pytest.raises(RecordImportError) as closed:
        import_review_values(db, review, FILE, "f.csv", org["staff"]["cora"], {})
    assert closed.value.code == "review-not-open"
    assert _done(db, review) == [False, False]
