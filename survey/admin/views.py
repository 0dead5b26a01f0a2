from __future__ import annotations

from flask import render_template
from sqlalchemy import select

from ..auth import roles_required
from ..db import get_session
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
