"""A unit's own follow-up variables (``web/variable_pages.py``), under
``/reports/units/<id>/variables``: admins for any unit, coordinators with the
``defines_variables`` permission for their own units only (others: 403; another unit: 404)."""
from __future__ import annotations

from flask import abort
from flask_login import current_user

from survey.coordinator import bp
from survey.models import Role, Unit, Variable
from survey.web import variable_pages
from survey.web.helpers import get_or_404
from survey.web.login import roles_required

DEFINERS = (Role.ADMIN, Role.COORDINATOR)


def _pages(unit: Unit) -> variable_pages.Pages:
    return variable_pages.Pages({
        "list": "coordinator.unit_variables", "new": "coordinator.new_unit_variable",
        "edit": "coordinator.edit_unit_variable", "retire": "coordinator.retire_unit_variable",
        "order": "coordinator.order_unit_variables"}, {"unit_id": unit.id})


def _definers_unit_or_404(unit_id: int) -> Unit:
    unit = get_or_404(Unit, unit_id)
    if current_user.role is Role.COORDINATOR and unit.id not in current_user.unit_ids:
        abort(404)
    if not current_user.defines_variables_of(unit.id):
        abort(403)
    return unit


def _units_variable_or_404(unit: Unit, variable_id: int) -> Variable:
    variable = get_or_404(Variable, variable_id)
    if variable.unit_id != unit.id or variable.retired:
        abort(404)
    return variable


@bp.get("/units/<int:unit_id>/variables")
@roles_required(*DEFINERS)
def unit_variables(unit_id: int):
    unit = _definers_unit_or_404(unit_id)
    return variable_pages.list_page(_pages(unit), unit)


@bp.route("/units/<int:unit_id>/variables/new", methods=["GET", "POST"])
@roles_required(*DEFINERS)
def new_unit_variable(unit_id: int):
    unit = _definers_unit_or_404(unit_id)
    return variable_pages.edit_page(_pages(unit), unit)


@bp.route("/units/<int:unit_id>/variables/<int:variable_id>", methods=["GET", "POST"])
@roles_required(*DEFINERS)
def edit_unit_variable(unit_id: int, variable_id: int):
    unit = _definers_unit_or_404(unit_id)
    return variable_pages.edit_page(_pages(unit), unit, _units_variable_or_404(unit, variable_id))


@bp.route("/units/<int:unit_id>/variables/<int:variable_id>/retire", methods=["GET", "POST"])
@roles_required(*DEFINERS)
def retire_unit_variable(unit_id: int, variable_id: int):
    unit = _definers_unit_or_404(unit_id)
    return variable_pages.retire(_pages(unit), _units_variable_or_404(unit, variable_id))


@bp.post("/units/<int:unit_id>/variables/order")
@roles_required(*DEFINERS)
def order_unit_variables(unit_id: int):
    unit = _definers_unit_or_404(unit_id)
    return variable_pages.order(_pages(unit), unit)
