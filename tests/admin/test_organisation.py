"""Admins build the organisation on its pages: units in a tree, staff, imports, reset links;
destructive changes are confirmed first, and every change is in the audit log."""
from __future__ import annotations

import io
import re

from sqlalchemy import select

from survey.models import AuditEvent, Role, StaffUser, Unit


def _actions(db, object_type: str) -> list[str]:
    db.expire_all()
    return list(db.scalars(select(AuditEvent.action).where(AuditEvent.object_type == object_type)
                           .order_by(AuditEvent.id)))


def test_an_admin_builds_the_tree_of_units(client, db, org, login, post_form):
    login("adam")
    post_form("/admin/units/new", name="Öppenvård", kind="area", parent="0")
    area = db.scalar(select(Unit).where(Unit.name == "Öppenvård"))
    north = org["units"]["north"]
    post_form(f"/admin/units/{north.id}", name="Team Norr", kind="outpatient", parent=str(area.id))
    db.expire_all()
    assert north.name == "Team Norr" and north.report_group == "Öppenvård"
    # Under itself: refused with a Swedish reason, nothing changed.
    loop = client.post(f"/admin/units/{area.id}", data={"name": "Öppenvård", "kind": "area",
                                                        "parent": str(north.id)})
    assert loop.status_code == 422 and "under sig själv" in loop.get_data(as_text=True)
    unknown = client.post("/admin/units/new", data={"name": "X", "kind": "area", "parent": "999999"})
    assert unknown.status_code == 422 and "Okänd enhet" in unknown.get_data(as_text=True)
    same = client.post("/admin/units/new", data={"name": "South team", "kind": "housing", "parent": "0"})
    assert same.status_code == 422 and "finns redan" in same.get_data(as_text=True)
    page = client.get("/admin/").get_data(as_text=True)
    assert page.index("Öppenvård") < page.index("Team Norr") and "Område" in page
    assert _actions(db, "unit") == ["create", "update"]


def test_turning_a_unit_off_asks_first(client, db, org, login):
    login("adam")
    home = org["units"]["home"]
    ask = client.get(f"/admin/units/{home.id}/active?active=0").get_data(as_text=True)
    assert "Stäng av enheten Sunny home?" in ask and 'name="active" value="0"' in ask
    db.expire_all()
    assert db.get(Unit, home.id).active  # asking changed nothing
    assert client.post(f"/admin/units/{home.id}/active", data={"active": "0"}).status_code == 302
    db.expire_all()
    assert not db.get(Unit, home.id).active and _actions(db, "unit") == ["disable"]


def test_an_admin_adds_and_edits_staff(client, db, org, login, post_form):
    login("adam")
    north, home = org["units"]["north"], org["units"]["home"]
    post_form("/admin/staff/new", username="eva.ek", display_name="Eva Ek", role="therapist",
              units=[str(north.id)])
    eva = db.scalar(select(StaffUser).where(StaffUser.username == "eva.ek"))
    assert eva.role is Role.THERAPIST and eva.unit_ids == {north.id}
    post_form(f"/admin/staff/{eva.id}", username="eva.ek", display_name="Eva Ek", role="coordinator",
              units=[str(home.id)], raw_data_access="y")
    db.expire_all()
    assert eva.role is Role.COORDINATOR and eva.unit_ids == {home.id} and eva.sees_raw_answers
    taken = client.post("/admin/staff/new", data={"username": "anna", "role": "therapist"})
    assert taken.status_code == 422 and "upptaget" in taken.get_data(as_text=True)
    own = client.post(f"/admin/staff/{org['staff']['adam'].id}",
                      data={"username": "adam", "display_name": "Adam", "role": "therapist"})
    assert own.status_code == 422 and "egen roll" in own.get_data(as_text=True)
    assert _actions(db, "staff") == ["create", "update"]


def test_an_admin_makes_a_reviewer_who_lands_on_the_record_reviews(client, db, org, login,
                                                                  post_form, password):
    login("adam")
    form = client.get("/admin/staff/new").get_data(as_text=True)
    assert '<option value="reviewer">Granskare</option>' in form
    north = org["units"]["north"]
    post_form("/admin/staff/new", username="rut", display_name="Rut", role="reviewer",
              units=[str(north.id)])
    rut = db.scalar(select(StaffUser).where(StaffUser.username == "rut"))
    assert rut.role is Role.REVIEWER and rut.unit_ids == {north.id}
    rut.set_password(password)
    db.commit()
    login("rut")
    assert client.get("/").location.endswith("/reviews/")


def test_an_admin_grants_the_organisation_level_permission(client, db, org, login, post_form,
                                                          housing_round):
    cora, home = org["staff"]["cora"], org["units"]["home"]
    organisation = f"/reports/rounds/{housing_round.id}/organisation"
    login("cora")
    assert client.get(organisation).status_code == 403
    login("adam")
    post_form(f"/admin/staff/{cora.id}", username="cora", display_name="Cora", role="coordinator",
              units=[str(home.id)], organisation_wide="y")
    db.expire_all()
    assert db.get(StaffUser, cora.id).organisation_wide
    login("cora")
    assert client.get(organisation).status_code == 200


def test_disabling_asks_first(client, db, org, login):
    login("adam")
    anna = org["staff"]["anna"]
    ask = client.get(f"/admin/staff/{anna.id}/active?active=0").get_data(as_text=True)
    assert "Stäng av kontot anna?" in ask
    db.expire_all()
    assert db.get(StaffUser, anna.id).active


def test_a_reset_gives_a_one_time_link_never_a_password(client, db, org, login, password):
    login("adam")
    anna = org["staff"]["anna"]
    assert "engångslänk" in client.get(f"/admin/staff/{anna.id}/reset").get_data(as_text=True)
    page = client.post(f"/admin/staff/{anna.id}/reset").get_data(as_text=True)
    link = re.search(r'<code id="reset-link">http://localhost(/account/reset/[^<]+)</code>', page).group(1)
    client.post("/logout")
    assert client.post(link, data={"new": "anna's new phrase", "repeat": "anna's new phrase"}).status_code == 302
    assert client.post("/login", data={"username": "anna", "password": password}).status_code == 401
    assert client.post("/login", data={"username": "anna", "password": "anna's new phrase"}).status_code == 302
    assert _actions(db, "staff") == ["reset", "update"]
    assert link.rsplit("/", 1)[1] not in str(db.scalars(select(AuditEvent.detail)).all())


def test_an_import_page_stores_all_rows_or_none(client, db, org, login, post_form):
    login("adam")
    bad = client.post("/admin/import", data={"kind": "unit", "file": (
        io.BytesIO(b"name,kind,parent\nArea X,area,\nTeam X,ufo,Area X\n"), "units.csv")})
    text = bad.get_data(as_text=True)
    assert bad.status_code == 422 and "Rad 3, kolumn kind: okänd typ ufo; tillåtna: area" in text and "Inget lades in" in text
    assert db.scalar(select(Unit).where(Unit.name == "Area X")) is None
    post_form("/admin/import", kind="unit", file=(io.BytesIO(b"name,kind,parent\nArea X,area,\n"), "u.csv"))
    post_form("/admin/import", kind="staff",
              file=(io.BytesIO(b"username,name,role,units\nxena,Xena,therapist,Area X\n"), "s.csv"))
    assert [u.name for u in db.scalar(select(StaffUser).where(StaffUser.username == "xena")).units] == ["Area X"]
    assert _actions(db, "unit") == ["import"] and _actions(db, "staff") == ["import"]


def test_an_admin_sets_a_staff_members_language(client, db, org, login, post_form):
    login("adam")
    north = org["units"]["north"]
    post_form("/admin/staff/new", username="liisa", display_name="Liisa", role="therapist",
              units=[str(north.id)], language="fi")
    liisa = db.scalar(select(StaffUser).where(StaffUser.username == "liisa"))
    assert liisa.language == "fi"
    form = client.get(f"/admin/staff/{liisa.id}").get_data(as_text=True)
    assert '<option selected value="fi">Suomi</option>' in form
    assert "Suomi" in client.get("/admin/").get_data(as_text=True)  # the staff list shows it
    post_form(f"/admin/staff/{liisa.id}", username="liisa", display_name="Liisa", role="therapist",
              units=[str(north.id)], language="")
    db.expire_all()
    assert liisa.language is None  # the organisation's default again
    wrong = client.post("/admin/staff/new", data={"username": "x", "role": "therapist",
                                                  "language": "de"})
    assert wrong.status_code == 422 and "Okänt språk: de." in wrong.get_data(as_text=True)
    details = db.scalars(select(AuditEvent.detail).where(AuditEvent.action == "update")).all()
    assert details[-1].endswith("language default")


def test_a_staff_file_may_give_each_persons_language(client, db, org, login, post_form):
    login("adam")
    bad = client.post("/admin/import", data={"kind": "staff", "file": (io.BytesIO(
        b"username,name,role,units,language\nper,Per,therapist,North team,de\n"), "s.csv")})
    assert bad.status_code == 422 and "kolumn language: okänt språk de" in bad.get_data(as_text=True)
    post_form("/admin/import", kind="staff", file=(io.BytesIO(
        b"username,name,role,units,language\nper,Per,therapist,North team,nb\n"
        b"ida,Ida,therapist,North team,\n"), "s.csv"))
    languages = dict(db.execute(select(StaffUser.username, StaffUser.language)
                                .where(StaffUser.username.in_(["per", "ida"]))).all())
    assert languages == {"per": "nb", "ida": None}


def test_a_missing_field_is_told_in_danish_too(app, client, org, login):
    app.config["DEFAULT_LANGUAGE"] = "da"  # a language WTForms does not word itself
    login("adam")
    empty = client.post("/admin/units/new", data={"name": "", "kind": "area", "parent": "0"})
    assert empty.status_code == 422 and "Feltet skal udfyldes." in empty.get_data(as_text=True)
