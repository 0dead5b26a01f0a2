"""Every route, walked as anonymous, a therapist, a therapist of another unit, a coordinator and
an admin. The table below is the access rule of the whole app; a route missing from it fails."""
from __future__ import annotations

from datetime import date

import pytest
from flask import url_for

from survey.kiosk import tickets
from survey.operations import start_session

# Who: anonymous, Anna (therapist, North team, owns the client), Sven (therapist, South team),
# Cora (coordinator, North team and Sunny home), Adam (admin).
ROLES = ("anonymous", "anna", "sven", "cora", "adam")
OPEN = dict.fromkeys(ROLES, "ok")
STAFF = {"anonymous": "login", "anna": "ok", "sven": "ok", "cora": "ok", "adam": "ok"}
CLINICIANS = {"anonymous": "login", "anna": "ok", "sven": "ok", "cora": "ok", "adam": "forbidden"}
THERAPISTS = {"anonymous": "login", "anna": "ok", "sven": "ok", "cora": "forbidden", "adam": "forbidden"}
# Routes about Anna's client: Sven may use the route but cannot see the client.
CLIENT = CLINICIANS | {"sven": "hidden"}
CLIENT_THERAPIST = THERAPISTS | {"sven": "hidden"}
REPORTERS = {"anonymous": "login", "anna": "forbidden", "sven": "forbidden", "cora": "ok", "adam": "ok"}
COORDINATORS = REPORTERS | {"adam": "forbidden"}
ADMINS = {"anonymous": "login", "anna": "forbidden", "sven": "forbidden", "cora": "forbidden", "adam": "ok"}

ACCESS = {
    ("auth.home", "GET"): STAFF, ("auth.login", "GET"): OPEN, ("auth.logout", "POST"): OPEN,
    ("auth.change_password", "GET"): STAFF,
    ("kiosk.start", "GET"): OPEN, ("kiosk.about", "GET"): OPEN, ("kiosk.manifest", "GET"): OPEN,
    ("kiosk.service_worker", "GET"): OPEN, ("kiosk.code_entry", "GET"): OPEN,
    ("kiosk.code_setup", "GET"): OPEN, ("kiosk.welcome", "GET"): OPEN, ("kiosk.answer", "GET"): OPEN,
    ("kiosk.submit_form", "POST"): OPEN, ("kiosk.submit", "POST"): OPEN, ("kiosk.thanks", "GET"): OPEN,
    # Open to all, and 404 for everyone here: no speech file was built for the key asked.
    ("kiosk.audio_for_text", "GET"): dict.fromkeys(ROLES, "hidden"),
    ("kiosk.hand_over", "GET"): STAFF,
    ("clinic.index", "GET"): CLINICIANS, ("clinic.results", "GET"): CLINICIANS,
    ("clinic.results_export", "GET"): CLINICIANS, ("clinic.register", "POST"): THERAPISTS,
    ("clinic.client", "GET"): CLIENT, ("clinic.close", "POST"): CLIENT,
    ("clinic.transfer", "POST"): CLIENT, ("clinic.session_done", "GET"): CLIENT,
    ("clinic.new_session", "POST"): CLIENT_THERAPIST, ("clinic.new_episode", "POST"): CLIENT_THERAPIST,
    ("clinic.hand_over_alliance", "POST"): CLIENT_THERAPIST, ("clinic.paper", "GET"): CLIENT_THERAPIST,
    ("clinic.export_client", "GET"): CLIENT,
    # Coordinators only; the walk sends no confirmation, so nothing is erased.
    ("clinic.erase", "POST"): {"anonymous": "login", "anna": "forbidden", "sven": "forbidden",
                               "cora": "ok", "adam": "forbidden"},
    ("reports.index", "GET"): REPORTERS, ("reports.round_results", "GET"): REPORTERS,
    ("reports.organisation", "GET"): REPORTERS, ("reports.unit", "GET"): REPORTERS,
    ("reports.unit_group", "GET"): REPORTERS, ("reports.printable", "GET"): REPORTERS,
    ("reports.round_codes", "GET"): REPORTERS, ("reports.export", "GET"): REPORTERS,
    ("reports.new_round", "GET"): COORDINATORS, ("reports.set_status", "POST"): COORDINATORS,
    ("reports.import_paper", "GET"): COORDINATORS, ("reports.paper_template", "GET"): COORDINATORS,
    ("admin.index", "GET"): ADMINS, ("admin.set_active", "POST"): ADMINS, ("admin.audit_log", "GET"): ADMINS,
}


def test_the_table_names_every_route(app):
    routes = {r.endpoint for r in app.url_map.iter_rules() if r.endpoint != "static"}
    assert routes == {endpoint for endpoint, _ in ACCESS}


@pytest.fixture
def arguments(app, db, org, housing_round):
    client = org["clients"]["A-1"]
    session = start_session(db, client.episodes[0], date(2026, 2, 2))
    db.commit()
    with app.app_context():
        token = tickets.sign(tickets.Ticket(questionnaire_id="ux-housing", questionnaire_version=1,
                                            unit_id=org["units"]["home"].id, language="sv",
                                            mode="self", round_id=housing_round.id))
    return {"client_id": client.id, "episode_id": client.episodes[0].id, "session_id": session.id,
            "round_id": housing_round.id, "unit_id": org["units"]["home"].id, "name": "Sunny home",
            "token": token, "code": housing_round.round_units[0].code, "key": "0" * 32,
            "staff_id": org["staff"]["bert"].id, "fmt": "xlsx"}


def _outcome(answer) -> str:
    if answer.status_code == 302 and "/login" in answer.location:
        return "login"
    return {403: "forbidden", 404: "hidden"}.get(answer.status_code, "ok")


@pytest.mark.parametrize("role", ROLES)
def test_every_route_answers_each_role_as_the_table_says(app, client, login, arguments, role):
    if role != "anonymous":
        login(role)
    wrong = []
    for (endpoint, method), expected in ACCESS.items():
        if endpoint == "auth.logout":
            continue  # would end the walk's own session
        rule = next(r for r in app.url_map.iter_rules() if r.endpoint == endpoint)
        with app.test_request_context():
            url = url_for(endpoint, **{name: arguments[name] for name in rule.arguments})
        got = _outcome(client.open(url, method=method, data={}))
        if got != expected[role]:
            wrong.append(f"{method} {url}: {got}, expected {expected[role]}")
    assert wrong == []
