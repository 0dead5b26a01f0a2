"""Admins define the age groups reports choose from on their pages: a new scheme, a bad one
refused with why and nothing stored, its bands changed, deleted after asking (never the last),
every change in the audit log."""
from __future__ import annotations

import re

from sqlalchemy import select

from survey.models import AgeSchemeRow, AuditEvent


def _schemes(db) -> list[tuple[str, str]]:
    db.expire_all()
    return [(row.key, row.bands) for row in db.scalars(select(AgeSchemeRow).order_by(AgeSchemeRow.position))]


def test_an_admin_defines_an_age_scheme_and_changes_its_bands(client, db, org, login, post_form):
    login("adam")
    starters = _schemes(db)
    page = client.get("/admin/age-schemes").get_data(as_text=True)
    assert "Tioårsgrupper" in page and "0-9, 10-19" in page
    post_form("/admin/age-schemes/new", name_sv="Tre grupper", name_en="Three groups",
              bands="0-17,18-64, 65+", position=str(len(starters) + 1))
    assert _schemes(db) == [*starters, ("three-groups", "0-17, 18-64, 65+")]
    row = db.scalar(select(AgeSchemeRow).where(AgeSchemeRow.key == "three-groups"))
    form = client.get(f"/admin/age-schemes/{row.id}").get_data(as_text=True)
    assert 'value="Three groups"' in form and 'value="0-17, 18-64, 65+"' in form
    # Its bands changed and first in the list (the reports' default); the key stays.
    post_form(f"/admin/age-schemes/{row.id}", name_sv="Tre grupper", name_en="", bands="0-19, 20-64, 65+",
              position="1")
    assert _schemes(db) == [("three-groups", "0-19, 20-64, 65+"), *starters]
    assert db.get(AgeSchemeRow, row.id).names == {"sv": "Tre grupper"}
    db.expire_all()
    assert list(db.scalars(select(AuditEvent.action).where(AuditEvent.object_type == "age_scheme")
                           .order_by(AuditEvent.id))) == ["create", "update"]


def test_a_bad_scheme_is_refused_with_why_and_nothing_is_stored(client, db, org, login):
    login("adam")
    before = _schemes(db)
    for fields, said in (({"name_sv": "X", "bands": "0-17, 15-64"}, "15-64 börjar innan"),
                         ({"name_sv": "X", "bands": "65+, 0-17"}, "bara den sista gruppen"),
                         ({"name_sv": "X", "bands": "barn, vuxna"}, "barn är ingen åldersgrupp"),
                         ({"name_sv": " ", "bands": "0-17, 18+"}, "Skriv ett namn")):
        sent = client.post("/admin/age-schemes/new", data={"position": "1", **fields})
        text = sent.get_data(as_text=True)
        assert sent.status_code == 422 and said in text, fields
    assert _schemes(db) == before


def test_deleting_a_scheme_asks_first_and_the_last_one_stays(client, db, org, login):
    login("adam")
    rows = list(db.scalars(select(AgeSchemeRow).order_by(AgeSchemeRow.position)))
    asked = client.get(f"/admin/age-schemes/{rows[0].id}/delete").get_data(as_text=True)
    assert re.search(r"Radera åldersgrupperna [^?]+\?", asked) and len(_schemes(db)) == len(rows)
    for row in rows:
        client.post(f"/admin/age-schemes/{row.id}/delete")
    page = client.get("/admin/age-schemes").get_data(as_text=True)
    assert _schemes(db) == [(rows[-1].key, rows[-1].bands)]
    assert "Radera" not in page.split('id="age-schemes"')[1]
    last = client.post(f"/admin/age-schemes/{rows[-1].id}/delete", follow_redirects=True)
    assert "De sista åldersgrupperna kan inte raderas" in last.get_data(as_text=True)
