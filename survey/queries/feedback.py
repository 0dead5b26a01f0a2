"""Reads for session-feedback results: one row per episode of a scope and period, summed in SQL."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd
from sqlalchemy import Select, and_, case, distinct, func, literal, or_, select
from sqlalchemy.orm import Session, aliased

from survey.domain.scoring import SessionScores
from survey.domain.vocabulary import age_band
from survey.models import (
    Client,
    Episode,
    Response,
    SignalAcknowledgement,
    StaffUser,
    TreatmentSession,
    Unit,
)
from survey.queries.clients import scores_where
from survey.reporting.feedback import EPISODE_COLUMNS


@dataclass(frozen=True)
class Scope:
    """Whose results: one therapist, some units, or (neither) the whole organisation."""

    therapist_id: int | None = None
    unit_ids: tuple[int, ...] | None = None
    group_by: str = "organisation"  # "therapist", "unit" or "organisation"


def _restrict(query: Select, scope: Scope, start: date, end: date) -> Select:
    query = query.where(Episode.opened_on <= end,
                        or_(Episode.closed_on.is_(None), Episode.closed_on >= start))
    if scope.therapist_id is not None:
        query = query.where(Episode.therapist_id == scope.therapist_id)
    if scope.unit_ids is not None:
        query = query.where(Client.unit_id.in_(scope.unit_ids))
    return query


def _scoped(query: Select, scope: Scope, start: date, end: date) -> Select:
    """A per-session query limited to the sessions of the scope's episodes."""
    return _restrict(query.join(Episode, Episode.id == TreatmentSession.episode_id)
                     .join(Client, Client.id == Episode.client_id), scope, start, end)


def _per_episode(outcome_ids: list[str], threshold_of: dict[str, float], scope: Scope,
                 start: date, end: date):
    """One pass over the scope's sessions: per episode the number of sessions, the first and
    last session with an outcome score and how many there are, and the alliance totals of the
    sessions in the period (sum, count, count under the instrument's threshold)."""
    score, number = Response.score_total, TreatmentSession.number
    is_outcome = Response.questionnaire_id.in_(outcome_ids)
    in_period = and_(Response.questionnaire_id.in_(list(threshold_of)),
                     TreatmentSession.held_on >= start, TreatmentSession.held_on <= end)
    below = score < case(threshold_of, value=Response.questionnaire_id)
    return _scoped(
        select(TreatmentSession.episode_id.label("episode_id"),
               func.count(distinct(TreatmentSession.id)).label("sessions"),
               func.min(case((is_outcome, number))).label("first"),
               func.max(case((is_outcome, number))).label("last"),
               func.count(case((is_outcome, 1))).label("scores"),
               func.coalesce(func.sum(case((in_period, score))), 0.0).label("alliance_total"),
               func.count(case((in_period, 1))).label("alliance_n"),
               func.count(case((and_(in_period, below), 1))).label("alliance_below"))
        .outerjoin(Response, and_(Response.session_id == TreatmentSession.id, score.is_not(None))),
        scope, start, end).group_by(TreatmentSession.episode_id).subquery()


def _score_at(per_episode, number_column, outcome_ids: list[str]):
    """The outcome total of an episode's session with the given number (aliased joins)."""
    session, response = aliased(TreatmentSession), aliased(Response)
    joins = [(session, and_(session.episode_id == per_episode.c.episode_id,
                            session.number == number_column)),
             (response, and_(response.session_id == session.id,
                             response.questionnaire_id.in_(outcome_ids)))]
    return response.score_total, joins


def results_frame(db: Session, scope: Scope, start: date, end: date, outcome_ids: list[str],
                  alliance_threshold_of: dict[str, float]) -> pd.DataFrame:
    """The episodes active in the period with their scores (``EPISODE_COLUMNS``)."""
    group = {"therapist": StaffUser.display_name, "unit": Unit.name}.get(scope.group_by,
                                                                          literal("organisation"))
    counts = _per_episode(outcome_ids, alliance_threshold_of, scope, start, end)
    intake, intake_joins = _score_at(counts, counts.c.first, outcome_ids)
    last, last_joins = _score_at(counts, counts.c.last, outcome_ids)
    query = (
        select(Episode.id, Client.id, Client.unit_id, group.label("group"), Client.gender,
               Client.age_group, Episode.opened_on, Episode.closed_on, Episode.close_reason,
               Episode.planned_sessions,
               func.coalesce(counts.c.sessions, 0), func.coalesce(counts.c.scores, 0), intake, last,
               func.coalesce(counts.c.alliance_total, 0.0), func.coalesce(counts.c.alliance_n, 0),
               func.coalesce(counts.c.alliance_below, 0))
        .join(Client, Client.id == Episode.client_id)
        .join(StaffUser, StaffUser.id == Episode.therapist_id)
        .join(Unit, Unit.id == Client.unit_id)
        .outerjoin(counts, counts.c.episode_id == Episode.id)
    )
    for target, condition in intake_joins + last_joins:
        query = query.outerjoin(target, condition)
    order = ["episode_id", "client_id", "unit_id", "group", "gender", "age_group", "opened_on",
             "closed_on", "close_reason", "planned_sessions", "sessions", "outcome_scores", "intake", "last", "alliance_total",
             "alliance_n", "alliance_below"]
    rows = db.execute(_restrict(query, scope, start, end)).all()
    frame = pd.DataFrame.from_records([tuple(r) for r in rows], columns=order)
    frame["band"] = frame["age_group"].map({g: age_band(g) for g in frame["age_group"].unique()})
    return frame[EPISODE_COLUMNS]


@dataclass(frozen=True)
class ActedOn:
    """A signal raised in the period that someone acted on, and after how many days."""

    code: str
    session: int
    days: int


def signals_acted_on(db: Session, scope: Scope, start: date, end: date) -> dict[int, list[ActedOn]]:
    """Per episode of the scope, the signals raised in the period that were acknowledged."""
    rows = db.execute(_restrict(
        select(SignalAcknowledgement.episode_id, SignalAcknowledgement.code,
               SignalAcknowledgement.session_number, SignalAcknowledgement.raised_on,
               SignalAcknowledgement.acknowledged_at)
        .join(Episode, Episode.id == SignalAcknowledgement.episode_id)
        .join(Client, Client.id == Episode.client_id)
        .where(SignalAcknowledgement.raised_on >= start, SignalAcknowledgement.raised_on <= end),
        scope, start, end))
    acted: dict[int, list[ActedOn]] = {}
    for episode_id, code, number, raised_on, acknowledged_at in rows:
        acted.setdefault(episode_id, []).append(
            ActedOn(code, number, (acknowledged_at.date() - raised_on).days))
    return acted


def scope_scores(db: Session, scope: Scope, start: date, end: date,
                 kind_of: dict[str, str]) -> dict[int, list[SessionScores]]:
    """Every session's scores (``queries.clients.episode_scores``) of the scope's episodes."""
    episodes = _restrict(select(Episode.id).join(Client, Client.id == Episode.client_id),
                         scope, start, end)
    return scores_where(db, TreatmentSession.episode_id.in_(episodes), kind_of)


def score_stamps(db: Session, scope: Scope, start: date, end: date) -> dict[int, tuple[int, tuple[int, int]]]:
    """Per episode of the scope with a session: its unit, and how many answered questionnaires
    it holds with the newest one's id (a new answer changes them)."""
    rows = db.execute(_scoped(
        select(TreatmentSession.episode_id, Client.unit_id, func.count(Response.id),
               func.coalesce(func.max(Response.id), 0))
        .outerjoin(Response, Response.session_id == TreatmentSession.id), scope, start, end)
        .group_by(TreatmentSession.episode_id, Client.unit_id))
    return {episode_id: (unit_id, (count, newest)) for episode_id, unit_id, count, newest in rows}
