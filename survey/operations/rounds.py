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
    """A round that cannot be made or changed as asked; the code says why."""


class PlanError(RoundError):
    """Every problem of a round's plan at once (its own code is the first one's)."""

    def __init__(self, problems: list[RoundError]) -> None:
        super().__init__(problems[0].code, **problems[0].params)
        self.problems = problems


@dataclass(frozen=True)
class RoundPlan:
    questionnaire: Questionnaire
    year: int
    opens_on: date | None
    closes_on: date | None
    units: list[tuple[Unit, int | None]]  # each unit and how many were asked (None: unknown)


def create_round(db: Session, plan: RoundPlan) -> SurveyRound:
    """A draft round with a code per unit; raises ``PlanError`` with every problem."""
    problems = [RoundError("eligible-not-whole", unit=unit.name, most=MAX_ELIGIBLE)
                for unit, eligible in plan.units
                if eligible is not None and not 0 <= eligible <= MAX_ELIGIBLE]
    problems += [RoundError("unit-inactive", unit=unit.name) for unit, _ in plan.units
                 if not unit.active]
    if not plan.units:
        problems.append(RoundError("no-units"))
    if plan.opens_on and plan.closes_on and plan.closes_on < plan.opens_on:
        problems.append(RoundError("closes-before-opens"))
    if plan.questionnaire.kind != "survey":
        problems.append(RoundError("not-a-survey"))
    if problems:
        raise PlanError(problems)
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
        raise RoundError("status-unknown", status=status)
    survey_round.status = RoundStatus(status)
    db.flush()
