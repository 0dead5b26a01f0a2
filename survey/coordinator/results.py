"""Result pages of a round: a unit, a group of units, the organisation, and the printable report."""
from __future__ import annotations

from flask import abort, current_app, render_template
from sqlalchemy import select

from survey.coordinator import bp
from survey.coordinator.views import REPORT_ROLES
from survey.models import SurveyRound, Unit
from survey.services.surveys import ScopeResults, scope_results
from survey.web.db import get_session
from survey.web.helpers import get_catalogue, get_counts_cache, get_or_404
from survey.web.login import roles_required

BAR_COLOURS = ("#0b5d1e", "#7a5c00", "#8b0000", "#3d3d8f", "#5a2d82")  # ≥ 7:1 against white text


def _results(survey_round: SurveyRound, unit_ids: list[int] | None) -> ScopeResults:
    return scope_results(get_session(), get_counts_cache(), get_catalogue(), survey_round, unit_ids,
                         current_app.config["MIN_GROUP_SIZE"])


def _page(survey_round: SurveyRound, title: str, unit_ids: list[int] | None):
    return render_template("coordinator/scope.html", survey_round=survey_round, title=title,
                           sections=[(title, _results(survey_round, unit_ids))],
                           min_group=current_app.config["MIN_GROUP_SIZE"], colours=BAR_COLOURS)


@bp.get("/rounds/<int:round_id>/organisation")
@roles_required(*REPORT_ROLES)
def organisation(round_id: int):
    return _page(get_or_404(SurveyRound, round_id), "Hela organisationen", None)


@bp.get("/rounds/<int:round_id>/units/<int:unit_id>")
@roles_required(*REPORT_ROLES)
def unit(round_id: int, unit_id: int):
    survey_round = get_or_404(SurveyRound, round_id)
    if unit_id not in {ru.unit_id for ru in survey_round.round_units}:
        abort(404)
    return _page(survey_round, get_session().get(Unit, unit_id).name, [unit_id])


@bp.get("/rounds/<int:round_id>/groups/<name>")
@roles_required(*REPORT_ROLES)
def unit_group(round_id: int, name: str):
    survey_round = get_or_404(SurveyRound, round_id)
    members = [ru.unit_id for ru in survey_round.round_units
               if ru.unit.report_group == name]
    if not members:
        abort(404)
    return _page(survey_round, name, members)


@bp.get("/rounds/<int:round_id>/print")
@roles_required(*REPORT_ROLES)
def printable(round_id: int):
    """The whole report for printing or saving as PDF: the organisation first, then each unit."""
    survey_round = get_or_404(SurveyRound, round_id)
    units = get_session().execute(
        select(Unit.id, Unit.name).where(Unit.id.in_([ru.unit_id for ru in survey_round.round_units]))
        .order_by(Unit.name)).all()
    sections = [("Hela organisationen", _results(survey_round, None))]
    sections += [(name, _results(survey_round, [unit_id])) for unit_id, name in units]
    return render_template("coordinator/scope.html", survey_round=survey_round, title="Rapport",
                           sections=sections, printing=True,
                           min_group=current_app.config["MIN_GROUP_SIZE"], colours=BAR_COLOURS)


