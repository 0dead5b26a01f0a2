"""The organisation's variables over HTTP: an admin defines one with its values in two
languages, every problem of a definition shown at once, a new version, the order, retiring."""
from __future__ import annotations

from sqlalchemy import select

from survey.models import AuditEvent, StaffUser, Variable
from survey.queries import current_variables

DEBTS = {"name-sv": "Skuldsättning", "name-en": "Debts", "help-sv": "Skulder vid start",
         "kind": "choice", "phase": "intake",
         "option-0-label-sv": "Inga skulder", "option-0-label-en": "No debts",
         "option-0-position": "2",
         "option-1-code": "enforcement", "option-1-label-sv": "Skuld hos Kronofogden",
         "option-1-label-en": "Debt enforcement", "option-1-position": "1",
         "option-2-label-sv": "", "option-2-code": ""}


def _versions(db, key):
    db.expire_all()
    return db.scalars(select(Variable).where(Variable.key == key).order_by(Variable.version)).all()


def test_an_admin_defines_a_variable_with_its_values_in_two_languages(client, db, org, login, post_form):
    login("adam")
    post_form("/admin/variables/new", **DEBTS)
    (debts,) = _versions(db, "skuldsattning")  # the short name made from the Swedish name
    assert (debts.unit_id, debts.kind, debts.phase, debts.version) == (None, "choice", "intake", 1)
    assert debts.names == {"sv": "Skuldsättning", "en": "Debts"}
    # In the order of their numbers; the empty code made from the label, the empty row left out.
    assert [(o.code, o.labels) for o in debts.options] == [
        ("enforcement", {"sv": "Skuld hos Kronofogden", "en": "Debt enforcement"}),
        ("inga-skulder", {"sv": "Inga skulder", "en": "No debts"})]
    assert db.scalar(select(AuditEvent.detail).where(AuditEvent.object_type == "variable")) == (
        "skuldsattning version 1")
    page = client.get("/admin/variables").get_data(as_text=True)
    assert "Skuldsättning" in page and "Skuld hos Kronofogden" in page
    db.get(StaffUser, org["staff"]["adam"].id).language = "en"
    db.commit()
    page = client.get("/admin/variables").get_data(as_text=True)
    assert "Debts" in page and "Debt enforcement" in page and "Skuldsättning" not in page


def test_every_problem_of_a_definition_is_named_at_once_and_nothing_is_stored(
        client, db, org, login):
    login("adam")
    before = len(db.scalars(select(Variable)).all())
    page = client.post("/admin/variables/new", data={
        "key": "housing", "kind": "choice", "phase": "intake", "name-sv": "Boende igen"})
    text = page.get_data(as_text=True)
    assert page.status_code == 422
    assert "ett val behöver minst ett värde" in text
    assert "det korta namnet housing används redan av en annan variabel" in text
    assert 'value="Boende igen"' in text  # the form keeps what was written
    assert len(db.scalars(select(Variable)).all()) == before


def test_a_change_is_a_new_version_and_a_dropped_code_never_comes_back(client, db, org, login, post_form):
    login("adam")
    (housing,) = _versions(db, "housing")
    kept = {f"option-{n}-code": o.code for n, o in enumerate(housing.options[:2])}
    labels = {f"option-{n}-label-sv": o.labels["sv"] for n, o in enumerate(housing.options[:2])}
    form = {"name-sv": "Boendeform", "kind": "choice", "phase": "intake", **kept, **labels,
            "option-2-label-sv": "Husvagn"}
    post_form(f"/admin/variables/{housing.id}", **form)
    old, new = _versions(db, "housing")
    assert (old.retired, new.retired, new.version, new.names) == (True, False, 2, {"sv": "Boendeform"})
    assert [o.code for o in new.options] == [*kept.values(), "husvagn"]
    assert [o.code for o in old.options] == [o.code for o in housing.options]  # v1 as it was
    # A code version 1 had and version 2 dropped cannot come back with another meaning.
    dropped = housing.options[2].code
    page = client.post(f"/admin/variables/{new.id}", data=form | {"option-3-code": dropped,
                                                                "option-3-label-sv": "Något nytt"})
    assert page.status_code == 422
    assert f"koden ”{dropped}” betydde ett annat värde" in page.get_data(as_text=True)
    assert len(_versions(db, "housing")) == 2
    assert client.get(f"/admin/variables/{old.id}").status_code == 404  # only the current one changes


def test_the_admin_orders_and_retires_the_organisations_variables(client, db, org, login, post_form):
    login("adam")
    first, second, *_ = current_variables(db)
    post_form("/admin/variables/order", **{f"position-{first.id}": "2", f"position-{second.id}": "1"})
    db.expire_all()
    assert [v.key for v in current_variables(db)][:2] == [second.key, first.key]
    # Retiring is for good: the list's link asks first, and asking changes nothing.
    listed = client.get("/admin/variables").get_data(as_text=True)
    assert f'href="/admin/variables/{first.id}/retire"' in listed
    asked = client.get(f"/admin/variables/{first.id}/retire").get_data(as_text=True)
    assert "Sluta registrera" in asked and 'href="/admin/variables"' in asked
    db.expire_all()
    assert first.key in {v.key for v in current_variables(db)}
    post_form(f"/admin/variables/{first.id}/retire")
    assert first.key not in {v.key for v in current_variables(db)}
    assert "inte längre" in client.get("/admin/variables").get_data(as_text=True)


def test_an_admin_grants_a_coordinator_the_right_to_define_variables(client, db, org, login, post_form):
    cora, north = org["staff"]["cora"], org["units"]["north"]
    login("cora")
    assert client.get(f"/reports/units/{north.id}/variables").status_code == 403
    login("adam")
    post_form(f"/admin/staff/{cora.id}", username="cora", display_name="Cora", role="coordinator",
              units=[str(north.id)], defines_variables="y")
    db.expire_all()
    assert db.get(StaffUser, cora.id).defines_variables
    login("cora")
    assert client.get(f"/reports/units/{north.id}/variables").status_code == 200
