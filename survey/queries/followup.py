"""Reads for systematic follow-up: goal ratings, when each instrument was measured, the
measurement rules, and one row per episode of a unit for its report."""
from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Iterable

import pandas as pd
from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from survey.domain.goals import goal_id_of, goal_questionnaire, goals_on
from survey.domain.instruments import Questionnaire
from survey.domain.schedule import Rule
from survey.models import (
    Answer,
    Client,
    Contact,
    Episode,
    FollowUp,
    MeasurementRule,
    Response,
    TreatmentSession,
)
from survey.queries.variables import episode_value_rows


def follow_up_questionnaire(db: Session, base: Questionnaire,
                            follow_up_id: int | None) -> Questionnaire | None:
    """``base`` (a goals questionnaire) with one screen per goal to rate at the follow-up, in the
    client's words; None for an unknown follow-up. Raises ``ValueError`` when it has no goals."""
    follow_up = db.get(FollowUp, follow_up_id) if follow_up_id is not None else None
    if follow_up is None:
        return None
    goals = goals_on(db.get(Episode, follow_up.episode_id).goals, follow_up.held_on)
    return goal_questionnaire(base, [(goal.id, goal.wording) for goal in goals])


def goal_ratings(db: Session, follow_up_ids: Iterable[int],
                 goal_questionnaires: Iterable[str]) -> dict[tuple[int, int, str], int | None]:
    """Ratings by (follow-up, goal, rater): the number chosen, or None when not given."""
    rows = db.execute(
        select(Response.follow_up_id, Response.rater, Answer.item_key, Answer.value)
        .join(Answer, Answer.response_id == Response.id)
        .where(Response.follow_up_id.in_(list(follow_up_ids)),
               Response.questionnaire_id.in_(list(goal_questionnaires))))
    ratings = {}
    for follow_up_id, rater, item_key, value in rows:
        goal_id = goal_id_of(item_key)
        if goal_id is not None:
            ratings[(follow_up_id, goal_id, rater)] = None if value is None else int(value)
    return ratings


def follow_up_languages(db: Session, follow_up_ids: Iterable[int]) -> list[tuple]:
    """The language of each response given at these follow-ups: (follow-up id, questionnaire id,
    version, language)."""
    return [tuple(row) for row in db.execute(
        select(Response.follow_up_id, Response.questionnaire_id, Response.questionnaire_version,
               Response.language)
        .where(Response.follow_up_id.in_(list(follow_up_ids))).order_by(Response.id))]


def measured_dates(db: Session, episode_ids: Iterable[int],
                   kind_of: dict[str, str]) -> dict[int, dict[str, list[date]]]:
    """Per episode, the dates each instrument kind (outcome, alliance, goals) was measured:
    at a session, or at a follow-up."""
    episode_ids = list(episode_ids)
    found: dict[int, dict[str, list[date]]] = defaultdict(lambda: defaultdict(list))
    if not episode_ids:
        return found
    for query in (
        select(TreatmentSession.episode_id, TreatmentSession.held_on, Response.questionnaire_id)
        .join(Response, Response.session_id == TreatmentSession.id)
        .where(TreatmentSession.episode_id.in_(episode_ids)),
        select(FollowUp.episode_id, FollowUp.held_on, Response.questionnaire_id)
        .join(Response, Response.follow_up_id == FollowUp.id)
        .where(FollowUp.episode_id.in_(episode_ids)),
    ):
        for episode_id, held_on, questionnaire_id in db.execute(query):
            kind = kind_of.get(questionnaire_id)
            if kind:
                found[episode_id][kind].append(held_on)
    return found


def unit_rules(db: Session, unit_ids: Iterable[int]) -> dict[int, list[Rule]]:
    rules: dict[int, list[Rule]] = defaultdict(list)
    for rule in db.scalars(select(MeasurementRule).where(MeasurementRule.unit_id.in_(list(unit_ids)))
                           .order_by(MeasurementRule.id)):
        rules[rule.unit_id].append(Rule(rule.instrument, rule.point, rule.every))
    return rules


EPISODE_COLUMNS = ["episode_id", "intervention_type", "opened_on", "closed_on", "close_reason",
                   "gender", "age_group", "attended", "missed", "individual", "group", "relatives"]


def unit_episodes(db: Session, unit_id: int, opened_from: date | None = None,
                  opened_to: date | None = None) -> pd.DataFrame:
    """One row per episode of a unit: plan, end, client background and contact counts, with a
    column per variable recorded, each episode's newest value of it (outside a review or in
    one: ``episode_value_rows``). No client codes and no free text."""
    attended = Contact.attended.is_(True)
    counts = (select(Contact.episode_id,
                     func.sum(case((attended, 1), else_=0)).label("attended"),
                     func.sum(case((attended, 0), else_=1)).label("missed"),
                     *[func.sum(case(((Contact.kind == kind) & attended, 1), else_=0)).label(kind)
                       for kind in ("individual", "group", "relatives")])
              .group_by(Contact.episode_id).subquery())
    query = (select(Episode.id, Episode.intervention_type, Episode.opened_on, Episode.closed_on,
                    Episode.close_reason, Client.gender, Client.age_group,
                    *[func.coalesce(counts.c[name], 0) for name in EPISODE_COLUMNS[7:]])
             .join(Client, Client.id == Episode.client_id)
             .outerjoin(counts, counts.c.episode_id == Episode.id)
             .where(Client.unit_id == unit_id).order_by(Episode.id))
    if opened_from:
        query = query.where(Episode.opened_on >= opened_from)
    if opened_to:
        query = query.where(Episode.opened_on <= opened_to)
    frame = pd.DataFrame(db.execute(query).all(), columns=EPISODE_COLUMNS)
    values = episode_value_rows(db, frame["episode_id"].tolist())
    if not values.empty:
        wide = values.pivot(index="episode_id", columns="key", values="value")
        frame = frame.merge(wide, left_on="episode_id", right_index=True, how="left")
    return frame


def unit_goal_ratings(db: Session, unit_id: int,
                      goal_questionnaires: Iterable[str]) -> pd.DataFrame:
    """Every goal rating of a unit's episodes: episode, goal, date, rater and value."""
    rows = []
    for episode_id, held_on, rater, item_key, value in db.execute(
        select(FollowUp.episode_id, FollowUp.held_on, Response.rater, Answer.item_key, Answer.value)
        .join(Response, Response.follow_up_id == FollowUp.id)
        .join(Answer, Answer.response_id == Response.id)
        .join(Episode, Episode.id == FollowUp.episode_id).join(Client, Client.id == Episode.client_id)
        .where(Client.unit_id == unit_id, Response.questionnaire_id.in_(list(goal_questionnaires)))
    ):
        rows.append((episode_id, goal_id_of(item_key), held_on, rater, value))
    return pd.DataFrame(rows, columns=["episode_id", "goal_id", "held_on", "rater", "value"])
