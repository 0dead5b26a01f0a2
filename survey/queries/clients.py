"""Reads for the clinic: which clients a staff member sees, and an episode's scores."""
from __future__ import annotations

from collections import defaultdict
from typing import Iterable

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from survey.domain.scoring import SessionScores
from survey.models import (
    Answer,
    Client,
    Episode,
    Response,
    Role,
    StaffUser,
    TreatmentSession,
)


def visible_clients(db: Session, staff: StaffUser) -> list[Client]:
    """Clients a staff member may see: a therapist their own, a coordinator their units'."""
    query = select(Client).order_by(Client.code)
    if staff.role is Role.THERAPIST:
        query = query.where(Client.therapist_id == staff.id)
    elif staff.role is Role.COORDINATOR:
        query = query.where(Client.unit_id.in_(staff.unit_ids))
    else:
        return []
    return list(db.scalars(query))


def can_see_client(staff: StaffUser, client: Client) -> bool:
    if staff.role is Role.THERAPIST:
        return client.therapist_id == staff.id
    if staff.role is Role.COORDINATOR:
        return client.unit_id in staff.unit_ids
    return False


def episode_scores(db: Session, episode_ids: Iterable[int],
                   kind_of: dict[str, str]) -> dict[int, list[SessionScores]]:
    """Per episode, its sessions in order with outcome and alliance totals and alliance items.

    ``kind_of`` maps questionnaire ids to their kind (outcome, alliance).
    """
    episode_ids = list(episode_ids)
    if not episode_ids:
        return {}
    rows = db.execute(
        select(TreatmentSession.episode_id, TreatmentSession.id, TreatmentSession.number,
               TreatmentSession.held_on, Response.id, Response.questionnaire_id,
               Response.score_total)
        .outerjoin(Response, Response.session_id == TreatmentSession.id)
        .where(TreatmentSession.episode_id.in_(episode_ids))
        .order_by(TreatmentSession.episode_id, TreatmentSession.number)
    ).all()
    alliance_ids = [r[4] for r in rows if r[4] is not None and kind_of.get(r[5]) == "alliance"]
    items: dict[int, list[float]] = defaultdict(list)
    if alliance_ids:
        for response_id, value in db.execute(
            select(Answer.response_id, Answer.value).where(Answer.response_id.in_(alliance_ids))
            .order_by(Answer.response_id, Answer.id)
        ):
            if value is not None:
                items[response_id].append(value)
    sessions: dict[tuple[int, int], dict] = {}
    for episode_id, session_id, number, held_on, response_id, questionnaire_id, score in rows:
        found = sessions.setdefault((episode_id, session_id),
                                    {"number": number, "held_on": held_on,
                                     "session_id": session_id})
        kind = kind_of.get(questionnaire_id)
        if kind == "outcome":
            found["outcome"] = score
        elif kind == "alliance":
            found["alliance"] = score
            found["alliance_items"] = tuple(items.get(response_id, ()))
    scores: dict[int, list[SessionScores]] = {episode_id: [] for episode_id in episode_ids}
    for (episode_id, _), found in sessions.items():
        scores[episode_id].append(SessionScores(**found))
    return scores


def session_languages(db: Session, episode_ids: Iterable[int]) -> dict[int, list[tuple]]:
    """Per episode, the language of each session response: (session number, questionnaire id,
    version, language), in session order."""
    found: dict[int, list[tuple]] = defaultdict(list)
    for episode_id, *row in db.execute(
        select(TreatmentSession.episode_id, TreatmentSession.number, Response.questionnaire_id,
               Response.questionnaire_version, Response.language)
        .join(Response, Response.session_id == TreatmentSession.id)
        .where(TreatmentSession.episode_id.in_(list(episode_ids)))
        .order_by(TreatmentSession.episode_id, TreatmentSession.number, Response.id)
    ):
        found[episode_id].append(tuple(row))
    return found


def closed_episodes_stamp(db: Session, unit_id: int) -> tuple[int, int]:
    """Changes whenever the unit's set of closed episodes changes (count and sum of ids)."""
    count, total = db.execute(
        select(func.count(Episode.id), func.coalesce(func.sum(Episode.id), 0))
        .join(Client, Client.id == Episode.client_id)
        .where(Client.unit_id == unit_id, Episode.closed_on.is_not(None))
    ).one()
    return count, total


def outcome_histories(db: Session, unit_id: int, questionnaire_id: str) -> list[list[float]]:
    """Outcome totals in session order of every closed episode of a unit, on one instrument."""
    rows = db.execute(
        select(Episode.id, Response.score_total)
        .join(Client, Client.id == Episode.client_id)
        .join(TreatmentSession, TreatmentSession.episode_id == Episode.id)
        .join(Response, Response.session_id == TreatmentSession.id)
        .where(Client.unit_id == unit_id, Episode.closed_on.is_not(None),
               Response.questionnaire_id == questionnaire_id, Response.score_total.is_not(None))
        .order_by(Episode.id, TreatmentSession.number)
    )
    histories: dict[int, list[float]] = defaultdict(list)
    for episode_id, score in rows:
        histories[episode_id].append(score)
    return list(histories.values())
