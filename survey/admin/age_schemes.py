"""Admins define the organisation's age-group schemes that reports choose from: the list, a new
one, changing one (its bands too: ages are stored in years, so reports follow the new bands),
deleting one (never the last)."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_wtf import FlaskForm
from sqlalchemy import func, select

from survey.admin import bp
from survey.admin.forms import AgeSchemeForm
from survey.admin.messages import ERRORS
from survey.models import AgeSchemeRow, Role
from survey.operations import (
    AgeSchemeError,
    create_age_scheme,
    delete_age_scheme,
    update_age_scheme,
)
from survey.web.db import get_session
from survey.web.helpers import commit_audited, get_or_404, worded
from survey.web.labels import defined_label
from survey.web.login import roles_required


def _count() -> int:
    return get_session().scalar(select(func.count()).select_from(AgeSchemeRow))


@bp.get("/age-schemes")
@roles_required(Role.ADMIN)
def age_schemes():
    rows = get_session().scalars(select(AgeSchemeRow).order_by(AgeSchemeRow.position, AgeSchemeRow.id))
    return render_template("admin/age_schemes.html", schemes=list(rows), name=defined_label)


def _refused(form: AgeSchemeForm, error: AgeSchemeError) -> None:
    """A refusal shown at the field it is about: the bands, or the names."""
    get_session().rollback()
    field = form.bands if error.code.startswith("age-") else form.name_fields[0]
    field.errors.append(worded(error, ERRORS))


def _page(form: AgeSchemeForm, row: AgeSchemeRow | None):
    return render_template("admin/age_scheme.html", form=form, scheme=row,
                           name=defined_label), 422 if form.is_submitted() else 200


@bp.route("/age-schemes/new", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def new_age_scheme():
    form = AgeSchemeForm(position=_count() + 1).offer_places(_count() + 1)
    if form.validate_on_submit():
        db = get_session()
        try:
            row = create_age_scheme(db, form.names, form.bands.data, form.position.data)
        except AgeSchemeError as error:
            _refused(form, error)
        else:
            commit_audited(db, "create", "age_scheme", row.id, f"{row.key}: {row.bands}",
                           message=_("%(name)s is added.", name=defined_label(row.names)))
            return redirect(url_for("admin.age_schemes"))
    return _page(form, None)


@bp.route("/age-schemes/<int:scheme_id>", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def edit_age_scheme(scheme_id: int):
    row = get_or_404(AgeSchemeRow, scheme_id)
    place = [r.id for r in get_session().scalars(
        select(AgeSchemeRow).order_by(AgeSchemeRow.position, AgeSchemeRow.id))].index(row.id) + 1
    form = AgeSchemeForm(bands=row.bands, position=place,
                         **{f"name_{code}": text for code, text in row.names.items()})
    form.offer_places(_count())
    if form.validate_on_submit():
        db = get_session()
        try:
            update_age_scheme(db, row, form.names, form.bands.data, form.position.data)
        except AgeSchemeError as error:
            _refused(form, error)
        else:
            commit_audited(db, "update", "age_scheme", row.id, f"{row.key}: {row.bands}",
                           message=_("Saved."))
            return redirect(url_for("admin.age_schemes"))
    return _page(form, row)


@bp.route("/age-schemes/<int:scheme_id>/delete", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def delete_age_scheme_page(scheme_id: int):
    """GET asks for confirmation; POST deletes the scheme (never the last one)."""
    row = get_or_404(AgeSchemeRow, scheme_id)
    if request.method == "GET":
        return render_template(
            "confirm.html", action=url_for("admin.delete_age_scheme_page", scheme_id=row.id),
            active=None, question=_("Delete the age groups %(name)s?", name=defined_label(row.names)),
            consequence=_("Reports that chose them show the first age groups of the list instead."))
    if not FlaskForm().validate_on_submit():
        abort(400)
    db = get_session()
    try:
        delete_age_scheme(db, row)
    except AgeSchemeError as error:
        db.rollback()
        flash(worded(error, ERRORS), "error")
    else:
        commit_audited(db, "erase", "age_scheme", scheme_id, row.key,
                       message=_("The age groups are deleted."))
    return redirect(url_for("admin.age_schemes"))
