"""Clients, episodes and sessions: the changes a therapist makes. They flush; callers commit."""
from __future__ import annotations

from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from survey.domain.age_schemes import MAX_AGE, survey_group
from survey.domain.vocabulary import AGE_GROUPS, CLOSE_REASONS, GENDERS
from survey.models import (
    Client,
    Contact,
    Episode,
    Role,
    StaffUser,
    TreatmentSession,
    Unit,
)
from survey.operations.errors import OperationError
from survey.operations.variables import VariableError, parsed, record_value
from survey.queries.variables import current_variables

END_REASON = "end_reason"  # the starter set's variable that holds the close reason


class ClinicError(OperationError):
    """A change to a client's record that cannot be made: a code (worded by the web layer,
    ``clinic/messages.py``) and its parameters."""


def intake_age_group(age: int | None, age_group: str | None) -> str:
    """The survey age group of a client from the age at intake in whole years (0–120); without
    an age (not known), the group chosen instead. A chosen group must agree with the age."""
    if age is None:
        if age_group not in AGE_GROUPS:
            raise ClinicError("age-missing")
        return age_group
    if not 0 <= age <= MAX_AGE:
        raise ClinicError("age-out-of-range", high=MAX_AGE)
    group = survey_group(age)
    if age_group and age_group != group:
        raise ClinicError("age-group-differs", age=age, group=age_group)
    return group


def register_client(db: Session, therapist: StaffUser, unit: Unit, code: str, gender: str,
                    age_group: str | None, opened_on: date, age: int | None = None) -> Client:
    """A new client (by pseudonymous code) with an open episode, held by ``therapist``: the age
    at intake in whole years, or when it is not known a survey age group."""
    code = code.strip().upper()
    if not code or len(code) > 40:
        raise ClinicError("code-length")
    if gender not in GENDERS:
        raise ClinicError("unknown-gender-or-age")
    age_group = intake_age_group(age, age_group)
    if unit.id not in therapist.unit_ids:
        raise ClinicError("not-in-unit")
    if not unit.active:
        raise ClinicError("unit-closed")
    # Checked by a read, not a savepoint: on SQLite releasing one would commit the client alone.
    if db.scalar(select(Client.id).where(Client.unit_id == unit.id, Client.code == code)):
        raise ClinicError("duplicate-code", code=code)
    client = Client(code=code, unit=unit, therapist=therapist, gender=gender, age_group=age_group)
    db.add(client)
    db.flush()
    open_episode(db, client, opened_on, age)
    return client


def open_episode(db: Session, client: Client, opened_on: date, age: int | None = None) -> Episode:
    """A new episode, with the age at intake if known (the client's survey group follows it)."""
    if any(e.closed_on is None for e in client.episodes):
        raise ClinicError("episode-open")
    if age is not None:
        client.age_group = intake_age_group(age, None)
    episode = Episode(client=client, therapist_id=client.therapist_id, opened_on=opened_on,
                      age_at_intake=age)
    db.add(episode)
    db.flush()
    return episode


def set_age_at_intake(db: Session, episode: Episode, age: int | None) -> None:
    """Correct the age at an episode's intake (None: not known); the client's survey group
    follows the age of their newest episode."""
    if age is not None:
        group = intake_age_group(age, None)
        if episode is max(episode.client.episodes, key=lambda e: (e.opened_on, e.id)):
            episode.client.age_group = group
    episode.age_at_intake = age
    db.flush()


def close_episode(db: Session, episode: Episode, reason: str, closed_on: date) -> None:
    if episode.closed_on is not None:
        raise ClinicError("episode-already-closed")
    if reason not in CLOSE_REASONS:
        raise ClinicError("unknown-reason")
    if closed_on < episode.opened_on:
        raise ClinicError("closes-before-opening")
    episode.closed_on, episode.close_reason = closed_on, reason
    _record_end_reason(db, episode, reason)
    db.flush()


def _record_end_reason(db: Session, episode: Episode, reason: str) -> None:
    """The close reason as the ``end_reason`` variable, when the unit records it (and its
    current version knows the reason)."""
    unit = db.get(Unit, db.scalar(select(Client.unit_id).where(Client.id == episode.client_id)))
    for variable in current_variables(db, unit, ["end"]):
        if variable.key == END_REASON:
            try:
                record_value(db, episode, variable, parsed(variable, reason))
            except VariableError:
                pass  # a version without this reason: the close reason alone keeps it


def transfer_client(db: Session, client: Client, therapist: StaffUser) -> None:
    """Hand a client, with their open episode, to another therapist of the same unit."""
    if therapist.role is not Role.THERAPIST or client.unit_id not in therapist.unit_ids:
        raise ClinicError("transfer-therapist")
    client.therapist = therapist
    for episode in client.episodes:
        if episode.closed_on is None:
            episode.therapist_id = therapist.id
    db.flush()


def start_session(db: Session, episode: Episode, held_on: date) -> TreatmentSession:
    """Number and date the next session of an open episode (an attended individual contact)."""
    if episode.closed_on is not None:
        raise ClinicError("episode-closed")
    last = db.scalar(
        select(func.max(TreatmentSession.number)).where(TreatmentSession.episode_id == episode.id)
    )
    session = TreatmentSession(episode=episode, number=(last or 0) + 1, held_on=held_on)
    db.add(session)
    db.add(Contact(episode_id=episode.id, held_on=held_on, kind="individual", attended=True,
                   session=session))
    db.flush()
    return session
