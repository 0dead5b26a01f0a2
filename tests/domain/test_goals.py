"""A goal's change against its first and its previous rating, on a worked example."""
from __future__ import annotations

from datetime import date

from survey.domain.goals import FollowUpRef, goal_progress


def test_goal_progress_compares_the_latest_with_the_first_and_the_previous_rating():
    follow_ups = [FollowUpRef(1, "intake", date(2026, 1, 1)), FollowUpRef(2, "review", date(2026, 4, 1)),
                  FollowUpRef(3, "review", date(2026, 7, 1))]
    ratings = {(1, 10, "client"): 2, (2, 10, "client"): 4, (3, 10, "client"): 3,
               (1, 10, "practitioner"): 1, (3, 10, "practitioner"): 3, (3, 11, "client"): 5}
    first, second = goal_progress([(10, "Sleep better", True), (11, "See friends", True)],
                                  follow_ups, ratings)
    assert first.change_since_first == {"client": 1, "practitioner": 2}  # 3-2, 3-1
    assert first.change_since_previous == {"client": -1, "practitioner": 2}  # 3-4, 3-1
    assert second.change_since_first == {"client": None, "practitioner": None}  # one rating only
    assert [r["client"] for r in first.ratings] == [2, 4, 3]
