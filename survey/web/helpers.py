"""Small helpers shared by the blueprints (the Flask side only)."""
from __future__ import annotations

from urllib.parse import urlsplit

from flask import abort, current_app, flash
from flask_login import current_user

from survey.domain.instruments import Catalogue
from survey.operations import audit
from survey.web.db import get_session


def get_catalogue() -> Catalogue:
    return current_app.extensions["survey_catalogue"]


def get_counts_cache():
    """The app's cache of survey-round answer counts (see ``services.surveys.CountsCache``)."""
    return current_app.extensions["survey_counts_cache"]


def get_or_404(model, object_id: int):
    found = get_session().get(model, object_id)
    if found is None:
        abort(404)
    return found


def commit_audited(db, action: str, object_type: str, object_id: int | None, detail: str = "",
                   message: str | None = None) -> None:
    """Record who did it, commit the request's change, and tell the user (when ``message``)."""
    audit(db, current_user if current_user.is_authenticated else None, action, object_type,
          object_id, detail)
    db.commit()
    if message:
        flash(message, "info")


def local_target(target: str | None, fallback: str) -> str:
    """``target`` when it is a path on this site (a ``next`` parameter), else ``fallback``."""
    target = target or ""
    if not target.startswith("/") or target.startswith("//") or urlsplit(target).netloc:
        return fallback
    return target
