"""Admins build the organisation: units in a tree, staff accounts, and both from a file."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from flask_wtf import FlaskForm
from sqlalchemy import select

from survey.admin import bp
from survey.admin.forms import ImportForm, StaffForm, UnitForm
from survey.admin.messages import ERRORS, problem_text
from survey.models import Role, StaffUser, Unit
from survey.operations import (
    OrganisationError,
    StaffError,
    create_staff,
    create_unit,
    import_staff,
    import_units,
    issue_password_reset,
    set_unit_active,
    update_staff,
    update_unit,
)
from survey.web.db import get_session
from survey.web.helpers import commit_audited, external_url, get_or_404, worded
from survey.web.login import roles_required


def _units() -> list[Unit]:
    return list(get_session().scalars(select(Unit).order_by(Unit.name)))


def _parent(form: UnitForm) -> Unit | None:
    if not form.parent.data:
        return None
    parent = get_session().get(Unit, form.parent.data)
    if parent is None:
        raise OrganisationError("parent-unknown")
    return parent


@bp.route("/units/new", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def new_unit():
    form = UnitForm().offer_parents(_units())
    if form.validate_on_submit():
        db = get_session()
        try:
            unit = create_unit(db, form.name.data, form.kind.data, _parent(form))
        except OrganisationError as error:
            db.rollback()
            form.name.errors.append(worded(error, ERRORS))
        else:
            commit_audited(db, "create", "unit", unit.id, unit.name,
                           message=_("%(name)s is added.", name=unit.name))
            return redirect(url_for("admin.index"))
    return render_template("admin/unit.html", form=form, unit=None), 422 if form.is_submitted() else 200


@bp.route("/units/<int:unit_id>", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def edit_unit(unit_id: int):
    unit = get_or_404(Unit, unit_id)
    form = UnitForm(obj=unit, kind=unit.service_type, parent=unit.parent_id or 0).offer_parents(_units(), unit)
    if form.validate_on_submit():
        db = get_session()
        try:
            update_unit(db, unit, form.name.data, form.kind.data, _parent(form))
        except OrganisationError as error:
            db.rollback()
            form.name.errors.append(worded(error, ERRORS))
        else:
            commit_audited(db, "update", "unit", unit.id, unit.name, message=_("The unit is saved."))
            return redirect(url_for("admin.index"))
    return render_template("admin/unit.html", form=form, unit=unit), 422 if form.is_submitted() else 200


@bp.route("/units/<int:unit_id>/active", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def unit_active(unit_id: int):
    """GET asks for confirmation; POST turns the unit off (or on again)."""
    unit = get_or_404(Unit, unit_id)
    active = request.values.get("active") == "1"
    if request.method == "GET":
        question = (_("Enable the unit %(name)s?", name=unit.name) if active
                    else _("Disable the unit %(name)s?", name=unit.name))
        consequence = "" if active else _("The unit's answers and reports remain; it gets no new "
                                          "rounds, clients or staff.")
        return render_template("confirm.html", action=url_for("admin.unit_active", unit_id=unit.id),
                               active=active, question=question, consequence=consequence)
    if not FlaskForm().validate_on_submit():
        abort(400)
    db = get_session()
    try:
        set_unit_active(db, unit, active)
    except OrganisationError as error:
        db.rollback()
        flash(worded(error, ERRORS), "error")
        return redirect(url_for("admin.index"))
    commit_audited(db, "enable" if active else "disable", "unit", unit.id, unit.name)
    return redirect(url_for("admin.index"))


@bp.route("/staff/new", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def new_staff():
    form = StaffForm().offer_units([u for u in _units() if u.active])
    if form.validate_on_submit():
        db = get_session()
        try:
            staff = create_staff(db, form.username.data, form.display_name.data, Role(form.role.data),
                                 [db.get(Unit, i) for i in form.units.data], form.raw_data_access.data,
                                 organisation_wide=form.organisation_wide.data,
                                 team_lead=form.team_lead.data,
                                 defines_variables=form.defines_variables.data,
                                 language=form.language.data or None)
        except StaffError as error:
            db.rollback()
            form.username.errors.append(worded(error, ERRORS))
        else:
            commit_audited(db, "create", "staff", staff.id, f"{staff.username} as {staff.role.value}",
                           message=_("%(username)s is added.", username=staff.username))
            return redirect(url_for("admin.index"))
    return render_template("admin/staff.html", form=form, staff=None), 422 if form.is_submitted() else 200


@bp.route("/staff/<int:staff_id>", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def edit_staff(staff_id: int):
    staff = get_or_404(StaffUser, staff_id)
    form = StaffForm(obj=staff, role=staff.role.value, units=sorted(staff.unit_ids),
                     language=staff.language or "").offer_units(
        [u for u in _units() if u.active or u in staff.units])
    if form.validate_on_submit():
        db = get_session()
        try:
            update_staff(db, current_user, staff, form.display_name.data, Role(form.role.data),
                         [db.get(Unit, i) for i in form.units.data], form.raw_data_access.data,
                         organisation_wide=form.organisation_wide.data,
                         team_lead=form.team_lead.data,
                         defines_variables=form.defines_variables.data,
                         language=form.language.data or None)
        except StaffError as error:
            db.rollback()
            form.role.errors.append(worded(error, ERRORS))
        else:
            commit_audited(db, "update", "staff", staff.id,
                           f"role {staff.role.value}, units {sorted(staff.unit_ids)}, organisation-wide "
                           f"{staff.organisation_wide}, team lead {staff.team_lead}, "
                           f"defines variables {staff.defines_variables}, "
                           f"language {staff.language or 'default'}", message=_("Saved."))
            return redirect(url_for("admin.index"))
    return render_template("admin/staff.html", form=form, staff=staff), 422 if form.is_submitted() else 200


@bp.route("/staff/<int:staff_id>/reset", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def reset_staff_password(staff_id: int):
    """GET asks for confirmation; POST makes a one-time link, shown once to the admin to hand on."""
    staff = get_or_404(StaffUser, staff_id)
    if request.method == "GET":
        return render_template("confirm.html", action=url_for("admin.reset_staff_password", staff_id=staff.id),
                               active=None,
                               question=_("Give %(username)s a one-time link for a new password?",
                                          username=staff.username),
                               consequence=_("An earlier link stops working. The current password "
                                             "holds until a new one is chosen."))
    if not FlaskForm().validate_on_submit():
        abort(400)
    db = get_session()
    code = issue_password_reset(db, staff)
    commit_audited(db, "reset", "staff", staff.id, "one-time link")
    return render_template("admin/reset_link.html", staff=staff,
                           link=external_url("auth.reset", code=code))


@bp.route("/import", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def import_file():
    """Units or staff from a CSV or XLSX file: all rows or none, every problem with row and column."""
    form, problems = ImportForm(), []
    if form.validate_on_submit():
        db = get_session()
        upload = form.file.data
        kind = form.kind.data
        outcome = (import_units if kind == "unit" else import_staff)(db, upload.read(), upload.filename or "upload")
        if not outcome.problems:
            commit_audited(db, "import", kind, None, f"{outcome.created} from {upload.filename}",
                           message=_imported(kind, outcome.created))
            return redirect(url_for("admin.index"))
        db.rollback()
        problems = [problem_text(problem) for problem in outcome.problems]
    status = 422 if form.is_submitted() else 200
    return render_template("admin/import.html", form=form, problems=problems), status


def _imported(kind: str, created: int) -> str:
    if kind == "unit":
        return ngettext("%(num)d unit is added.", "%(num)d units are added.", created)
    return ngettext("%(num)d person is added.", "%(num)d people are added.", created)
