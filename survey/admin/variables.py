"""The organisation's follow-up variables (every unit chooses which of them it records): the
list with every version, a new one, a new version, retiring one, their order
(``web/variable_pages.py``)."""
from __future__ import annotations

from flask import abort
from sqlalchemy import select

from survey.admin import bp
from survey.models import Role, Unit, Variable
from survey.web import variable_pages
from survey.web.db import get_session
from survey.web.helpers import get_or_404
from survey.web.login import roles_required

PAGES = variable_pages.Pages({"list": "admin.variables", "new": "admin.new_variable",
                              "edit": "admin.edit_variable", "retire": "admin.retire_variable",
                              "order": "admin.order_variables"}, {})


def _organisations_or_404(variable_id: int) -> Variable:
    variable = get_or_404(Variable, variable_id)
    if variable.unit_id is not None or variable.retired:
        abort(404)
    return variable


@bp.get("/variables")
@roles_required(Role.ADMIN)
def variables():
    units = list(get_session().scalars(select(Unit).where(Unit.active.is_(True)).order_by(Unit.name)))
    return variable_pages.list_page(PAGES, None, units)


@bp.route("/variables/new", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def new_variable():
    return variable_pages.edit_page(PAGES, None)


@bp.route("/variables/<int:variable_id>", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def edit_variable(variable_id: int):
    return variable_pages.edit_page(PAGES, None, _organisations_or_404(variable_id))


@bp.route("/variables/<int:variable_id>/retire", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def retire_variable(variable_id: int):
    return variable_pages.retire(PAGES, _organisations_or_404(variable_id))


@bp.post("/variables/order")
@roles_required(Role.ADMIN)
def order_variables():
    return variable_pages.order(PAGES, None)
