"""The pure follow-up rules on worked examples: due dates and statuses, goal changes, hiding."""
from __future__ import annotations

from datetime import date

import pandas as pd

from survey.domain.goals import FollowUpRef, goal_progress
from survey.domain.schedule import EpisodeFacts, Rule, add_months, measurement_points
from survey.reporting.followup import (
    delivery_by_type,
    hide_small_cells,
    left_after_session,
)


def test_add_months_keeps_the_day_or_takes_the_last_of_a_short_month():
    assert add_months(date(2026, 1, 15), 3) == date(2026, 4, 15)
    assert add_months(date(2026, 11, 30), 3) == date(2027, 2, 28)


def test_reviews_fall_due_every_interval_while_the_episode_is_open():
    facts = EpisodeFacts(opened_on=date(2026, 1, 10), closed_on=None, session_dates=[],
                         reviews_held=1, follow_up_months=3)
    points = measurement_points([], facts, today=date(2026, 7, 1))
    # 10 Apr: held (one review so far). 10 Jul: 9 days ahead, inside the 14 days before -> due.
    assert [(p.number, p.due_on, p.status) for p in points] == [
        (1, date(2026, 4, 10), "done"), (2, date(2026, 7, 10), "due")]
    later = measurement_points([], facts, today=date(2026, 7, 25))
    # 25 Jul is 15 days past 10 Jul: overdue; review 3 (10 Oct) is upcoming.
    assert [(p.number, p.status) for p in later] == [(1, "done"), (2, "overdue"), (3, "upcoming")]


def test_rule_points_are_done_by_a_measurement_near_their_date():
    closed = date(2026, 6, 1)
    facts = EpisodeFacts(
        opened_on=date(2026, 1, 10), closed_on=closed,
        session_dates=[date(2026, 1, 10), date(2026, 1, 17), date(2026, 1, 24), date(2026, 1, 31)],
        reviews_held=0, follow_up_months=3,
        measured={"outcome": [date(2026, 1, 10), date(2026, 1, 17), date(2026, 9, 20)]})
    rules = [Rule("outcome", "intake"), Rule("outcome", "sessions", 2), Rule("outcome", "end"),
             Rule("outcome", "after-end", 3), Rule("outcome", "after-end", 6)]
    points = measurement_points(rules, facts, today=date(2026, 10, 1))
    found = {(p.point, p.number): (p.due_on, p.status) for p in points}
    assert found == {
        ("intake", None): (date(2026, 1, 10), "done"),
        ("sessions", 2): (date(2026, 1, 17), "done"),
        ("sessions", 4): (date(2026, 1, 31), "overdue"),  # nothing measured from 17 Jan to 2 Mar
        ("end", None): (closed, "overdue"),
        ("after-end", 3): (date(2026, 9, 1), "done"),  # 20 Sep is 19 days after: within 30
        ("after-end", 6): (date(2026, 12, 1), "upcoming"),
    }


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


def test_a_lone_small_cell_takes_a_neighbour_and_a_total_with_it():
    table = pd.DataFrame({"woman": [6, 5], "man": [7, 2], "total": [13, 7]}, index=["self", "school"])
    shown = hide_small_cells(table, 5)
    # school/man (2) is small; its row then hides woman (5); that column hides self/woman (6),
    # whose row hides self/man (7). Totals stay: each row has two hidden cells.
    assert shown.to_dict("index") == {"self": {"woman": None, "man": None, "total": 13},
                                      "school": {"woman": None, "man": None, "total": 7}}


def test_delivery_per_type_and_where_clients_who_stopped_coming_left():
    episodes = pd.DataFrame([
        # type, opened, closed, reason, attended, missed, group, relatives
        ("counselling", date(2026, 1, 1), date(2026, 4, 1), "planned", 6, 1, 1, 0),
        ("counselling", date(2026, 1, 1), date(2026, 2, 1), "stopped-coming", 2, 3, 0, 1),
        ("counselling", date(2026, 1, 1), None, None, 1, 0, 0, 0),
        (None, date(2026, 1, 1), date(2026, 1, 20), "stopped-coming", 0, 2, 0, 0),
    ], columns=["intervention_type", "opened_on", "closed_on", "close_reason", "attended",
                "missed", "group", "relatives"])
    rows = delivery_by_type(episodes).set_index("intervention_type").to_dict("index")
    # Closed counselling: 90 and 31 days -> (90 + 31) / 2 / 30.4375 = 1.99 months.
    assert rows["counselling"] == {"episodes": 3, "closed": 2, "mean_months": 2.0,
                                   "mean_attended": 3.0, "mean_missed": 1.3, "mean_group": 0.3,
                                   "mean_relatives": 0.3, "stopped_coming": 1}
    assert rows["not-set"]["stopped_coming"] == 1
    assert left_after_session(episodes).to_dict("index") == {0: {"counselling": 0, "not-set": 1},
                                                             2: {"counselling": 1, "not-set": 0}}
