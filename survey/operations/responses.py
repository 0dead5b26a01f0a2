"""Recording responses: validated in full, stored once per tablet-made ``uid``."""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Mapping

from sqlalchemy import func, insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, joinedload

from ..followup import goal_questionnaire, goals_on
from ..instruments import AnswerError, Catalogue, Questionnaire, StoredAnswer
from ..models import (
    Answer, Episode, FollowUp, Response, RoundStatus, RoundUnit, SurveyRound, TreatmentSession,
)
from ..population import AGE_GROUPS, COLLECTION_MODES, GENDERS, RATERS
from ..scoring import total

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
    paper_total: float | None = None  # a paper form typed in as its total only


def _check_context(db: Session, sub: Submission) -> None:
    if sub.round_id is not None:
        # One query when the unit takes part: its place in the round, with the round.
        round_unit = db.get(RoundUnit, (sub.round_id, sub.unit_id),
                            options=[joinedload(RoundUnit.survey_round)])
        survey_round = round_unit.survey_round if round_unit else db.get(SurveyRound, sub.round_id)
        if survey_round is None or survey_round.status is not RoundStatus.OPEN:
            raise SubmissionError("the survey round is not open")
        if (survey_round.questionnaire_id, survey_round.questionnaire_version) != (
            sub.questionnaire_id, sub.questionnaire_version
        ):
            raise SubmissionError("the questionnaire does not belong to this round")
        if round_unit is None:
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
    follow_up = db.get(FollowUp, sub.follow_up_id) if sub.follow_up_id is not None else None
    if follow_up is None:
        raise SubmissionError("goal ratings belong to a follow-up")
    goals = goals_on(db.get(Episode, follow_up.episode_id).goals, follow_up.held_on)
    try:
        return goal_questionnaire(base, [(goal.id, goal.wording) for goal in goals])
    except ValueError as error:
        raise SubmissionError(str(error)) from None


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
    if sub.age_group not in (None, *AGE_GROUPS):
        raise SubmissionError(f"age_group must be one of {', '.join(AGE_GROUPS)}")
    return questionnaire


def _answers_and_total(sub: Submission, questionnaire: Questionnaire
                       ) -> tuple[dict[str, StoredAnswer], float | None]:
    """The parsed answers and, for a session instrument, its total."""
    scored = questionnaire.kind in ("outcome", "alliance")
    if sub.paper_total is not None:
        highest = 10.0 * len(questionnaire.items)
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


def record_response(db: Session, catalogue: Catalogue, sub: Submission) -> tuple[Response, bool]:
    """Store a response once: a resend with the same ``uid`` returns the stored one.

    Returns the response and whether it was new. Raises ``SubmissionError`` and writes
    nothing when anything is wrong.
    """
    _check_uid(sub.uid)
    existing = db.scalar(select(Response).where(Response.uid == sub.uid))
    if existing is not None:
        return existing, False
    questionnaire = _check_fields(sub, catalogue)
    _check_context(db, sub)
    if questionnaire.kind == "goals":
        questionnaire = _goal_questionnaire(db, sub, questionnaire)
    stored, score_total = _answers_and_total(sub, questionnaire)
    response = Response(
        uid=sub.uid, questionnaire_id=sub.questionnaire_id,
        questionnaire_version=sub.questionnaire_version, unit_id=sub.unit_id,
        round_id=sub.round_id, session_id=sub.session_id, follow_up_id=sub.follow_up_id,
        mode=sub.mode, rater=sub.rater,
        language=sub.language, gender=sub.gender, age_group=sub.age_group, source=sub.source,
        score_total=score_total,
    )
    try:
        with db.begin_nested():
            db.add(response)
            db.flush()
            if stored:  # all answers in one executemany: an ORM object per answer cost the most
                db.execute(insert(Answer.__table__), [
                    {"response_id": response.id, "item_key": key, "option_key": answer.option_key,
                     "value": answer.value} for key, answer in stored.items()])
    except IntegrityError:
        # Another request stored the same uid a moment ago, or the session already has one.
        existing = db.scalar(select(Response).where(Response.uid == sub.uid))
        if existing is not None:
            return existing, False
        raise SubmissionConflict(
            "this questionnaire is already answered for this session or follow-up") from None
    return response, True
