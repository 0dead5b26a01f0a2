"""A unit's own variables over HTTP: a coordinator with the permission defines one for their own
unit, one without it is refused, and the unit records it beside the organisation's."""
from __future__ import annotations

from sqlalchemy import select

from survey.models import Variable
from survey.queries import current_variables

VISITS = {"key": "home_visits_3m", "name-sv": "Hembesök senaste tre månaderna",
          "name-fi": "Kotikäynnit kolmen kuukauden aikana", "kind": "count", "phase": "during"}


def test_a_coordinator_without_the_permission_is_refused(client, db, org, login):
    north = org["units"]["north"]
    login("cora")
    assert client.get(f"/reports/units/{north.id}/variables/new").status_code == 403
    assert client.post(f"/reports/units/{north.id}/variables/new", data=VISITS).status_code == 403
    assert db.scalar(select(Variable).where(Variable.key == VISITS["key"])) is None


def test_a_coordinator_with_the_permission_defines_a_variable_of_their_own_unit(
        client, db, org, login, post_form):
    cora, north, home = org["staff"]["cora"], org["units"]["north"], org["units"]["home"]
    cora.defines_variables = True
    north.variables = "housing"
    db.commit()
    login("cora")
    post_form(f"/reports/units/{north.id}/variables/new", **VISITS)
    db.expire_all()
    visits = db.scalar(select(Variable).where(Variable.key == VISITS["key"]))
    assert (visits.unit_id, visits.kind, visits.phase, visits.options) == (north.id, "count", "during", [])
    # The unit records it beside the organisation's variables it switched on; no other unit does.
    assert [v.key for v in current_variables(db, north)] == ["housing", VISITS["key"]]
    assert VISITS["key"] not in {v.key for v in current_variables(db, home)}
    assert VISITS["key"] not in {v.key for v in current_variables(db)}
    page = client.get(f"/reports/units/{north.id}/variables").get_data(as_text=True)
    assert "Hembesök senaste tre månaderna" in page and "Antal" in page
    # The organisation's variables are not the unit's to change.
    housing = db.scalar(select(Variable).where(Variable.key == "housing"))
    assert client.get(f"/reports/units/{north.id}/variables/{housing.id}").status_code == 404
    # A new version, then retired: the unit no longer records it.
    post_form(f"/reports/units/{north.id}/variables/{visits.id}", **(VISITS | {"phase": "end"}))
    db.expire_all()
    (current,) = [v for v in current_variables(db, north) if v.key == VISITS["key"]]
    assert (current.version, current.phase) == (2, "end")
    asked = client.get(f"/reports/units/{north.id}/variables/{current.id}/retire").get_data(as_text=True)
    assert f'href="/reports/units/{north.id}/variables"' in asked
    post_form(f"/reports/units/{north.id}/variables/{current.id}/retire")
    assert [v.key for v in current_variables(db, north)] == ["housing"]
