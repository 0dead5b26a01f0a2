"""Staff login and logout, the home page per role, the own account (language, password) and the
one-time reset."""
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
from flask_babel import gettext as _
from flask_babel import refresh
from flask_login import current_user, login_required, logout_user

from survey.auth import bp
from survey.auth.forms import AccountForm, LoginForm, PasswordForm, ResetForm
from survey.auth.messages import ERRORS
from survey.auth.sso import end_provider_session
from survey.operations import (
    StaffError,
    authenticate,
    change_own_password,
    end_sessions,
    reset_password,
    set_language,
)
from survey.web.db import get_session
from survey.web.helpers import commit_audited, local_target, worded
from survey.web.i18n import STAFF_LANGUAGE_NAMES, default_language
from survey.web.login import home_for, keep_staff_session, start_staff_session
from survey.web.security import count_against_limit, limiter, refused, within_limit


def _login_limit() -> str:
    return current_app.config["LOGIN_LIMIT"]


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"], deduct_when=lambda response: response.status_code == 401)
def login():
    """Failed logins are limited per address (the decorator) and per account (a pause after a
    few failures, from any address; the right password waits too until it ends)."""
    form = LoginForm()
    if request.method == "POST" and not current_app.config["LOCAL_PASSWORDS"]:
        flash(_("Log in through the identity service."), "error")
        return render_template("auth/login.html", form=form), 401
    if form.validate_on_submit():
        username = form.username.data.strip().lower()
        if not within_limit("LOGIN_ACCOUNT_LIMIT", "login-account", username):
            refused("login-account", username)
            flash(_("Too many failed logins. Wait a few minutes and try again."), "error")
            return render_template("auth/login.html", form=form), 429
        user = authenticate(get_session(), form.username.data, form.password.data)
        if user is None:
            count_against_limit("LOGIN_ACCOUNT_LIMIT", "login-account", username)
            flash(_("Wrong username or password."), "error")
            return render_template("auth/login.html", form=form), 401
        start_staff_session(user)
        return redirect(local_target(request.args.get("next"), home_for(user)))
    return render_template("auth/login.html", form=form)


@bp.post("/logout")
def logout():
    """Ends every session of the account, so a copied cookie stops working too."""
    if current_user.is_authenticated:
        db = get_session()
        end_sessions(db, current_user)
        db.commit()
    logout_user()
    leaving = end_provider_session()  # reads the provider's token before the session is cleared
    session.clear()
    return leaving


@bp.get("/")
def home():
    if current_user.is_authenticated:
        return redirect(home_for(current_user))
    return redirect(url_for("auth.login"))


@bp.route("/account", methods=["GET", "POST"])
@login_required
def account():
    """The staff member's own settings: the language of the staff pages (and the way to the
    password change)."""
    form = AccountForm(language=current_user.language or "")
    if form.validate_on_submit():
        db = get_session()
        try:
            set_language(db, current_user, form.language.data or None)
        except StaffError as error:
            db.rollback()
            form.language.errors.append(worded(error, ERRORS))
        else:
            refresh()  # the confirmation in the language just chosen
            commit_audited(db, "update", "staff", current_user.id,
                           f"own language {current_user.language or 'default'}",
                           message=_("Your language is saved."))
            return redirect(url_for("auth.account"))
    return render_template("auth/account.html", form=form,
                           default=STAFF_LANGUAGE_NAMES[default_language()]), \
        422 if form.is_submitted() else 200


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
            field = form.current if error.code == "wrong-password" else form.new
            field.errors.append(worded(error, ERRORS))
        else:
            keep_staff_session(current_user)  # every other session of the account has ended
            commit_audited(db, "update", "staff", current_user.id, "own password",
                           message=_("The password is changed."))
            return redirect(home_for(current_user))
    return render_template("auth/password.html", form=form), 422 if form.is_submitted() else 200


@bp.route("/account/reset/<code>", methods=["GET", "POST"])
def reset(code: str):
    """Set a new password with the one-time code an admin gave (no password travels in clear)."""
    form = ResetForm()
    if form.validate_on_submit():
        db = get_session()
        try:
            user = reset_password(db, code, form.new.data)
        except StaffError as error:
            db.rollback()
            form.new.errors.append(worded(error, ERRORS))
        else:
            commit_audited(db, "update", "staff", user.id, "password set with a one-time code",
                           message=_("The password is set. Log in."))
            return redirect(url_for("auth.login"))
    return render_template("auth/reset.html", form=form), 422 if form.is_submitted() else 200
