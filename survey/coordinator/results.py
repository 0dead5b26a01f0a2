"""Result pages of a round: a unit, a group of units, the organisation, and the printable report."""
from __future__ import annotations

from flask import abort, current_app, render_template
from flask_babel import gettext as _
from flask_login import current_user

from survey.coordinator import bp
from survey.coordinator.access import own_round_units, require_organisation
from survey.coordinator.views import REPORT_ROLES
from survey.models import RoundUnit, SurveyRound
from survey.queries import ORGANISATION
from survey.services.surveys import ScopeResults, scope_results
from survey.web.db import get_session
from survey.web.helpers import get_catalogue, get_counts_cache, get_or_404
from survey.web.login import roles_required

BAR_COLOURS = ("#0b5d1e", "#7a5c00", "#8b0000", "#3d3d8f", "#5a2d82")  # ≥ 7:1 against white text


ORGANISATION_SCOPE = (ORGANISATION, ORGANISATION)


def _results(survey_round: SurveyRound, scope: tuple[str, str],
             unit_ids: list[int] | None) -> ScopeResults:
    return scope_results(get_session(), get_counts_cache(), get_catalogue(), survey_round, scope,
                         unit_ids, current_app.config["MIN_GROUP_SIZE"])


def _page(survey_round: SurveyRound, title: str, scope: tuple[str, str],
          unit_ids: list[int] | None):
    return render_template("coordinator/scope.html", survey_round=survey_round, title=title,
                           sections=[(title, _results(survey_round, scope, unit_ids))],
                           min_group=current_app.config["MIN_GROUP_SIZE"], colours=BAR_COLOURS)


@bp.get("/rounds/<int:round_id>/organisation")
@roles_required(*REPORT_ROLES)
def organisation(round_id: int):
    survey_round = get_or_404(SurveyRound, round_id)
    require_organisation()
    return _page(survey_round, _("Whole organisation"), ORGANISATION_SCOPE, None)


@bp.get("/rounds/<int:round_id>/units/<int:unit_id>")
@roles_required(*REPORT_ROLES)
def unit(round_id: int, unit_id: int):
    survey_round = get_or_404(SurveyRound, round_id)
    found = get_session().get(RoundUnit, (round_id, unit_id))
    if found is None or not current_user.reports_on({unit_id}):
        abort(404)
    return _page(survey_round, found.unit.name, ("unit", found.unit.name), [unit_id])


@bp.get("/rounds/<int:round_id>/groups/<name>")
@roles_required(*REPORT_ROLES)
def unit_group(round_id: int, name: str):
    survey_round = get_or_404(SurveyRound, round_id)
    members = [ru.unit_id for ru in survey_round.round_units if ru.unit.report_group == name]
    if not members or not current_user.reports_on(members):
        abort(404)
    return _page(survey_round, name, ("unit_group", name), members)


@bp.get("/rounds/<int:round_id>/print")
@roles_required(*REPORT_ROLES)
def printable(round_id: int):
    """The whole report for printing or saving as PDF: the organisation first (for those who
    see it), then each unit the reader reports on."""
    survey_round = get_or_404(SurveyRound, round_id)
    units = own_round_units(survey_round)
    sections = ([(_("Whole organisation"), _results(survey_round, ORGANISATION_SCOPE, None))]
                if current_user.sees_whole_organisation else [])
    sections += [(ru.unit.name, _results(survey_round, ("unit", ru.unit.name), [ru.unit_id]))
                 for ru in units]
    return render_template("coordinator/scope.html", survey_round=survey_round, title=_("Report"),
                           sections=sections, printing=True,
                           min_group=current_app.config["MIN_GROUP_SIZE"], colours=BAR_COLOURS)


