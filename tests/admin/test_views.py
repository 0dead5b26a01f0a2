"""Admins: disabling an account, and reading and exporting the audit log."""
from __future__ import annotations

import csv
import io
import re

from sqlalchemy import select

from survey.models import AuditEvent, Role, StaffUser


def test_an_admin_disables_an_account(client, db, org, login, password):
    anna = org["staff"]["anna"]
    login("anna")
    assert client.post(f"/admin/staff/{anna.id}/active", data={"active": "0"}).status_code == 403
    login("adam")
    assert client.post(f"/admin/staff/{org['staff']['adam'].id}/active", data={"active": "0"}).status_code == 400
    assert client.post(f"/admin/staff/{anna.id}/active", data={"active": "0"}).status_code == 302
    db.expire_all()
    assert db.get(StaffUser, anna.id).active is False
    client.post("/logout")
    assert client.post("/login", data={"username": "anna", "password": password}).status_code == 401
    events = db.scalars(select(AuditEvent.action).where(AuditEvent.object_type == "staff")).all()
    assert events == ["disable"]


def test_admins_read_and_export_the_audit_log(client, db, org, login):
    login("anna")
    client.get(f"/clinic/clients/{org['clients']['A-1'].id}")
    login("adam")
    page = client.get("/admin/audit?object_type=client").get_data(as_text=True)
    # The events and kinds are worded (the filter offers them by name), the codes stay in the CSV.
    assert "anna" in page and ">Visning<" in page and ">Klient<" in page and ">view<" not in page
    assert '<option value="client" selected>Klient</option>' in page
    exported = client.post("/admin/audit/export.csv?object_type=client").get_data(as_text=True)
    lines = exported.lstrip("\ufeff").splitlines()
    assert lines[0] == "at,staff,action,object_type,object_id,detail"
    assert lines[1].split(",")[1:5] == ["anna", "view", "client", str(org["clients"]["A-1"].id)]
    # The export itself is logged; nothing in the app edits or deletes events.
    assert db.scalar(select(AuditEvent).where(AuditEvent.object_type == "audit")).action == "export"
    assert not [r for r in client.application.url_map.iter_rules()
                if "audit" in r.rule and r.methods & {"POST", "PUT", "DELETE", "PATCH"}
                and r.endpoint != "admin.export_audit_log"]  # a POST only for its CSRF token


def test_disabling_an_account_ends_its_sessions(app, client, org, login, password):
    annas_computer = app.test_client()
    annas_computer.post("/login", data={"username": "anna", "password": password})
    assert annas_computer.get("/clinic/").status_code == 200
    login("adam")
    assert client.post(f"/admin/staff/{org['staff']['anna'].id}/active",
                       data={"active": "0"}).status_code == 302
    assert annas_computer.get("/clinic/").status_code == 302


def test_the_audit_csv_holds_no_live_formula(client, db, org, login, password):
    db.add(StaffUser(username="=cmd|' /C calc'!A0", display_name="Eve", role=Role.THERAPIST,
                     password_hash=org["staff"]["anna"].password_hash))
    db.commit()
    client.post("/login", data={"username": "=cmd|' /C calc'!A0", "password": password})
    client.get("/clinic/")  # logged: the client list
    login("adam")
    exported = client.post("/admin/audit/export.csv").get_data(as_text=True)
    rows = list(csv.reader(io.StringIO(exported.lstrip("\ufeff"))))
    assert "'=cmd|' /C calc'!A0" in [row[1] for row in rows]
    assert not [cell for row in rows for cell in row if cell[:1] in ("=", "+", "-", "@")]


def test_exports_need_a_post_with_the_csrf_token(app, client, db, org, login, count):
    login("adam")
    app.config["WTF_CSRF_ENABLED"] = True
    before = count(AuditEvent)
    assert client.get("/admin/audit/export.csv").status_code == 405
    assert client.post("/admin/audit/export.csv").status_code == 400  # another site's form
    assert count(AuditEvent) == before  # nothing logged in the admin's name
    page = client.get("/admin/audit").get_data(as_text=True)
    form = re.search(r'<form method="post" action="([^"]+)" class="download">'
                     r'<input type="hidden" name="csrf_token" value="([^"]+)"', page)
    assert form.group(1) == "/admin/audit/export.csv"
    exported = client.post(form.group(1), data={"csrf_token": form.group(2)})
    assert exported.status_code == 200 and count(AuditEvent) == before + 1
