"""Security headers with a content-security policy, and the rate limits (logins per address and
account, new responses per ticket and address, failed round codes per address)."""
from __future__ import annotations

import hashlib
import logging

from flask import Flask, current_app, request
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from limits import parse

limiter = Limiter(key_func=get_remote_address, default_limits=[], storage_uri="memory://")
log = logging.getLogger("survey.security")


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
# Files without anyone's data, which browsers and the service worker may keep.
_CACHEABLE = {"static", "kiosk.manifest", "kiosk.service_worker", "kiosk.audio_for_text"}


def _key(value: str) -> str:
    """What the limiter stores for a ticket or a username: a digest, never the value itself."""
    return hashlib.sha256(value.encode("utf-8", "surrogatepass")).hexdigest()[:32]


def within_limit(setting: str, scope: str, value: str) -> bool:
    """Whether ``value`` (an address, a ticket, a username) has room left under the limit
    configured as ``setting`` (e.g. ``"5 per 5 minutes"``) in ``scope``."""
    return limiter.limiter.test(parse(current_app.config[setting]), scope, _key(value))


def count_against_limit(setting: str, scope: str, value: str) -> None:
    """Count one event (a failed login, a stored response …) against the limit."""
    limiter.limiter.hit(parse(current_app.config[setting]), scope, _key(value))


def refused(scope: str, value: str = "") -> None:
    """Log a request the limits refused (the address, and which limit)."""
    log.warning("rate limit %s reached from %s %s", scope, request.remote_addr, _key(value)[:8])


def submission_allowed(token: str) -> bool:
    """Whether the ticket, and the address sending it, may store another new response now (the
    caller asks once it knows the response is new, and stores nothing when not)."""
    address = request.remote_addr or ""
    allowed = (within_limit("SUBMIT_TICKET_LIMIT", "submit-ticket", token)
               and within_limit("SUBMIT_ADDRESS_LIMIT", "submit-address", address))
    if not allowed:
        refused("submit", token)
    return allowed


def count_submission(token: str) -> None:
    """Count a newly stored response against its ticket's and its address's limits."""
    count_against_limit("SUBMIT_TICKET_LIMIT", "submit-ticket", token)
    count_against_limit("SUBMIT_ADDRESS_LIMIT", "submit-address", request.remote_addr or "")


def _headers(response):
    client_page = request.blueprint == "kiosk" or (request.path or "").startswith("/static/")
    response.headers.setdefault("Content-Security-Policy",
                                CLIENT_POLICY if client_page else STAFF_POLICY)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("X-Frame-Options", "DENY")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    response.headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
    if current_app.config["SESSION_COOKIE_SECURE"]:
        response.headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
    if request.endpoint not in _CACHEABLE:
        # Pages and files may carry a client's data: never kept by a browser or a proxy.
        response.headers.setdefault("Cache-Control", "no-store")
    return response


def init_app(app: Flask) -> None:
    app.after_request(_headers)
    limiter.init_app(app)
