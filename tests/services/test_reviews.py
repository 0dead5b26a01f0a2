"""A review screen: the episode in its place, the values to choose from, and what the review
recorded given back as a form holds it."""
from __future__ import annotations

from datetime import date

from survey.domain.variables import ParsedValue
from survey.models import Variable
from survey.operations.reviews import open_review
from survey.operations.variables import record_value
from survey.services.reviews import review_screen


def test_a_screen_gives_back_the_reviews_own_values_as_typed(db, org):
    north = org["units"]["north"]
    north.variables = "coordination,home_visits"
    db.add_all([Variable(key="seen_on", unit_id=north.id, kind="date", phase="review",
                         names={"sv": "Sedd"}),
                Variable(key="note", unit_id=north.id, kind="text", phase="review",
                         names={"sv": "Anteckning"})])
    review = open_review(db, north, "Alla", org["staff"]["cora"])
    episode = review.episodes[1].episode
    for key, value in (("home_visits", ParsedValue(number=4)),
                       ("seen_on", ParsedValue(day=date(2023, 5, 2))),
                       ("note", ParsedValue(text="Plan; uppdaterad")),
                       ("coordination", ParsedValue(codes=("both",)))):
        variable = next(v for v in review.variables if v.key == key)
        record_value(db, episode, variable, value, review_id=review.id)
    record_value(db, episode, review.variables[0], ParsedValue(codes=("none",)))  # no review's
    screen = review_screen(db, review, 2)
    assert screen.entry.episode.client.code == "B-1" and (screen.done, screen.total) == (0, 2)
    assert screen.given == {"home_visits": ["4"], "seen_on": ["2023-05-02"],
                            "note": ["Plan; uppdaterad"], "coordination": ["both"]}
    assert screen.codes == {"coordination": ("by-us", "other-provider", "both", "none",
                                             "not-stated")}
    assert review_screen(db, review, 3) is None
