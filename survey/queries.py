"""Reads that feed pages and reports: one ``select()`` each, returned as rows or frames."""
from __future__ import annotations

import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

from .models import Answer, Client, Response, Role, StaffUser, TreatmentSession, Unit, Episode


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


def client_session_answers(db: Session, client_id: int) -> pd.DataFrame:
    """Every session answer of a client: episode, session number and date, questionnaire, item, value."""
    query = (
        select(
            Episode.id.label("episode_id"), TreatmentSession.id.label("session_id"),
            TreatmentSession.number, TreatmentSession.held_on, Response.questionnaire_id,
            Response.questionnaire_version, Response.rater, Answer.item_key, Answer.value,
        )
        .join(TreatmentSession, TreatmentSession.episode_id == Episode.id)
        .join(Response, Response.session_id == TreatmentSession.id)
        .join(Answer, Answer.response_id == Response.id)
        .where(Episode.client_id == client_id)
        .order_by(Episode.id, TreatmentSession.number)
    )
    return pd.DataFrame(db.execute(query).all(), columns=[
        "episode_id", "session_id", "number", "held_on", "questionnaire_id",
        "questionnaire_version", "rater", "item_key", "value",
    ])


def round_answers(db: Session, round_id: int) -> pd.DataFrame:
    """One row per answer of a survey round, with the unit's name."""
    query = (
        select(Response.id.label("response_id"), Unit.name.label("unit"), Answer.item_key,
               Answer.option_key)
        .join(Answer, Answer.response_id == Response.id)
        .join(Unit, Unit.id == Response.unit_id)
        .where(Response.round_id == round_id)
    )
    return pd.DataFrame(db.execute(query).all(),
                        columns=["response_id", "unit", "item_key", "option_key"])
