from __future__ import annotations

from flask import abort, redirect, render_template, request, url_for
from flask_login import current_user
from flask_wtf import FlaskForm
from sqlalchemy import select

from ..auth import roles_required
from ..db import get_session
from ..operations import audit
from ..web import get_or_404
from ..models import Role, StaffUser, Unit
from . import bp


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
