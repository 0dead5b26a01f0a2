"""Which units of a round the signed-in coordinator may act on and read results of."""
from __future__ import annotations

from flask import abort
from flask_login import current_user

from survey.models import RoundUnit, SurveyRound


def own_round_units(survey_round: SurveyRound) -> list[RoundUnit]:
    """The round's units this account reports on, by name; 404 when there are none."""
    found = sorted((ru for ru in survey_round.round_units if current_user.reports_on({ru.unit_id})),
                   key=lambda ru: ru.unit.name)
    if not found:
        abort(404)
    return found


def require_whole_round(survey_round: SurveyRound) -> None:
    """Changing a round (its status) is for those who report on every unit of it."""
    if not current_user.reports_on({ru.unit_id for ru in survey_round.round_units}):
        abort(403)


def require_organisation() -> None:
    if not current_user.sees_whole_organisation:
        abort(403)
