"""Admins: disabling an account, and reading and exporting the audit log."""
from __future__ import annotations

from sqlalchemy import select

from survey.models import AuditEvent, StaffUser


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
    assert "anna" in page and ">view<" in page
    exported = client.post("/admin/audit/export.csv?object_type=client").get_data(as_text=True)
    lines = exported.lstrip("\ufeff").splitlines()
    assert lines[0] == "at,staff,action,object_type,object_id,detail"
    assert lines[1].split(",")[1:5] == ["anna", "view", "client", str(org["clients"]["A-1"].id)]
    # The export itself is logged; nothing in the app edits or deletes events.
    assert db.scalar(select(AuditEvent).where(AuditEvent.object_type == "audit")).action == "export"
    assert not [r for r in client.application.url_map.iter_rules()
                if "audit" in r.rule and r.methods & {"POST", "PUT", "DELETE", "PATCH"}
                and r.endpoint != "admin.export_audit_log"]  # a POST only for its CSRF token
