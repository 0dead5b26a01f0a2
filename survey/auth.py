"""Staff login (Flask-Login), roles, and the decorator that guards staff routes."""
from __future__ import annotations

from functools import wraps
from urllib.parse import urlsplit

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, session, url_for
from flask_login import LoginManager, current_user, login_required, login_user, logout_user
from flask_wtf import FlaskForm
from sqlalchemy import select
from wtforms import PasswordField, StringField
from wtforms.validators import DataRequired, EqualTo, Length

from .db import get_session
from .models import Role, StaffUser
from .security import limiter

bp = Blueprint("auth", __name__)
login_manager = LoginManager()
login_manager.login_view = "auth.login"
login_manager.login_message = "Logga in för att fortsätta."


def init_app(app) -> None:
    login_manager.init_app(app)
    app.register_blueprint(bp)


@login_manager.user_loader
def load_user(user_id: str) -> StaffUser | None:
    return get_session().get(StaffUser, int(user_id))


def roles_required(*roles: Role):
    """Only logged-in staff with one of ``roles`` may use the view; others get 403."""

    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            if not current_user.is_authenticated:
                return login_manager.unauthorized()
            if current_user.role not in roles:
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorator


class LoginForm(FlaskForm):
    username = StringField("Användarnamn", validators=[DataRequired()])
    password = PasswordField("Lösenord", validators=[DataRequired()])


def _home_for(user: StaffUser) -> str:
    return {
        Role.THERAPIST: url_for("clinic.index"),
        Role.COORDINATOR: url_for("reports.index"),
        Role.ADMIN: url_for("admin.index"),
    }[user.role]


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
        target = request.args.get("next", "")
        if not target.startswith("/") or urlsplit(target).netloc or target.startswith("//"):
            target = _home_for(user)
        return redirect(target)
    return render_template("auth/login.html", form=form)


@bp.post("/logout")
def logout():
    logout_user()
    return redirect(url_for("auth.login"))


@bp.get("/")
def home():
    if current_user.is_authenticated:
        return redirect(_home_for(current_user))
    return redirect(url_for("auth.login"))


class PasswordForm(FlaskForm):
    current = PasswordField("Nuvarande lösenord", validators=[DataRequired()])
    new = PasswordField("Nytt lösenord (minst 12 tecken)", validators=[DataRequired(), Length(min=12, max=200)])
    repeat = PasswordField("Nytt lösenord igen",
                           validators=[DataRequired(), EqualTo("new", message="Lösenorden är inte lika.")])


@bp.route("/account/password", methods=["GET", "POST"])
@login_required
def change_password():
    form = PasswordForm()
    if form.validate_on_submit():
        if not current_user.check_password(form.current.data):
            form.current.errors.append("Fel lösenord.")
        else:
            current_user.set_password(form.new.data)
            get_session().commit()
            flash("Lösenordet är bytt.", "info")
            return redirect(_home_for(current_user))
    return render_template("auth/password.html", form=form), 422 if form.is_submitted() else 200
