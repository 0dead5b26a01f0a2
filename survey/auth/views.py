"""Staff login and logout, the home page per role, and the password change."""
from __future__ import annotations

from flask import (
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import current_user, login_required, login_user, logout_user
from sqlalchemy import select

from survey.auth import bp
from survey.auth.forms import LoginForm, PasswordForm
from survey.models import StaffUser
from survey.operations import StaffError, change_own_password
from survey.web.db import get_session
from survey.web.helpers import commit_audited, local_target
from survey.web.login import home_for
from survey.web.security import limiter


def _login_limit() -> str:
    return current_app.config["LOGIN_LIMIT"]


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"], deduct_when=lambda response: response.status_code == 401)
def login():
    form = LoginForm()
    if form.validate_on_submit():
        user = get_session().scalar(
            select(StaffUser).where(StaffUser.username == form.username.data)
        )
        if user is None or not user.check_password(form.password.data) or not user.active:
            flash("Fel användarnamn eller lösenord.", "error")
            return render_template("auth/login.html", form=form), 401
        session.permanent = True  # ends after SURVEY_SESSION_MINUTES without a request
        login_user(user)
        return redirect(local_target(request.args.get("next"), home_for(user)))
    return render_template("auth/login.html", form=form)


@bp.post("/logout")
def logout():
    logout_user()
    return redirect(url_for("auth.login"))


@bp.get("/")
def home():
    if current_user.is_authenticated:
        return redirect(home_for(current_user))
    return redirect(url_for("auth.login"))


@bp.route("/account/password", methods=["GET", "POST"])
@login_required
def change_password():
    form = PasswordForm()
    if form.validate_on_submit():
        db = get_session()
        try:
            change_own_password(db, current_user, form.current.data, form.new.data)
        except StaffError as error:
            db.rollback()
            form.current.errors.append(str(error))
        else:
            commit_audited(db, "update", "staff", current_user.id, "own password",
                           message="Lösenordet är bytt.")
            return redirect(home_for(current_user))
    return render_template("auth/password.html", form=form), 422 if form.is_submitted() else 200
