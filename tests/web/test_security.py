"""Security headers and content-security policies (strict on client pages), the login limiter,
session lifetime and cookies."""
from __future__ import annotations

import time
from datetime import timedelta


def test_client_pages_get_a_strict_policy_and_staff_pages_a_looser_one(client, org, login):
    kiosk = client.get("/kiosk/")
    policy = kiosk.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "'unsafe-inline'" not in policy
    assert "frame-ancestors 'none'" in policy
    assert kiosk.headers["X-Content-Type-Options"] == "nosniff"
    assert kiosk.headers["X-Frame-Options"] == "DENY"
    login("cora")
    staff = client.get("/reports/")
    assert "style-src 'self' 'unsafe-inline'" in staff.headers["Content-Security-Policy"]
    assert "script-src 'self';" in staff.headers["Content-Security-Policy"]


def test_failed_logins_are_limited_but_good_ones_are_not(app, client, org, password):
    app.config["LOGIN_LIMIT"] = "3 per minute"
    for _ in range(3):
        assert client.post("/login", data={"username": "anna", "password": "wrong"}).status_code == 401
    blocked = client.post("/login", data={"username": "anna", "password": password})
    assert blocked.status_code == 429


def test_successful_logins_do_not_count_against_the_limit(app, client, org, password):
    app.config["LOGIN_LIMIT"] = "2 per minute"
    for _ in range(4):
        assert client.post("/login", data={"username": "anna", "password": password}).status_code == 302
        client.post("/logout")


def test_a_session_ends_after_the_idle_time(app, client, org, login):
    app.config["PERMANENT_SESSION_LIFETIME"] = timedelta(seconds=1)
    login("anna")
    assert client.get("/clinic/").status_code == 200
    time.sleep(2.2)  # signed timestamps have whole seconds
    assert client.get("/clinic/").status_code == 302


def test_session_cookies_are_http_only(client, org, password):
    answer = client.post("/login", data={"username": "anna", "password": password})
    cookie = answer.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
