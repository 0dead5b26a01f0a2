"""Staff accounts and headers: rate-limited login, expiring sessions, password change,
disabled accounts, and a content-security policy the client pages pass."""
from __future__ import annotations

import time
from datetime import timedelta

from sqlalchemy import select

from survey.models import AuditEvent, StaffUser

PASSWORD = "correct horse battery"


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


def test_failed_logins_are_limited_but_good_ones_are_not(app, client, org):
    app.config["LOGIN_LIMIT"] = "3 per minute"
    for _ in range(3):
        assert client.post("/login", data={"username": "anna", "password": "wrong"}).status_code == 401
    blocked = client.post("/login", data={"username": "anna", "password": PASSWORD})
    assert blocked.status_code == 429


def test_successful_logins_do_not_count_against_the_limit(app, client, org):
    app.config["LOGIN_LIMIT"] = "2 per minute"
    for _ in range(4):
        assert client.post("/login", data={"username": "anna", "password": PASSWORD}).status_code == 302
        client.post("/logout")


def test_a_session_ends_after_the_idle_time(app, client, org, login):
    app.config["PERMANENT_SESSION_LIFETIME"] = timedelta(seconds=1)
    login("anna")
    assert client.get("/clinic/").status_code == 200
    time.sleep(2.2)  # signed timestamps have whole seconds
    assert client.get("/clinic/").status_code == 302


def test_session_cookies_are_http_only(client, org):
    answer = client.post("/login", data={"username": "anna", "password": PASSWORD})
    cookie = answer.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_a_staff_member_changes_their_password(client, db, org, login):
    login("anna")
    wrong = client.post("/account/password", data={"current": "nope", "new": "a brand new phrase", "repeat": "a brand new phrase"})
    assert wrong.status_code == 422 and "Fel lösenord" in wrong.get_data(as_text=True)
    short = client.post("/account/password", data={"current": PASSWORD, "new": "short", "repeat": "short"})
    assert short.status_code == 422
    changed = client.post("/account/password", data={"current": PASSWORD, "new": "a brand new phrase", "repeat": "a brand new phrase"})
    assert changed.status_code == 302
    client.post("/logout")
    assert client.post("/login", data={"username": "anna", "password": PASSWORD}).status_code == 401
    assert client.post("/login", data={"username": "anna", "password": "a brand new phrase"}).status_code == 302


def test_an_admin_disables_an_account(client, db, org, login):
    anna = org["staff"]["anna"]
    login("anna")
    assert client.post(f"/admin/staff/{anna.id}/active", data={"active": "0"}).status_code == 403
    login("adam")
    assert client.post(f"/admin/staff/{org['staff']['adam'].id}/active", data={"active": "0"}).status_code == 400
    assert client.post(f"/admin/staff/{anna.id}/active", data={"active": "0"}).status_code == 302
    db.expire_all()
    assert db.get(StaffUser, anna.id).active is False
    client.post("/logout")
    assert client.post("/login", data={"username": "anna", "password": PASSWORD}).status_code == 401
    events = db.scalars(select(AuditEvent.action).where(AuditEvent.object_type == "staff")).all()
    assert events == ["disable"]


def test_admins_read_and_export_the_audit_log(client, db, org, login):
    login("anna")
    client.get(f"/clinic/clients/{org['clients']['A-1'].id}")
    login("adam")
    page = client.get("/admin/audit?object_type=client").get_data(as_text=True)
    assert "anna" in page and ">view<" in page
    exported = client.get("/admin/audit?format=csv&object_type=client").get_data(as_text=True)
    lines = exported.lstrip("\ufeff").splitlines()
    assert lines[0] == "at,staff,action,object_type,object_id,detail"
    assert lines[1].split(",")[1:5] == ["anna", "view", "client", str(org["clients"]["A-1"].id)]
    # The export itself is logged; nothing in the app edits or deletes events.
    assert db.scalar(select(AuditEvent).where(AuditEvent.object_type == "audit")).action == "export"
    assert not [r for r in client.application.url_map.iter_rules()
                if "audit" in r.rule and r.methods & {"POST", "PUT", "DELETE", "PATCH"}]
