"""Goals, follow-ups and their decisions, delivered contacts, episode plans, and a unit's
follow-up settings (an episode's variables: ``operations.variables``). They flush; the caller
commits."""
from __future__ import annotations

from datetime import date
from typing import Iterable

from sqlalchemy import delete
from sqlalchemy.orm import Session

from survey.domain.goals import goals_on
from survey.domain.schedule import Rule
from survey.domain.vocabulary import (
    CONTACT_KINDS,
    DECISIONS,
    INSTRUMENTS,
    INTERVENTION_TYPES,
    MEASUREMENT_POINTS,
)
from survey.models import (
    Contact,
    Episode,
    FollowUp,
    FollowUpDecision,
    Goal,
    MeasurementRule,
    Unit,
)
from survey.operations.clinic import ClinicError, close_episode
from survey.queries.variables import current_variables

MAX_GOAL_LENGTH = 300


def set_plan(db: Session, episode: Episode, intervention_type: str,
             planned_sessions: int | None, planned_months: int | None) -> None:
    """What was decided for the episode: the intervention type and its planned intensity."""
    if intervention_type not in INTERVENTION_TYPES:
        raise ClinicError("unknown-intervention")
    for code, number in (("planned-sessions-range", planned_sessions),
                         ("planned-months-range", planned_months)):
        if number is not None and not 0 < number <= 500:
            raise ClinicError(code, low=1, high=500)
    episode.intervention_type = intervention_type
    episode.planned_sessions, episode.planned_months = planned_sessions, planned_months
    db.flush()


def add_goal(db: Session, episode: Episode, wording: str, added_on: date) -> Goal:
    """A goal area in the client's own words."""
    wording = " ".join(wording.split())
    if not wording or len(wording) > MAX_GOAL_LENGTH:
        raise ClinicError("goal-length", most=MAX_GOAL_LENGTH)
    if episode.closed_on is not None:
        raise ClinicError("episode-closed")
    if added_on < episode.opened_on:
        raise ClinicError("goal-before-episode")
    goal = Goal(episode_id=episode.id, wording=wording, added_on=added_on)
    db.add(goal)
    db.flush()
    episode.goals.append(goal)
    return goal


def start_follow_up(db: Session, episode: Episode, kind: str, held_on: date) -> FollowUp:
    """The first rating at intake, a review while the episode is open, or a measurement after
    its end."""
    if held_on < episode.opened_on:
        raise ClinicError("follow-up-before-episode")
    if kind == "intake":
        if any(f.kind == "intake" for f in episode.follow_ups):
            raise ClinicError("intake-exists")
    elif kind == "review":
        if episode.closed_on is not None:
            raise ClinicError("review-after-close")
    elif kind == "after-end":
        if episode.closed_on is None or held_on < episode.closed_on:
            raise ClinicError("after-end-needs-close")
    else:
        raise ClinicError("unknown-follow-up")
    if kind != "after-end" and not goals_on(episode.goals, held_on):
        raise ClinicError("goals-first")
    follow_up = FollowUp(episode_id=episode.id, kind=kind, held_on=held_on)
    db.add(follow_up)
    db.flush()
    episode.follow_ups.append(follow_up)
    return follow_up


def record_decision(db: Session, follow_up: FollowUp, episode: Episode, decision: str,
                    goal: Goal | None = None, new_goal: str = "") -> FollowUpDecision:
    """What the follow-up decided; a goal reached ends that goal, a goal added starts one, an
    end closes the episode (a planned end) on the follow-up's date."""
    if decision not in DECISIONS:
        raise ClinicError("unknown-decision")
    if follow_up.kind == "after-end":
        raise ClinicError("no-decision-after-end")
    if decision == "goal-reached":
        if goal is None or goal.episode_id != episode.id or goal.ended_on is not None:
            raise ClinicError("goal-not-current")
        goal.ended_on = follow_up.held_on
    elif decision == "goal-added":
        goal = add_goal(db, episode, new_goal, follow_up.held_on)
    else:
        goal = None
    if decision == "end" and episode.closed_on is None:
        close_episode(db, episode, "planned", follow_up.held_on)
    made = FollowUpDecision(follow_up=follow_up, decision=decision, goal=goal)
    db.add(made)
    db.flush()
    return made


def record_contact(db: Session, episode: Episode, held_on: date, kind: str,
                   attended: bool) -> Contact:
    """A contact that was planned: held (attended) or missed (a no-show)."""
    if kind not in CONTACT_KINDS:
        raise ClinicError("unknown-contact")
    if held_on < episode.opened_on or (episode.closed_on and held_on > episode.closed_on):
        raise ClinicError("date-outside-episode")
    contact = Contact(episode_id=episode.id, held_on=held_on, kind=kind, attended=attended)
    db.add(contact)
    db.flush()
    return contact


def set_unit_follow_up(db: Session, unit: Unit, follow_up_months: int,
                       variables: Iterable[str], rules: Iterable[Rule]) -> None:
    """A unit's follow-up interval, the organisation's variables it records (their keys) and
    its measurement plan."""
    if not 1 <= follow_up_months <= 24:
        raise ClinicError("follow-up-months", low=1, high=24)
    variables = list(dict.fromkeys(variables))
    known = {variable.key for variable in current_variables(db)}
    if any(key not in known for key in variables):
        raise ClinicError("unknown-variable")
    rules = list(dict.fromkeys(rules))
    for rule in rules:
        if rule.instrument not in INSTRUMENTS or rule.point not in MEASUREMENT_POINTS:
            raise ClinicError("unknown-rule")
        if rule.point in ("sessions", "after-end") and not (rule.every and 0 < rule.every <= 52):
            raise ClinicError("rule-every", low=1, high=52)
    unit.follow_up_months, unit.variables = follow_up_months, ",".join(variables)
    db.execute(delete(MeasurementRule).where(MeasurementRule.unit_id == unit.id))
    db.add_all(MeasurementRule(unit_id=unit.id, instrument=r.instrument, point=r.point,
                               every=r.every if r.point in ("sessions", "after-end") else None)
               for r in rules)
    db.flush()
