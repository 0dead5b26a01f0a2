"""Review and measurement points on worked examples: their due dates and statuses."""
from __future__ import annotations

from datetime import date

from survey.domain.schedule import EpisodeFacts, Rule, add_months, measurement_points


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
