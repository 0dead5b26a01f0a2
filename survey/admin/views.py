from __future__ import annotations

import io

import pandas as pd
from flask import abort, redirect, render_template, request, send_file, url_for
from flask_login import current_user
from flask_wtf import FlaskForm
from sqlalchemy import select

from survey.admin import bp
from survey.models import AuditEvent, Role, StaffUser, Unit
from survey.operations import audit
from survey.web.db import get_session
from survey.web.helpers import get_or_404
from survey.web.login import roles_required


@bp.get("/")
@roles_required(Role.ADMIN)
def index():
    db = get_session()
    return render_template(
        "admin/index.html",
        units=list(db.scalars(select(Unit).order_by(Unit.name))),
        staff=list(db.scalars(select(StaffUser).order_by(StaffUser.username))),
    )


@bp.post("/staff/<int:staff_id>/active")
@roles_required(Role.ADMIN)
def set_active(staff_id: int):
    """Disable (or enable again) a staff account; a disabled account cannot log in."""
    db = get_session()
    staff = get_or_404(StaffUser, staff_id)
    if staff.id == current_user.id or not FlaskForm().validate_on_submit():
        abort(400)
    staff.active = request.form.get("active") == "1"
    audit(db, current_user, "enable" if staff.active else "disable", "staff", staff.id)
    db.commit()
    return redirect(url_for("admin.index"))


@bp.get("/audit")
@roles_required(Role.ADMIN)
def audit_log():
    """Who viewed, exported or changed what: newest first, filterable, downloadable as CSV."""
    db = get_session()
    query = (select(AuditEvent, StaffUser.username).outerjoin(StaffUser, StaffUser.id == AuditEvent.staff_id)
             .order_by(AuditEvent.id.desc()))
    for name in ("action", "object_type"):
        if request.args.get(name):
            query = query.where(getattr(AuditEvent, name) == request.args[name])
    if request.args.get("object_id", "").isdigit():
        query = query.where(AuditEvent.object_id == int(request.args["object_id"]))
    if request.args.get("format") == "csv":
        rows = [(e.at.isoformat(timespec="seconds"), user or "", e.action, e.object_type,
                 e.object_id if e.object_id is not None else "", e.detail)
                for e, user in db.execute(query)]
        frame = pd.DataFrame(rows, columns=["at", "staff", "action", "object_type", "object_id", "detail"])
        audit(db, current_user, "export", "audit", None, "audit log csv")
        db.commit()
        return send_file(io.BytesIO(frame.to_csv(index=False).encode("utf-8-sig")), mimetype="text/csv",
                         as_attachment=True, download_name="audit.csv")
    return render_template("admin/audit.html", events=db.execute(query.limit(500)).all())
