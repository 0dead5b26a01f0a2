"""Who is logged in (Flask-Login; a session holds its account's session version and ends at
the absolute lifetime), the decorator that guards staff routes, and each role's home page."""
from __future__ import annotations

import time
from functools import wraps

from flask import abort, current_app, request, session, url_for
from flask.sessions import SecureCookieSessionInterface
from flask_babel import lazy_gettext as _l
from flask_login import LoginManager, current_user, login_user

from survey.models import Role, StaffUser
from survey.web.db import get_session

login_manager = LoginManager()
login_manager.login_view = "auth.login"
login_manager.login_message = _l("Log in to continue.")
login_manager.localize_callback = str  # flashed in the reader's language, as a plain string


# Requests a tablet or browser makes in the background (files, speech, the service worker, the
# tablet's JSON API): their responses never send the session cookie back unless they changed it.
BACKGROUND_ENDPOINTS = frozenset({
    "static", "kiosk.audio_for_text", "kiosk.slow_audio_for_text", "kiosk.service_worker",
    "kiosk.manifest", "kiosk.submit", "kiosk.openapi_document"})


class StaffSessionInterface(SecureCookieSessionInterface):
    """The signed session cookie, refreshed by every page (the idle time counts from the last
    one) but not by background requests: one sent before staff unlocked the tablet and answered
    after it would otherwise put the cookie from before, without the login, back."""

    def should_set_cookie(self, app, session) -> bool:
        if not session.modified and request.endpoint in BACKGROUND_ENDPOINTS:
            return False
        return super().should_set_cookie(app, session)


@login_manager.user_loader
def load_user(user_id: str) -> StaffUser | None:
    """The session's account, while the session is current: the account's session version
    unchanged (no logout, password change or disabling since) and younger than the lifetime."""
    user = get_session().get(StaffUser, int(user_id))
    if user is None or session.get("session_version") != user.session_version:
        return None
    started = session.get("logged_in_at")
    lifetime = current_app.config["SESSION_MAX_LIFETIME"].total_seconds()
    if not isinstance(started, (int, float)) or time.time() - started > lifetime:
        return None
    return user


def start_staff_session(user: StaffUser) -> None:
    """Log ``user`` in: a fresh session, ending after SURVEY_SESSION_MINUTES without a request
    and SURVEY_SESSION_MAX_HOURS after now."""
    session.clear()
    session.permanent = True
    login_user(user)
    session["session_version"] = user.session_version
    session["logged_in_at"] = time.time()


def keep_staff_session(user: StaffUser) -> None:
    """After the account's sessions ended (a password change), keep the one in use."""
    session["session_version"] = user.session_version


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


def home_for(user: StaffUser) -> str:
    return {
        Role.THERAPIST: url_for("clinic.index"),
        Role.COORDINATOR: url_for("coordinator.index"),
        Role.ADMIN: url_for("admin.index"),
        Role.REVIEWER: url_for("review.index"),
    }[user.role]
