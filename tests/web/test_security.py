"""Security headers and content-security policies (strict on client pages), the login limiter,
session lifetime and cookies."""
from __future__ import annotations

import time
from datetime import timedelta

from survey.app import create_app


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


def test_background_requests_never_send_the_session_cookie_back(client, org, login):
    # A request sent before staff unlocked a tablet and answered after would put the cookie
    # from before (without the login) back; pages still refresh it (the idle time).
    login("anna")
    for url in ("/static/css/kiosk.css", "/kiosk/sw.js", "/kiosk/manifest.webmanifest"):
        answer = client.get(url)
        assert answer.status_code == 200, url
        assert "Set-Cookie" not in answer.headers, url
    assert "session=" in client.get("/clinic/").headers.get("Set-Cookie", "")


def test_session_cookies_are_http_only(client, org, password):
    answer = client.post("/login", data={"username": "anna", "password": password})
    cookie = answer.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_hsts_is_sent_when_cookies_are_secure(app, client):
    assert "Strict-Transport-Security" not in client.get("/login").headers
    app.config["SESSION_COOKIE_SECURE"] = True
    assert client.get("/login").headers["Strict-Transport-Security"].startswith("max-age=31536000")


def test_pages_and_files_with_a_clients_data_are_never_cached(client, org, login, annas):
    login("anna")
    for answer in (client.get(f"/clinic/clients/{annas['client_id']}"), client.get("/clinic/"),
                   client.post(f"/clinic/clients/{annas['client_id']}/export.json"),
                   client.post("/clinic/results.csv")):
        assert answer.status_code == 200 and answer.headers["Cache-Control"] == "no-store"
    assert "no-store" not in client.get("/static/css/staff.css").headers.get("Cache-Control", "")


def test_no_request_body_is_larger_than_the_setting(app, client):
    assert app.config["MAX_CONTENT_LENGTH"] == 8 * 1024 * 1024  # the default
    answer = client.post("/login", data={"username": "anna", "password": "x" * (9 * 1024 * 1024)})
    assert answer.status_code == 413


def _failed_logins_from(client, forwarded_for: str, times: int) -> list[int]:
    return [client.post("/login", data={"username": "nobody", "password": "wrong"},
                        headers={"X-Forwarded-For": forwarded_for}).status_code
            for _ in range(times)]


def test_behind_a_trusted_proxy_each_client_address_has_its_own_limit(database_url, org):
    app = create_app({"TESTING": True, "DATABASE_URL": database_url, "WTF_CSRF_ENABLED": False,
                      "SECRET_KEY": "test-secret-key-of-at-least-32-bytes", "PROXY_HOPS": 1,
                      "LOGIN_LIMIT": "2 per minute"})
    client = app.test_client()  # every request comes from the proxy, 127.0.0.1
    assert _failed_logins_from(client, "198.51.100.1", 3) == [401, 401, 429]
    assert _failed_logins_from(client, "198.51.100.2", 1) == [401]
    app.extensions["survey_engine"].dispose()


def test_without_a_proxy_setting_a_forged_forwarded_address_changes_nothing(app, client, org):
    app.config["LOGIN_LIMIT"] = "2 per minute"
    assert _failed_logins_from(client, "198.51.100.1", 2) == [401, 401]
    assert _failed_logins_from(client, "198.51.100.2", 1) == [429]
