"""The admin start page (the unit tree and staff), disabling accounts, and the audit log."""
from __future__ import annotations

import pandas as pd
from flask import abort, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf import FlaskForm
from sqlalchemy import select

from survey.admin import bp
from survey.models import AuditEvent, Role, StaffUser, Unit
from survey.operations import StaffError, organisation, set_staff_active
from survey.web.db import get_session
from survey.web.downloads import table_download
from survey.web.helpers import commit_audited, get_or_404
from survey.web.login import roles_required


@bp.get("/")
@roles_required(Role.ADMIN)
def index():
    db = get_session()
    units = list(db.scalars(select(Unit).order_by(Unit.name)))
    return render_template(
        "admin/index.html", organisation=organisation(db),
        tree=sorted(units, key=lambda unit: [node.name for node in unit.path]),
        staff=list(db.scalars(select(StaffUser).order_by(StaffUser.username))),
    )


@bp.route("/staff/<int:staff_id>/active", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def set_active(staff_id: int):
    """Disable (or enable again) a staff account; a disabled account cannot log in. GET asks
    for confirmation."""
    db = get_session()
    staff = get_or_404(StaffUser, staff_id)
    if request.method == "GET":
        active = request.args.get("active") == "1"
        question = (_("Enable the account %(username)s?", username=staff.username) if active
                    else _("Disable the account %(username)s?", username=staff.username))
        consequence = "" if active else _("The person cannot log in until the account is enabled "
                                          "again.")
        return render_template("confirm.html", action=url_for("admin.set_active", staff_id=staff.id),
                               active=active, question=question, consequence=consequence)
    if not FlaskForm().validate_on_submit():
        abort(400)
    try:
        set_staff_active(db, current_user, staff, request.form.get("active") == "1")
    except StaffError:
        abort(400)
    commit_audited(db, "enable" if staff.active else "disable", "staff", staff.id)
    return redirect(url_for("admin.index"))


def _audit_query():
    """The audit events the page's filters ask for, newest first."""
    query = (select(AuditEvent, StaffUser.username).outerjoin(StaffUser, StaffUser.id == AuditEvent.staff_id)
             .order_by(AuditEvent.id.desc()))
    for name in ("action", "object_type"):
        if request.args.get(name):
            query = query.where(getattr(AuditEvent, name) == request.args[name])
    if request.args.get("object_id", "").isdigit():
        query = query.where(AuditEvent.object_id == int(request.args["object_id"]))
    return query


@bp.get("/audit")
@roles_required(Role.ADMIN)
def audit_log():
    """Who viewed, exported or changed what: newest first, filterable, downloadable as CSV."""
    return render_template("admin/audit.html",
                           events=get_session().execute(_audit_query().limit(500)).all())


@bp.post("/audit/export.csv")
@roles_required(Role.ADMIN)
def export_audit_log():
    """The filtered log as CSV: a POST form with CSRF, so only the admin's own click logs it."""
    db = get_session()
    rows = [(e.at.isoformat(timespec="seconds"), user or "", e.action, e.object_type,
             e.object_id if e.object_id is not None else "", e.detail)
            for e, user in db.execute(_audit_query())]
    frame = pd.DataFrame(rows, columns=["at", "staff", "action", "object_type", "object_id", "detail"])
    commit_audited(db, "export", "audit", None, "audit log csv")
    return table_download({"log": frame}, "audit", "csv")
