"""Which units of a round the signed-in coordinator may act on and read results of."""
from __future__ import annotations

from flask import abort
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from survey.models import RoundUnit, SurveyRound, Unit
from survey.web.db import get_session


def own_round_units(survey_round: SurveyRound) -> list[RoundUnit]:
    """The round's units this account reports on, by name; 404 when there are none."""
    query = (select(RoundUnit).join(Unit).where(RoundUnit.round_id == survey_round.id)
             .options(joinedload(RoundUnit.unit)).order_by(Unit.name))
    if not current_user.sees_whole_organisation:
        query = query.where(RoundUnit.unit_id.in_(current_user.unit_ids))
    found = list(get_session().scalars(query))
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
