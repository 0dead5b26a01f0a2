"""Opening a record review (its episodes selected then and kept, its variables the unit's
review variables), recording one episode all or none, closing and reopening."""
from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from survey.models import Client, Episode, RecordedValue, ReviewedEpisode
from survey.operations.reviews import ReviewError, open_review, record_episode, set_review_closed


@pytest.fixture
def north(db, org):
    """North team records three review variables (and one intake variable, not a review's)."""
    unit = org["units"]["north"]
    unit.variables = "housing,current_plan,home_visits,coordination"
    db.commit()
    return unit


def _codes(review) -> list[str]:
    return [entry.episode.client.code for entry in review.episodes]


def test_a_review_keeps_the_episodes_it_selected_and_the_units_review_variables(db, org, north):
    cora = org["staff"]["cora"]
    review = open_review(db, north, "Alla", cora)
    assert _codes(review) == ["A-1", "B-1"]
    assert [e.position for e in review.episodes] == [1, 2]
    assert sorted(v.key for v in review.variables) == ["coordination", "current_plan", "home_visits"]
    later = Client(code="A-0", unit=north, therapist=org["staff"]["anna"], gender="man",
                   age_group="18-29")
    db.add(Episode(client=later, therapist=org["staff"]["anna"], opened_on=date(2026, 2, 1)))
    db.flush()
    db.expire_all()
    assert _codes(review) == ["A-1", "B-1"]
    chosen = open_review(db, north, "Plan", cora, variable_keys=["current_plan"])
    assert [v.key for v in chosen.variables] == ["current_plan"]
    assert _codes(chosen) == ["A-0", "A-1", "B-1"]


@pytest.mark.parametrize(("fields", "code"), [
    ({"name": " "}, "review-name"),
    ({"name": "x" * 121}, "review-name"),
    ({"types": ["case-management"]}, "review-intervention"),
    ({"period_from": date(2024, 1, 1), "period_to": date(2023, 1, 1)}, "review-period"),
    ({"variable_keys": ["housing"]}, "review-unknown-variable"),
    ({"variable_keys": []}, "review-no-variables"),
    ({"types": ["counselling"]}, "review-no-episodes"),
])
def test_a_review_that_cannot_open_is_refused_with_its_code(db, org, north, fields, code):
    arguments = {"name": "Granskning"} | fields
    with pytest.raises(ReviewError) as refused:
        open_review(db, north, arguments.pop("name"), org["staff"]["cora"], **arguments)
    assert refused.value.code == code


def test_a_unit_without_review_variables_cannot_open_a_review(db, org):
    with pytest.raises(ReviewError) as refused:
        open_review(db, org["units"]["south"], "Granskning", org["staff"]["sven"])
    assert refused.value.code == "review-no-variables"


def test_recording_is_all_or_none_and_marks_the_episode_done(db, org, north):
    cora = org["staff"]["cora"]
    review = open_review(db, north, "Alla", cora)
    entry = review.episodes[0]
    with pytest.raises(ReviewError) as refused:
        record_episode(db, entry, {"coordination": ["by-us"], "home_visits": ["2,5"],
                                   "current_plan": ["perhaps"]}, cora)
    problems = refused.value.params["problems"]
    assert {key: p.code for key, p in problems.items()} == {
        "home_visits": "not-a-whole-number", "current_plan": "unknown-option"}
    assert db.scalars(select(RecordedValue)).all() == [] and not entry.done
    record_episode(db, entry, {"coordination": ["by-us"], "home_visits": ["3"]}, cora)
    stored = {(v.key, v.option_code, v.number, v.review_id) for v in db.scalars(select(RecordedValue))}
    assert stored == {("coordination", "by-us", None, review.id), ("home_visits", None, 3, review.id),
                      ("current_plan", "not-stated", None, review.id)}
    assert entry.done and entry.reviewed_by == cora.id and entry.reviewed_at is not None


def test_a_closed_review_takes_nothing_until_it_is_opened_again(db, org, north):
    cora = org["staff"]["cora"]
    review = open_review(db, north, "Alla", cora)
    set_review_closed(db, review, True)
    with pytest.raises(ReviewError) as refused:
        record_episode(db, review.episodes[0], {"current_plan": ["yes"]}, cora)
    assert refused.value.code == "review-closed"
    set_review_closed(db, review, False)
    record_episode(db, review.episodes[0], {"current_plan": ["yes"]}, cora)
    assert review.closed_at is None and review.episodes[0].done


def test_erasing_a_client_takes_its_reviewed_episodes_with_it(db, org, north):
    from survey.operations import erase_client

    review = open_review(db, north, "Alla", org["staff"]["cora"])
    record_episode(db, review.episodes[0], {"current_plan": ["yes"]}, org["staff"]["cora"])
    db.commit()
    erase_client(db, org["clients"]["A-1"])
    db.commit()
    db.expire_all()
    assert [e.episode.client.code for e in db.scalars(select(ReviewedEpisode))] == ["B-1"]
    assert db.scalars(select(RecordedValue)).all() == []
