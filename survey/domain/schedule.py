"""When follow-ups and measurements fall due, and whether they were done (pure).

A point is *done* when the instrument was measured from ``EARLY`` days before its due date (from
the session itself for a session's point) to ``LATE`` days after; it is *due* from ``EARLY`` days before to ``GRACE`` days after, then
*overdue*; before that it is *upcoming*.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Sequence

from dateutil.relativedelta import relativedelta

EARLY = timedelta(days=14)
GRACE = timedelta(days=14)
LATE = timedelta(days=30)


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later (the month's last day when it has no such day)."""
    return day + relativedelta(months=months)


@dataclass(frozen=True)
class Rule:
    instrument: str  # outcome, alliance or goals
    point: str  # intake, sessions, end or after-end
    every: int | None = None  # sessions apart, or months after the end


@dataclass(frozen=True)
class EpisodeFacts:
    opened_on: date
    closed_on: date | None
    session_dates: Sequence[date]  # of the feedback sessions, by number
    reviews_held: int  # goal reviews held so far
    follow_up_months: int
    measured: dict[str, list[date]] = field(default_factory=dict)  # instrument -> dates


@dataclass(frozen=True)
class Point:
    instrument: str
    point: str  # intake, sessions, end, after-end, or review (the goal follow-up)
    number: int | None  # the session number, months after the end, or the review's number
    due_on: date
    status: str  # done, upcoming, due or overdue

    @property
    def open(self) -> bool:
        return self.status in ("due", "overdue")

    def can_still_be_done(self, episode_open: bool, today: date) -> bool:
        """Open, and doable now: a closed episode takes only its end and after-end measurements
        (at a follow-up after the end), and a measurement counts only up to ``LATE`` days after
        its due date (a goal review any time while the episode is open)."""
        if not self.open or (not episode_open and self.point not in ("end", "after-end")):
            return False
        return self.point == "review" or today <= self.due_on + LATE


def _status(due_on: date, done: bool, today: date) -> str:
    if done:
        return "done"
    if today < due_on - EARLY:
        return "upcoming"
    return "due" if today <= due_on + GRACE else "overdue"


def _measured_near(dates: Sequence[date], due_on: date, early: timedelta = EARLY) -> bool:
    return any(due_on - early <= day <= due_on + LATE for day in dates)


def _reviews(facts: EpisodeFacts, today: date) -> list[Point]:
    """Goal reviews every ``follow_up_months`` while the episode is open, up to the next one."""
    points, number = [], 1
    while facts.closed_on is None and facts.follow_up_months > 0:
        due_on = add_months(facts.opened_on, number * facts.follow_up_months)
        points.append(Point("goals", "review", number, due_on,
                            _status(due_on, facts.reviews_held >= number, today)))
        if due_on > today:
            break
        number += 1
    return points


def _rule_dates(rule: Rule, facts: EpisodeFacts) -> list[tuple[int | None, date]]:
    if rule.point == "intake":
        return [(None, facts.opened_on)]
    if rule.point == "sessions" and rule.every:
        return [(n, facts.session_dates[n - 1])
                for n in range(rule.every, len(facts.session_dates) + 1, rule.every)]
    if facts.closed_on is None:
        return []
    if rule.point == "end":
        return [(None, facts.closed_on)]
    if rule.point == "after-end" and rule.every:
        return [(rule.every, add_months(facts.closed_on, rule.every))]
    return []


def measurement_points(rules: Sequence[Rule], facts: EpisodeFacts, today: date) -> list[Point]:
    """Every point of an episode's time line, by date: the unit's rules and the goal reviews."""
    points = _reviews(facts, today)
    for rule in rules:
        dates = facts.measured.get(rule.instrument, [])
        for number, due_on in _rule_dates(rule, facts):
            # A session's measurement is taken at that session, not at an earlier one.
            early = timedelta(0) if rule.point == "sessions" else EARLY
            points.append(Point(rule.instrument, rule.point, number, due_on,
                                _status(due_on, _measured_near(dates, due_on, early), today)))
    return sorted(points, key=lambda p: (p.due_on, p.instrument, p.point))
