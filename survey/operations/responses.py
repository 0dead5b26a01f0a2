"""Recording responses: validated in full, stored once per tablet-made ``uid``."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Mapping

from sqlalchemy import bindparam, insert, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from survey.domain.instruments import (
    AnswerError,
    Catalogue,
    Questionnaire,
    StoredAnswer,
)
from survey.domain.scoring import ScoreScale, total
from survey.domain.vocabulary import COLLECTION_MODES, GENDERS, RATERS, SPEECH_RATES
from survey.models import (
    Answer,
    Episode,
    FollowUp,
    Response,
    RoundStatus,
    RoundUnit,
    SurveyRound,
    TreatmentSession,
)
from survey.operations.tallies import count_response
from survey.queries.followup import follow_up_questionnaire

# The statements of every submission, built once (building them per request cost more than
# running them); values are bound when they run.
_UID_TAKEN = select(Response.id).where(Response.uid == bindparam("uid"))
_UID_PLACE = select(Response.id, Response.questionnaire_id, Response.unit_id, Response.round_id,
                    Response.session_id, Response.follow_up_id).where(Response.uid == bindparam("uid"))
_ROUND_AND_UNIT = (
    select(SurveyRound.status, SurveyRound.questionnaire_id, SurveyRound.questionnaire_version,
           RoundUnit.unit_id)
    .outerjoin(RoundUnit, (RoundUnit.round_id == SurveyRound.id)
               & (RoundUnit.unit_id == bindparam("unit_id")))
    .where(SurveyRound.id == bindparam("round_id")))
# An INSERT that skips a row whose unique key is taken (ON CONFLICT DO NOTHING), per dialect.
_INSERT_RESPONSE = {
    name: dialect.insert(Response.__table__).on_conflict_do_nothing().returning(Response.id)
    for name, dialect in (("postgresql", postgresql), ("sqlite", sqlite))}
_INSERT_ANSWERS = insert(Answer.__table__)
# Typed on the tablet, typed in from paper, or entered by staff on their own page.
SOURCES = ("tablet", "paper", "staff")
# A UUID as the tablet writes it (8-4-4-4-12 hex digits), so it fits the 36-character column.
UID_PATTERN = r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"


class SubmissionError(ValueError):
    """A response that cannot be stored as sent; the message says why."""


class SubmissionConflict(SubmissionError):
    """The response clashes with one already stored (e.g. a second outcome for one session)."""


@dataclass(frozen=True)
class Submission:
    """A response as it arrives from a tablet or a paper form, before validation."""

    uid: str
    questionnaire_id: str
    questionnaire_version: int
    unit_id: int
    language: str
    mode: str
    answers: Mapping[str, object]
    round_id: int | None = None
    session_id: int | None = None
    follow_up_id: int | None = None
    rater: str = "client"
    gender: str | None = None
    age_group: str | None = None
    source: str = "tablet"
    speech_rate: str | None = None  # the tablet's speech ("normal", "slow"); None on paper
    paper_total: float | None = None  # a paper form typed in as its total only
    import_batch_id: int | None = None  # the paper file it came in


def _check_context(db: Session, sub: Submission) -> None:
    if sub.round_id is not None:
        # One row, no objects loaded: the round and whether the unit takes part in it.
        found = db.execute(_ROUND_AND_UNIT, {"round_id": sub.round_id, "unit_id": sub.unit_id}).first()
        if found is None or found.status is not RoundStatus.OPEN:
            raise SubmissionError("the survey round is not open")
        if (found.questionnaire_id, found.questionnaire_version) != (
            sub.questionnaire_id, sub.questionnaire_version
        ):
            raise SubmissionError("the questionnaire does not belong to this round")
        if found.unit_id is None:
            raise SubmissionError("the unit is not part of this round")
    if sub.session_id is not None:
        session = db.get(TreatmentSession, sub.session_id)
        if session is None or session.episode.client.unit_id != sub.unit_id:
            raise SubmissionError("unknown session")
        if session.episode.closed_on is not None:
            raise SubmissionError("the episode is closed")
    if sub.follow_up_id is not None:
        follow_up = db.get(FollowUp, sub.follow_up_id)
        if follow_up is None or db.get(Episode, follow_up.episode_id).client.unit_id != sub.unit_id:
            raise SubmissionError("unknown follow-up")


def _goal_questionnaire(db: Session, sub: Submission, base: Questionnaire) -> Questionnaire:
    """A goals questionnaire becomes one screen per goal of the follow-up's episode."""
    try:
        built = follow_up_questionnaire(db, base, sub.follow_up_id)
    except ValueError as error:
        raise SubmissionError(str(error)) from None
    if built is None:
        raise SubmissionError("goal ratings belong to a follow-up")
    return built


def _check_uid(uid: object) -> None:
    """Checked before the uid is looked up: the database sees only a well-formed one."""
    if not isinstance(uid, str) or not re.fullmatch(UID_PATTERN, uid):
        raise SubmissionError("uid must be a UUID made by the tablet")


def _check_fields(sub: Submission, catalogue: Catalogue) -> Questionnaire:
    try:
        questionnaire = catalogue.get(sub.questionnaire_id, sub.questionnaire_version)
    except KeyError:
        raise SubmissionError("unknown questionnaire or version") from None
    if sub.language not in questionnaire.languages:
        raise SubmissionError(f"language must be one of {', '.join(questionnaire.languages)}")
    for name, value, allowed in (
        ("mode", sub.mode, COLLECTION_MODES), ("rater", sub.rater, RATERS),
        ("source", sub.source, SOURCES),
    ):
        if value not in allowed:
            raise SubmissionError(f"{name} must be one of {', '.join(allowed)}")
    if sub.gender not in (None, *GENDERS):
        raise SubmissionError(f"gender must be one of {', '.join(GENDERS)}")
    if sub.age_group not in (None, *questionnaire.age_groups):
        raise SubmissionError(f"age_group must be one of {', '.join(questionnaire.age_groups)}")
    if sub.speech_rate not in (None, *SPEECH_RATES):
        raise SubmissionError(f"speech_rate must be one of {', '.join(SPEECH_RATES)}")
    return questionnaire


def _answers_and_total(sub: Submission, questionnaire: Questionnaire
                       ) -> tuple[dict[str, StoredAnswer], float | None]:
    """The parsed answers and, for a session instrument, its total."""
    scored = questionnaire.kind in ("outcome", "alliance")
    if sub.paper_total is not None:
        highest = ScoreScale.of(questionnaire).total_max
        if sub.source != "paper" or not scored or sub.answers:
            raise SubmissionError("a total alone is only for a paper session instrument")
        if not isinstance(sub.paper_total, (int, float)) or not 0 <= sub.paper_total <= highest:
            raise SubmissionError(f"the total must be a number from 0 to {highest:g}")
        return {}, round(float(sub.paper_total), 1)
    try:
        stored = questionnaire.parse_answers(sub.answers)
    except AnswerError as error:
        raise SubmissionError(str(error)) from None
    return stored, total(a.value for a in stored.values()) if scored else None


def _insert_unless_taken(db: Session, values: dict) -> int | None:
    """Insert a response row in one statement; None when a unique key (its uid, or the one
    answer per session or follow-up) is already taken. No savepoint: nothing to roll back."""
    dialect = db.get_bind().dialect.name
    if dialect not in _INSERT_RESPONSE:
        raise NotImplementedError(f"responses are stored in SQLite or PostgreSQL, not {dialect}")
    return db.scalar(_INSERT_RESPONSE[dialect], values)


def _stored_as(db: Session, sub: Submission) -> int | None:
    """The stored response with the submission's uid, if it was stored for the same
    questionnaire and place (unit, round, session, follow-up): a uid is confirmed only under the
    ticket it was sent with."""
    found = db.execute(_UID_PLACE, {"uid": sub.uid}).first()
    if found is None or tuple(found[1:]) != (
            sub.questionnaire_id, sub.unit_id, sub.round_id, sub.session_id, sub.follow_up_id):
        return None
    return found[0]


def record_response(db: Session, catalogue: Catalogue, sub: Submission,
                    tally: bool = True) -> tuple[int, bool]:
    """Store a response once: a resend with the same ``uid`` is answered as already stored.

    A new response of a round is added to its tallies (``operations.tallies``) unless
    ``tally`` is False: a paper import adds its responses at once. Returns the response's id
    and whether it is new. Raises ``SubmissionError`` and writes nothing when anything is wrong.
    """
    _check_uid(sub.uid)
    existing_id = _stored_as(db, sub)
    if existing_id is not None:
        return existing_id, False
    questionnaire = _check_fields(sub, catalogue)
    _check_context(db, sub)
    if db.scalar(_UID_TAKEN, {"uid": sub.uid}) is not None:
        existing_id = _stored_as(db, sub)  # stored by the same send a moment ago
        if existing_id is not None:
            return existing_id, False
        raise SubmissionConflict("this uid belongs to another response")  # another place's
    if questionnaire.kind == "goals":
        questionnaire = _goal_questionnaire(db, sub, questionnaire)
    stored, score_total = _answers_and_total(sub, questionnaire)
    response_id = _insert_unless_taken(db, {
        "uid": sub.uid, "questionnaire_id": sub.questionnaire_id,
        "questionnaire_version": sub.questionnaire_version, "unit_id": sub.unit_id,
        "round_id": sub.round_id, "session_id": sub.session_id, "follow_up_id": sub.follow_up_id,
        "mode": sub.mode, "rater": sub.rater, "language": sub.language, "gender": sub.gender,
        "age_group": sub.age_group, "source": sub.source, "score_total": score_total,
        "import_batch_id": sub.import_batch_id, "speech_rate": sub.speech_rate,
    })
    if response_id is None:
        # Another request stored the same uid a moment ago, or the session already has one.
        existing_id = _stored_as(db, sub)
        if existing_id is not None:
            return existing_id, False
        raise SubmissionConflict("this questionnaire is already answered for this session or follow-up")
    if stored:  # all answers in one statement: an ORM object per answer cost the most
        db.execute(_INSERT_ANSWERS, [
            {"response_id": response_id, "item_key": key, "option_key": answer.option_key,
             "value": answer.value} for key, answer in stored.items()])
    if sub.round_id is not None and tally:
        count_response(db, sub.round_id, sub.unit_id, sub.gender, sub.age_group,
                       {key: answer.option_key for key, answer in stored.items()},
                       questionnaire.dont_know_keys)
    return response_id, True
