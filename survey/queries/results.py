"""Reads for session-feedback results: the episodes and alliance ratings of a scope and period."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd
from sqlalchemy import Select, and_, or_, select
from sqlalchemy.orm import Session

from ..models import Client, Episode, Response, StaffUser, TreatmentSession, Unit
from ..population import age_band
from ..reporting.feedback_results import ALLIANCE_COLUMNS, EPISODE_COLUMNS


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


def _group_column(scope: Scope):
    return {"therapist": StaffUser.display_name, "unit": Unit.name}.get(scope.group_by)


def results_frames(db: Session, scope: Scope, start: date, end: date,
                   kind_of: dict[str, str], alliance_threshold_of: dict[str, float]
                   ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The episodes active in the period and the alliance totals of its sessions."""
    group = _group_column(scope)
    group_label = group.label("group") if group is not None else None
    base = (select(Episode.id, Client.id, Client.gender, Client.age_group, Episode.opened_on,
                   Episode.closed_on, Episode.close_reason,
                   group_label if group_label is not None else Client.unit_id)
            .join(Client, Client.id == Episode.client_id)
            .join(StaffUser, StaffUser.id == Episode.therapist_id)
            .join(Unit, Unit.id == Client.unit_id))
    episodes = pd.DataFrame(db.execute(_restrict(base, scope, start, end)).all(),
                            columns=["episode_id", "client_id", "gender", "age_group", "opened_on",
                                     "closed_on", "close_reason", "group"])
    if group is None:
        episodes["group"] = "organisation"
    scores = pd.DataFrame(db.execute(_restrict(
        select(TreatmentSession.episode_id, TreatmentSession.number, TreatmentSession.held_on,
               Response.questionnaire_id, Response.score_total)
        .join(Episode, Episode.id == TreatmentSession.episode_id)
        .join(Client, Client.id == Episode.client_id)
        .outerjoin(Response, and_(Response.session_id == TreatmentSession.id,
                                  Response.score_total.is_not(None))),
        scope, start, end)).all(),
        columns=["episode_id", "number", "held_on", "questionnaire_id", "score"])
    scores["kind"] = scores["questionnaire_id"].map(kind_of)
    sessions = scores.groupby("episode_id")["number"].nunique().rename("sessions")
    outcome = scores[scores["kind"] == "outcome"].sort_values(["episode_id", "number"])
    per_episode = outcome.groupby("episode_id")["score"].agg(["first", "last", "count"])
    per_episode.columns = ["intake", "last", "outcome_scores"]
    episodes = episodes.join(sessions, on="episode_id").join(per_episode, on="episode_id")
    episodes["sessions"] = episodes["sessions"].fillna(0).astype(int)
    episodes["outcome_scores"] = episodes["outcome_scores"].fillna(0).astype(int)
    episodes["band"] = episodes["age_group"].map(age_band)
    alliance = scores[(scores["kind"] == "alliance") & (scores["held_on"] >= start)
                      & (scores["held_on"] <= end)]
    alliance = alliance.merge(episodes[["episode_id", "group", "gender"]], on="episode_id")
    alliance = alliance.assign(alliance=alliance["score"],
                               threshold=alliance["questionnaire_id"].map(alliance_threshold_of))
    return episodes[EPISODE_COLUMNS], alliance[ALLIANCE_COLUMNS]
