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


def test_a_client_gets_their_data_and_can_be_erased(app, client, db, org, login):
    import uuid as uuid_module
    from datetime import date as date_type

    from survey.models import Client, Response, TreatmentSession
    from survey.operations import Submission, record_response, start_session

    a1 = org["clients"]["A-1"]
    session = start_session(db, a1.episodes[0], date_type(2026, 2, 2))
    outcome = app.extensions["survey_catalogue"].get("outcome-adult")
    record_response(db, app.extensions["survey_catalogue"], Submission(
        uid=str(uuid_module.uuid4()), questionnaire_id=outcome.id, questionnaire_version=1,
        unit_id=a1.unit_id, session_id=session.id, language="sv", mode="self",
        answers={i.key: 6 for i in outcome.items}))
    db.commit()
    a1_id, session_id = a1.id, session.id
    login("anna")
    record = client.get(f"/clinic/clients/{a1_id}/export.json").json
    assert record["code"] == "A-1" and record["episodes"][0]["sessions"][0]["responses"][0]["total"] == 24.0
    assert client.post(f"/clinic/clients/{a1_id}/erase", data={"confirm": "A-1"}).status_code == 403
    login("cora")
    refused = client.post(f"/clinic/clients/{a1_id}/erase", data={"confirm": "B-1"})
    assert refused.status_code == 400 and db.get(Client, a1_id) is not None
    assert client.post(f"/clinic/clients/{a1_id}/erase", data={"confirm": "a-1"}).status_code == 302
    db.expunge_all()
    assert db.get(Client, a1_id) is None
    assert db.scalar(select(Response).where(Response.session_id == session_id)) is None
    assert db.get(TreatmentSession, session_id) is None
    actions = db.scalars(select(AuditEvent.action).where(AuditEvent.object_type == "client")).all()
    assert actions == ["export", "erase"]


def test_retention_anonymises_clients_closed_long_ago(app, runner, db, org):
    from datetime import date as date_type

    from survey.models import Client

    old, recent = org["clients"]["A-1"], org["clients"]["B-1"]
    old.episodes[0].closed_on, old.episodes[0].close_reason = date_type(2015, 1, 1), "planned"
    recent.episodes[0].closed_on, recent.episodes[0].close_reason = date_type.today(), "planned"
    db.commit()
    counted = runner.invoke(args=["retention"])
    assert counted.exit_code == 0 and "Would anonymise 1 client(s)" in counted.output
    db.expire_all()
    assert db.get(Client, old.id).code == "A-1"
    applied = runner.invoke(args=["retention", "--apply"])
    assert "Anonymised 1 client(s)" in applied.output
    db.expire_all()
    assert db.get(Client, old.id).code == f"ANON-{old.id}" and db.get(Client, recent.id).code == "B-1"
    assert "Anonymised 0 client(s)" in runner.invoke(args=["retention", "--apply"]).output
