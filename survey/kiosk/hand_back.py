"""The end of a staff hand-over: the locked screen only staff leave, and the tablet's queue.

Unlocking takes the staff member's own user name and password (no second secret to manage;
the login limiter and disabled accounts apply). Any staff member may unlock; the page it leads
to checks what they may see.
"""
from __future__ import annotations

from flask import current_app, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, PasswordField, StringField
from wtforms.validators import DataRequired

from survey.domain.client_words import LANGUAGE_NAMES, PROBLEM_CODES, words_for
from survey.kiosk import bp
from survey.models import Role
from survey.operations import audit, authenticate
from survey.web.db import get_session
from survey.web.helpers import local_target
from survey.web.login import home_for, roles_required, start_staff_session
from survey.web.security import limiter


class UnlockForm(FlaskForm):
    username = StringField(_l("Username"), validators=[DataRequired()])
    password = PasswordField(_l("Password"), validators=[DataRequired()])
    next = HiddenField()


def _lang() -> str:
    lang = request.values.get("lang", "sv")
    return lang if lang in LANGUAGE_NAMES else "sv"


def _locked(form: UnlockForm, problem: str | None = None, status: int = 200):
    lang = _lang()
    return render_template("kiosk/locked.html", form=form, lang=lang, words=words_for(lang),
                           problem=problem), status


@bp.get("/locked")
def locked():
    """Give the tablet back: the client's language and a picture; staff unlock below."""
    form = UnlockForm(next=request.args.get("next", ""))
    return _locked(form)


@bp.post("/locked")
@limiter.limit(lambda: current_app.config["LOGIN_LIMIT"],
               deduct_when=lambda response: response.status_code == 401)
def unlock():
    """Staff take the tablet back: logged in again, the hand-back in the audit log."""
    form = UnlockForm()
    if not form.validate_on_submit():
        # A locked screen kept offline for long may hold an old form: show a fresh one.
        return _locked(UnlockForm(next=form.next.data), _("Please try again."), 400)
    db = get_session()
    user = authenticate(db, form.username.data, form.password.data)
    if user is None:
        return _locked(UnlockForm(next=form.next.data), _("Wrong username or password."),
                       401)
    start_staff_session(user)  # a session of its own, as a login makes (not the client's cookie)
    audit(db, user, "hand-back", "staff", user.id, "tablet unlocked")
    db.commit()
    return redirect(local_target(form.next.data, home_for(user)))


@bp.get("/queue")
@roles_required(Role.ADMIN, Role.COORDINATOR, Role.THERAPIST)
def queue():
    """This tablet's waiting and refused answers (read from the device by kiosk-queue.js)."""
    return render_template("kiosk/queue.html", problem_codes=PROBLEM_CODES,
                           api=url_for("kiosk.submit"))
