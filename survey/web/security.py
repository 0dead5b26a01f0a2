"""Security headers with a content-security policy, and the login rate limiter."""
from __future__ import annotations

from flask import Flask, request
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address

limiter = Limiter(key_func=get_remote_address, default_limits=[], storage_uri="memory://")


@limiter.request_filter
def _not_a_login() -> bool:
    """Only failed logins (and unlocks of the tablet) are limited; every other request skips
    the limiter's work."""
    return request.endpoint not in ("auth.login", "kiosk.unlock")

# Client pages allow nothing inline; staff pages allow inline style attributes (chart bars).
_POLICY = ("default-src 'self'; script-src 'self'; img-src 'self' data:; media-src 'self'; "
           "connect-src 'self'; worker-src 'self'; manifest-src 'self'; object-src 'none'; "
           "base-uri 'none'; form-action 'self'; frame-ancestors 'none'; style-src 'self'{extra}")
CLIENT_POLICY = _POLICY.format(extra="")
STAFF_POLICY = _POLICY.format(extra=" 'unsafe-inline'")


def _headers(response):
    client_page = request.blueprint == "kiosk" or (request.path or "").startswith("/static/")
    response.headers.setdefault("Content-Security-Policy",
                                CLIENT_POLICY if client_page else STAFF_POLICY)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("X-Frame-Options", "DENY")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    response.headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
    return response


def init_app(app: Flask) -> None:
    app.after_request(_headers)
    limiter.init_app(app)
