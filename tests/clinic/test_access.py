"""A therapist reaches no client, chart or export of another therapist: every route is tried."""
from __future__ import annotations

import pytest
from flask import url_for

from survey.models import Role, StaffUser

# Every clinic route with the arguments that point at Anna's client, and the methods to try.
OBJECT_ROUTES = {
    "clinic.client": ("GET",),
    "clinic.new_session": ("POST",),
    "clinic.new_episode": ("POST",),
    "clinic.transfer": ("POST",),
    "clinic.close": ("POST",),
    "clinic.hand_over_alliance": ("POST",),
    "clinic.session_done": ("GET",),
    "clinic.paper": ("GET", "POST"),
    "clinic.export_client": ("POST",),
    "clinic.follow_up": ("GET",),
    "clinic.save_plan": ("POST",),
    "clinic.new_goal": ("POST",),
    "clinic.new_contact": ("POST",),
    "clinic.save_variables": ("POST",),
    "clinic.set_age": ("POST",),
    "clinic.new_follow_up": ("POST",),
    "clinic.rate_goals": ("POST",),
    "clinic.hand_over_follow_up": ("POST",),
    "clinic.follow_up_done": ("GET",),
    "clinic.decide": ("POST",),
    "clinic.acknowledge": ("POST",),
}
LIST_ROUTES = {"clinic.index", "clinic.register", "clinic.results", "clinic.results_export"}
COORDINATOR_ROUTES = {"clinic.erase"}  # walked in test_route_access


def _url(app, endpoint, ids):
    rule = next(r for r in app.url_map.iter_rules() if r.endpoint == endpoint)
    with app.test_request_context():
        return url_for(endpoint, **{k: ids[k] for k in rule.arguments if k in ids},
                       **({"fmt": "csv"} if "fmt" in rule.arguments else {}))


def test_every_clinic_route_is_in_this_table(app):
    endpoints = {r.endpoint for r in app.url_map.iter_rules() if r.endpoint.startswith("clinic.")}
    assert endpoints == set(OBJECT_ROUTES) | LIST_ROUTES | COORDINATOR_ROUTES


@pytest.mark.parametrize("intruder", ["bert", "sven"])  # same unit, and another unit
def test_another_therapist_gets_not_found_on_every_object_route(app, client, org, login, annas, intruder):
    login(intruder)
    for endpoint, methods in OBJECT_ROUTES.items():
        url = _url(app, endpoint, annas)
        for method in methods:
            answer = client.open(url, method=method, data={"rater": "client", "reason": "planned",
                                                           "closed_on": "2026-03-01", "therapist": org["staff"][intruder].id})
            assert answer.status_code == 404, (endpoint, method, answer.status_code)


@pytest.mark.parametrize("intruder", ["bert", "sven"])
def test_lists_results_and_exports_hold_only_the_therapists_own(client, org, login, annas, intruder):
    login(intruder)
    assert "A-1" not in client.get("/clinic/").get_data(as_text=True)
    for path, method in (("/clinic/results", "GET"), ("/clinic/results.csv", "POST"),
                         ("/clinic/results.xlsx", "POST")):
        page = client.open(path, method=method)
        assert page.status_code == 200 and b"Anna" not in page.data
    for scope in ("units", "therapists", "organisation"):
        assert client.get(f"/clinic/results?scope={scope}").status_code == 403
        assert client.post(f"/clinic/results.csv?scope={scope}").status_code == 403


def test_a_coordinator_of_another_unit_sees_nothing_of_annas(client, db, org, login, annas):
    db.add(StaffUser(username="sara", display_name="Sara", role=Role.COORDINATOR,
                     units=[org["units"]["south"]], password_hash=org["staff"]["anna"].password_hash))
    db.commit()
    login("sara")
    assert client.get(f"/clinic/clients/{annas['client_id']}").status_code == 404
    assert b"Anna" not in client.post("/clinic/results.csv?scope=therapists").data


@pytest.mark.parametrize("username, status", [("adam", 403), (None, 302)])
def test_admins_and_anonymous_reach_no_clinic_page(app, client, login, annas, username, status):
    if username:
        login(username)
    for endpoint, methods in OBJECT_ROUTES.items():
        for method in methods:
            assert client.open(_url(app, endpoint, annas), method=method).status_code == status, endpoint
    for path in ("/clinic/", "/clinic/results"):
        assert client.get(path).status_code == status
    assert client.post("/clinic/results.csv").status_code == status
