"""Realistic demo data: units, staff of every role, two yearly rounds, clients with sessions
and their follow-up."""
from __future__ import annotations

import random
import uuid
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from survey.demo.followup import configure_unit, follow_episode
from survey.domain.age_schemes import survey_group
from survey.domain.instruments import Catalogue, ChoiceAnswer
from survey.domain.vocabulary import AGE_GROUPS, age_band
from survey.models import Organisation, Role, RoundStatus, RoundUnit, StaffUser, SurveyRound, Unit
from survey.operations import (
    Submission,
    close_episode,
    record_response,
    register_client,
    start_session,
)

DEMO_PASSWORD = "demo1234"

HOUSING = ["Solgården", "Björkbacken", "Tallbo", "Ekhagen"]
DAILY = ["Verkstan", "Ateljén", "Trädgården"]
OUTPATIENT = ["Familjeteamet", "Öppenvården"]
# Respondents per unit and year; Ekhagen has only 4, so its results stay hidden.
RESPONDENTS = {"Solgården": 24, "Björkbacken": 18, "Tallbo": 11, "Ekhagen": 4,
               "Verkstan": 30, "Ateljén": 16, "Trädgården": 7}


def _staff(db: Session, units: dict[str, Unit]) -> list[StaffUser]:
    people = [
        ("admin", "Alex Admin", Role.ADMIN, []),
        ("samordnare", "Sara Samordnare", Role.COORDINATOR, list(units)),
        ("terapeut1", "Tove Terapeut", Role.THERAPIST, ["Familjeteamet"]),
        ("terapeut2", "Tim Terapeut", Role.THERAPIST, ["Familjeteamet"]),
        ("terapeut3", "Nora Behandlare", Role.THERAPIST, ["Öppenvården"]),
        ("personal", "Per Personal", Role.THERAPIST, HOUSING + DAILY),
        ("granskare", "Greta Granskare", Role.REVIEWER, OUTPATIENT),
    ]
    for username, name, role, unit_names in people:
        # The demo coordinator works in every unit and sees the whole organisation's results.
        user = StaffUser(username=username, display_name=name, role=role,
                         units=[units[n] for n in unit_names],
                         organisation_wide=role is Role.COORDINATOR)
        user.set_password(DEMO_PASSWORD)
        db.add(user)
    db.flush()
    return list(db.scalars(select(StaffUser).order_by(StaffUser.id)))


def _survey_rounds(db: Session, catalogue: Catalogue, units: dict[str, Unit], rng: random.Random):
    this_year = date.today().year
    for questionnaire_id, unit_names in (("ux-housing", HOUSING), ("ux-daily-activity", DAILY)):
        questionnaire = catalogue.get(questionnaire_id)
        for year, status in ((this_year - 1, RoundStatus.OPEN), (this_year, RoundStatus.OPEN)):
            survey_round = SurveyRound(
                questionnaire_id=questionnaire.id, questionnaire_version=questionnaire.version,
                year=year, status=status,
                round_units=[RoundUnit(unit=units[n], eligible=RESPONDENTS[n] + 3) for n in unit_names],
            )
            db.add(survey_round)
            db.flush()
            lift = 0.08 if year == this_year else 0.0
            for name in unit_names:
                for _ in range(RESPONDENTS[name]):
                    _survey_response(db, catalogue, questionnaire, survey_round, units[name], rng, lift)
            survey_round.status = RoundStatus.CLOSED if year < this_year else RoundStatus.OPEN


def _survey_response(db, catalogue, questionnaire, survey_round, unit, rng, lift) -> None:
    answers = {}
    for item in questionnaire.items:
        if not isinstance(item.answer, ChoiceAnswer):
            continue
        options = questionnaire.scale_of(item).options
        roll = rng.random()
        if roll < 0.06:
            continue  # chose not to answer
        positive = [o.key for o in options if o.positive]
        dont_know = [o.key for o in options if o.dont_know]
        other = [o.key for o in options if not o.positive and not o.dont_know]
        if roll < 0.62 + lift:
            answers[item.key] = positive[0]
        elif roll < 0.94:
            answers[item.key] = rng.choice(other)
        else:
            answers[item.key] = dont_know[0]
    record_response(db, catalogue, Submission(
        uid=str(uuid.uuid4()), questionnaire_id=questionnaire.id,
        questionnaire_version=questionnaire.version, unit_id=unit.id, round_id=survey_round.id,
        language=rng.choice(["sv"] * 9 + ["en"]),
        mode=rng.choice(["self", "self", "read-aloud", "interview"]),
        gender=rng.choice(["woman", "man", "woman", "man", "not-stated"]),
        age_group=rng.choice(AGE_GROUPS[3:]), answers=answers,
    ))


def _instrument_response(db, catalogue, kind, client, session, level, rng) -> None:
    instrument = catalogue.for_age_band(kind, age_band(client.age_group))
    answers = {item.key: round(min(10.0, max(0.0, rng.gauss(level, 1.2))), 1)
               for item in instrument.items}
    record_response(db, catalogue, Submission(
        uid=str(uuid.uuid4()), questionnaire_id=instrument.id,
        questionnaire_version=instrument.version, unit_id=client.unit_id,
        session_id=session.id, language="sv", mode="self", answers=answers,
        rater="collateral" if client.age_group == "0-5" else "client",
    ))


def _clients(db: Session, catalogue: Catalogue, therapists: list[StaffUser],
             rng: random.Random) -> None:
    """Clients with episodes of outcome and alliance sessions; most of them already closed."""
    start = date.today() - timedelta(days=420)
    for number in range(1, 141):
        therapist = therapists[number % len(therapists)]
        opened = start + timedelta(days=rng.randint(0, 380))
        # The age at intake in whole years; for every tenth client it is not known, only the
        # survey age group.
        age, gender = rng.randint(6, 64), rng.choice(["woman", "man"])
        known = number % 10 != 0
        client = register_client(
            db, therapist, therapist.units[0], f"K-{1000 + number}", gender,
            None if known else survey_group(age), opened, age=age if known else None)
        episode = client.episodes[0]
        level = rng.uniform(2.5, 6.5)
        gain = rng.uniform(-0.3, 0.8)
        sessions = rng.choice([1, 2, 3, 4, 5, 6, 8, 10, 12])
        sessions = min(sessions, 1 + (date.today() - opened).days // 14)
        for index in range(sessions):
            session = start_session(db, episode, opened + timedelta(days=14 * index))
            progress = level + gain * min(index, 6)
            _instrument_response(db, catalogue, "outcome", client, session, progress, rng)
            _instrument_response(db, catalogue, "alliance", client, session,
                                 rng.uniform(7.8, 9.9), rng)
        ended = opened + timedelta(days=14 * sessions)
        follow_episode(db, catalogue, episode, ended, rng)
        if ended < date.today() - timedelta(days=21) or number % 2 == 0 and sessions > 3:
            close_episode(db, episode, rng.choice(["planned"] * 5 + ["stopped-coming"] * 2
                                                  + ["moved", "referred-on", "other"]),
                          min(ended, date.today()))


def seed_demo(db: Session, catalogue: Catalogue, seed: int = 2026) -> list[tuple[str, str]]:
    """Add the demo data (flushes only) and return the (username, role) logins."""
    rng = random.Random(seed)
    db.add(Organisation(name="Demokommunen"))
    units = {name: Unit(name=name, service_type=kind, parent=Unit(name=area, service_type="area"))
             for names, kind, area in ((HOUSING, "housing", "Boende"),
                                       (DAILY, "daily-activity", "Daglig verksamhet"),
                                       (OUTPATIENT, "outpatient", "Öppenvård"))
             for name in names}
    for names in (HOUSING, DAILY, OUTPATIENT):  # one area per kind, shared by its units
        for name in names[1:]:
            units[name].parent = units[names[0]].parent
    db.add_all(units.values())
    db.flush()
    staff = _staff(db, units)
    _survey_rounds(db, catalogue, units, rng)
    for name in OUTPATIENT:
        configure_unit(db, units[name])
    outpatient = {units[name].id for name in OUTPATIENT}
    _clients(db, catalogue, [u for u in staff if u.unit_ids & outpatient], rng)
    return [(user.username, user.role.value) for user in staff]
