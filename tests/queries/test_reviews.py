"""Which episodes a new review selects (open at any time in the period, by type), a unit's
reviews with their progress, and where a review goes on."""
from __future__ import annotations

from datetime import date

import pytest

from survey.models import Client, Episode
from survey.operations.reviews import open_review, record_episode
from survey.queries.reviews import next_to_review, review_progress, selected_episodes, unit_reviews

# (code, type, opened, closed)
EPISODES = [("E-1", "counselling", date(2023, 1, 1), date(2023, 1, 31)),
            ("E-2", "counselling", date(2023, 2, 1), None),
            ("E-3", "other", date(2023, 3, 1), date(2023, 3, 2))]


@pytest.fixture
def south(db, org):
    unit = org["units"]["south"]  # S-1 opened 10 Jan 2026, no type
    for code, kind, opened, closed in EPISODES:
        client = Client(code=code, unit=unit, therapist=org["staff"]["sven"], gender="woman",
                        age_group="30-49")
        db.add(Episode(client=client, therapist=org["staff"]["sven"], opened_on=opened,
                       closed_on=closed, intervention_type=kind))
    unit.variables = "current_plan"
    db.commit()
    return unit


@pytest.mark.parametrize(("types", "start", "end", "codes"), [
    ((), None, None, ["E-1", "E-2", "E-3", "S-1"]),
    (("counselling",), None, None, ["E-1", "E-2"]),
    ((), date(2023, 1, 31), date(2023, 1, 31), ["E-1"]),  # closed on the first day counts
    ((), date(2023, 2, 1), date(2023, 2, 28), ["E-2"]),  # ended the day before: out
    ((), date(2023, 3, 2), None, ["E-2", "E-3", "S-1"]),
    ((), None, date(2023, 2, 1), ["E-1", "E-2"]),  # opened on the last day counts
])
def test_the_episodes_open_at_any_time_in_the_period(db, south, types, start, end, codes):
    found = selected_episodes(db, south.id, types, start, end)
    assert [e.client.code for e in found] == codes


def test_progress_and_where_a_review_goes_on(db, org, south):
    sven = org["staff"]["sven"]
    review = open_review(db, south, "Alla", sven)
    assert next_to_review(db, review.id) == 1 and review_progress(db, review.id) == (0, 4)
    for place in (1, 3):
        record_episode(db, review.episodes[place - 1], {}, sven)
    assert next_to_review(db, review.id) == 2
    assert next_to_review(db, review.id, after=2) == 4
    assert next_to_review(db, review.id, after=4) == 2  # from the last, back to the first left
    record_episode(db, review.episodes[1], {}, sven)
    record_episode(db, review.episodes[3], {}, sven)
    assert next_to_review(db, review.id) is None
    open_review(db, south, "Bara rådgivning", sven, types=["counselling"])
    progress = [(p.review.name, p.done, p.total) for p in unit_reviews(db, [south.id])]
    assert progress == [("Bara rådgivning", 0, 2), ("Alla", 4, 4)]
    assert unit_reviews(db, [org["units"]["north"].id]) == []
