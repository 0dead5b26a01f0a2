"""Survey rounds: created for a questionnaire, a year and its units; opened and closed."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from survey.domain.instruments import Questionnaire
from survey.models import RoundStatus, RoundUnit, SurveyRound, Unit
from survey.operations.errors import OperationError

MAX_ELIGIBLE = 100_000


class RoundError(OperationError):
    """A round that cannot be made or changed as asked; the message says why."""


@dataclass(frozen=True)
class RoundPlan:
    questionnaire: Questionnaire
    year: int
    opens_on: date | None
    closes_on: date | None
    units: list[tuple[Unit, int | None]]  # each unit and how many were asked (None: unknown)


def create_round(db: Session, plan: RoundPlan) -> SurveyRound:
    """A draft round with a code per unit; raises ``RoundError`` listing every problem."""
    problems = [f"{unit.name}: antalet tillfrågade måste vara ett heltal"
                for unit, eligible in plan.units
                if eligible is not None and not 0 <= eligible <= MAX_ELIGIBLE]
    problems += [f"{unit.name}: enheten är avstängd" for unit, _ in plan.units if not unit.active]
    if not plan.units:
        problems.append("Välj minst en enhet.")
    if plan.opens_on and plan.closes_on and plan.closes_on < plan.opens_on:
        problems.append("Insamlingen kan inte sluta innan den börjar.")
    if plan.questionnaire.kind != "survey":
        problems.append("Bara enkäter kan ha omgångar.")
    if problems:
        raise RoundError(*problems)
    survey_round = SurveyRound(
        questionnaire_id=plan.questionnaire.id, questionnaire_version=plan.questionnaire.version,
        year=plan.year, opens_on=plan.opens_on, closes_on=plan.closes_on,
        round_units=[RoundUnit(unit=unit, eligible=eligible) for unit, eligible in plan.units])
    db.add(survey_round)
    db.flush()
    return survey_round


def set_round_status(db: Session, survey_round: SurveyRound, status: str) -> None:
    """Open a round (answers are taken) or close it (none are)."""
    if status not in (RoundStatus.OPEN.value, RoundStatus.CLOSED.value):
        raise RoundError("a round can only be opened or closed")
    survey_round.status = RoundStatus(status)
    db.flush()
