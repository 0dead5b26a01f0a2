"""Who is logged in (Flask-Login), the decorator that guards staff routes, and each role's
home page."""
from __future__ import annotations

from functools import wraps

from flask import abort, url_for
from flask_login import LoginManager, current_user

from survey.models import Role, StaffUser
from survey.web.db import get_session

login_manager = LoginManager()
login_manager.login_view = "auth.login"
login_manager.login_message = "Logga in för att fortsätta."


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


def home_for(user: StaffUser) -> str:
    return {
        Role.THERAPIST: url_for("clinic.index"),
        Role.COORDINATOR: url_for("coordinator.index"),
        Role.ADMIN: url_for("admin.index"),
    }[user.role]
