"""Small helpers shared by the blueprints (the Flask side only)."""
from __future__ import annotations

from collections.abc import Mapping
from urllib.parse import urlsplit

from flask import abort, current_app, flash, request, url_for
from flask_login import current_user

from survey.domain.instruments import Catalogue
from survey.operations import audit
from survey.operations.errors import OperationError
from survey.web.db import get_session


def get_catalogue() -> Catalogue:
    return current_app.extensions["survey_catalogue"]


def get_counts_cache():
    """The app's cache of survey-round answer counts (see ``services.surveys.CountsCache``)."""
    return current_app.extensions["survey_counts_cache"]


def get_pivot_cache():
    """The app's cache of what pivots count (see ``services.pivot_cache.PivotCache``)."""
    return current_app.extensions["survey_pivot_cache"]


def external_url(endpoint: str, **values) -> str:
    """An absolute URL of the app as the browser reaches it (SURVEY_BASE_URL behind a proxy)."""
    base = current_app.config["BASE_URL"]
    return base + url_for(endpoint, **values) if base else url_for(endpoint, _external=True, **values)


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
        flash(str(message), "info")


def worded(error: OperationError, errors: Mapping[str, str]) -> str:
    """A refused change in the reader's words: its code's message with its parameters."""
    return str(errors[error.code]) % error.params


def public_url(endpoint: str, **values) -> str | None:
    """The address of a page as printed on paper (QR codes): under ``SURVEY_BASE_URL``, never
    the request's Host header. Without the setting, a test or development server uses its own
    address; in production it is None (nothing is printed)."""
    base = current_app.config["BASE_URL"]
    if not base and (current_app.testing or current_app.debug):
        base = request.host_url.rstrip("/")
    return f"{base}{url_for(endpoint, **values)}" if base else None


def local_target(target: str | None, fallback: str) -> str:
    """``target`` when it is a path on this site (a ``next`` parameter), else ``fallback``."""
    target = target or ""
    if not target.startswith("/") or target.startswith("//") or urlsplit(target).netloc:
        return fallback
    return target
