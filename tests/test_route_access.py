"""Every route, walked as anonymous, a tablet after a hand-over (kiosk), a therapist, a therapist
of another unit, a team lead, a coordinator and an admin. The table below is the access rule of the whole app;
a route missing from it fails."""
from __future__ import annotations

import uuid

import pytest
from flask import url_for
from itsdangerous import URLSafeSerializer

from survey.models import Role, StaffUser
from tests.conftest import PASSWORD_HASH

# Who: anonymous (holding a ticket this app did not sign), a kiosk (the tablet after Cora handed
# it over and was logged out: no staff login, only the ticket of the hand-over), Anna (therapist,
# North team, owns the client), Sven (therapist, South team), Tove (therapist and team lead of
# North team: not the therapist of Anna's client, so she may not open it), Cora (coordinator, North team and
# Sunny home), Carl (coordinator of another unit: South team), Olga (organisation-level
# coordinator, South team), Adam (admin).
ROLES = ("anonymous", "kiosk", "anna", "sven", "tove", "cora", "carl", "olga", "adam")
OPEN = dict.fromkeys(ROLES, "ok")
# Client pages behind a ticket: the pages 404 and the JSON API 403 without a valid one.
TICKET = OPEN | {"anonymous": "hidden"}
TICKET_API = OPEN | {"anonymous": "forbidden"}
STAFF = {"anonymous": "login", "kiosk": "login", "anna": "ok", "sven": "ok", "tove": "ok",
         "cora": "ok", "carl": "ok", "olga": "ok", "adam": "ok"}
CLINICIANS = STAFF | {"adam": "forbidden"}
THERAPISTS = CLINICIANS | {"cora": "forbidden", "carl": "forbidden", "olga": "forbidden"}
# Routes about Anna's client: Sven, Tove, Carl and Olga may use the route but cannot see the client.
CLIENT = CLINICIANS | {"sven": "hidden", "tove": "hidden", "carl": "hidden", "olga": "hidden"}
CLIENT_THERAPIST = THERAPISTS | {"sven": "hidden", "tove": "hidden"}
REPORTERS = STAFF | {"anna": "forbidden", "sven": "forbidden", "tove": "forbidden"}
# A round of Sunny home (Cora's): Carl's South team is not in it, so to him it does not exist.
OWN_ROUND = REPORTERS | {"carl": "hidden"}
ORGANISATION = REPORTERS | {"cora": "forbidden", "carl": "forbidden"}  # Olga and admins only
COORDINATORS = REPORTERS | {"adam": "forbidden"}
OWN_ROUND_COORDINATORS = COORDINATORS | {"carl": "hidden"}
# A unit's follow-up: its own coordinators only (Cora's Sunny home here).
OWN_UNIT = COORDINATORS | {"carl": "hidden", "olga": "hidden"}
ADMINS = {role: "forbidden" for role in STAFF} | {"anonymous": "login", "kiosk": "login", "adam": "ok"}

ACCESS = {
    ("auth.home", "GET"): STAFF, ("auth.login", "GET"): OPEN, ("auth.logout", "POST"): OPEN,
    ("auth.change_password", "GET"): STAFF, ("auth.account", "GET"): STAFF,
    ("healthz", "GET"): OPEN,
    ("kiosk.start", "GET"): OPEN, ("kiosk.about", "GET"): OPEN, ("kiosk.manifest", "GET"): OPEN,
    ("kiosk.service_worker", "GET"): OPEN, ("kiosk.code_entry", "GET"): OPEN,
    ("kiosk.code_setup", "GET"): OPEN, ("kiosk.welcome", "GET"): TICKET,
    ("kiosk.answer", "GET"): TICKET, ("kiosk.submit_form", "POST"): TICKET,
    ("kiosk.submit", "POST"): TICKET_API, ("kiosk.thanks", "GET"): OPEN,
    ("kiosk.openapi_document", "GET"): OPEN,
    # Open to all, and 404 for everyone here: no speech file was built for the key asked.
    ("kiosk.audio_for_text", "GET"): dict.fromkeys(ROLES, "hidden"),
    ("kiosk.slow_audio_for_text", "GET"): dict.fromkeys(ROLES, "hidden"),
    # The client pages' stylesheet and script, minified (web/assets.py).
    ("minified_css_kiosk_css", "GET"): OPEN, ("minified_js_kiosk_js", "GET"): OPEN,
    ("kiosk.hand_over", "GET"): STAFF, ("kiosk.queue", "GET"): STAFF,
    # The locked screen is open to all; unlocking it needs a staff password (the walk sends
    # none: refused as 401, which the walk counts as "ok" like any other page it reached).
    ("kiosk.locked", "GET"): OPEN, ("kiosk.unlock", "POST"): OPEN,
    ("clinic.index", "GET"): CLINICIANS, ("clinic.results", "GET"): CLINICIANS,
    ("clinic.results_export", "POST"): CLINICIANS, ("clinic.register", "POST"): THERAPISTS,
    ("clinic.client", "GET"): CLIENT, ("clinic.close", "POST"): CLIENT,
    ("clinic.transfer", "POST"): CLIENT, ("clinic.session_done", "GET"): CLIENT,
    ("clinic.new_session", "POST"): CLIENT_THERAPIST, ("clinic.new_episode", "POST"): CLIENT_THERAPIST,
    ("clinic.hand_over_alliance", "POST"): CLIENT_THERAPIST, ("clinic.paper", "GET"): CLIENT_THERAPIST,
    ("clinic.export_client", "POST"): CLIENT,
    ("clinic.follow_up", "GET"): CLIENT, ("clinic.follow_up_done", "GET"): CLIENT,
    ("clinic.save_plan", "POST"): CLIENT, ("clinic.new_contact", "POST"): CLIENT,
    ("clinic.save_variables", "POST"): CLIENT, ("clinic.new_goal", "POST"): CLIENT_THERAPIST,
    ("clinic.new_follow_up", "POST"): CLIENT_THERAPIST, ("clinic.rate_goals", "POST"): CLIENT_THERAPIST,
    ("clinic.hand_over_follow_up", "POST"): CLIENT_THERAPIST, ("clinic.decide", "POST"): CLIENT_THERAPIST,
    ("clinic.acknowledge", "POST"): CLIENT_THERAPIST,
    # Coordinators only; the walk sends no confirmation, so nothing is erased.
    ("clinic.erase", "POST"): THERAPISTS | {"anna": "forbidden", "sven": "forbidden",
                                            "tove": "forbidden", "cora": "ok",
                                            "carl": "hidden", "olga": "hidden"},
    ("coordinator.index", "GET"): REPORTERS, ("coordinator.round_results", "GET"): OWN_ROUND,
    ("coordinator.organisation", "GET"): ORGANISATION, ("coordinator.unit", "GET"): OWN_ROUND,
    ("coordinator.unit_group", "GET"): OWN_ROUND, ("coordinator.printable", "GET"): OWN_ROUND,
    ("coordinator.round_codes", "GET"): OWN_ROUND, ("coordinator.export", "POST"): OWN_ROUND,
    ("coordinator.new_round", "GET"): COORDINATORS,
    ("coordinator.set_status", "POST"): COORDINATORS | {"carl": "forbidden"},
    ("coordinator.import_paper", "GET"): OWN_ROUND_COORDINATORS,
    ("coordinator.paper_template", "POST"): OWN_ROUND_COORDINATORS,
    # No import exists in the walk: every coordinator is told so.
    ("coordinator.undo_paper_import", "POST"): OWN_ROUND_COORDINATORS | {"cora": "hidden", "olga": "hidden"},
    ("coordinator.unit_follow_up", "GET"): OWN_UNIT, ("coordinator.unit_follow_up_export", "POST"): OWN_UNIT,
    ("coordinator.unit_follow_up_settings", "GET"): OWN_UNIT,
    # Pivot tables (issue 17): a unit's for its own coordinators; the organisation's for
    # organisation-level coordinators; no saved pivot exists in the walk; Cora has no raw-data access.
    ("coordinator.unit_pivot", "GET"): OWN_UNIT, ("coordinator.unit_pivot_export", "POST"): OWN_UNIT,
    ("coordinator.save_unit_pivot", "POST"): OWN_UNIT,
    ("coordinator.delete_unit_pivot", "POST"): OWN_UNIT | {"cora": "hidden"},
    ("coordinator.unit_raw_values", "POST"): OWN_UNIT | {"cora": "forbidden"},
    ("coordinator.organisation_pivot", "GET"): ORGANISATION | {"adam": "forbidden"},
    ("coordinator.organisation_pivot_export", "POST"): ORGANISATION | {"adam": "forbidden"},
    ("admin.index", "GET"): ADMINS, ("admin.set_active", "POST"): ADMINS, ("admin.audit_log", "GET"): ADMINS,
    ("admin.export_audit_log", "POST"): ADMINS,
    ("admin.new_unit", "GET"): ADMINS, ("admin.edit_unit", "GET"): ADMINS,
    ("admin.unit_active", "GET"): ADMINS, ("admin.new_staff", "GET"): ADMINS,
    ("admin.edit_staff", "GET"): ADMINS, ("admin.reset_staff_password", "GET"): ADMINS,
    ("admin.import_file", "GET"): ADMINS,
    # A one-time reset page is open (the code is the key); the walk's code is not one.
    ("auth.reset", "GET"): OPEN,
    # Single sign-on: 404 for everyone while no identity provider is configured (tests/auth/test_sso.py).
    ("auth.sso_login", "GET"): dict.fromkeys(ROLES, "hidden"),
    ("auth.sso_callback", "GET"): dict.fromkeys(ROLES, "hidden"),
}


# Routes that hand the tablet to a client and so log the staff member out.
HANDS_OVER = {"clinic.new_session", "clinic.hand_over_alliance", "clinic.hand_over_follow_up"}


def test_the_table_names_every_route(app):
    routes = {r.endpoint for r in app.url_map.iter_rules() if r.endpoint != "static"}
    assert routes == {endpoint for endpoint, _ in ACCESS}


@pytest.fixture
def other_coordinators(db, org):
    """Carl, coordinator of South team; Olga, of South team with organisation-wide results; Tove,
    therapist and team lead of North team."""
    south = org["units"]["south"]
    for username, wide in (("carl", False), ("olga", True)):
        db.add(StaffUser(username=username, display_name=username.title(), role=Role.COORDINATOR,
                         units=[south], organisation_wide=wide, password_hash=PASSWORD_HASH))
    db.add(StaffUser(username="tove", display_name="Tove", role=Role.THERAPIST, team_lead=True,
                     units=[org["units"]["north"]], password_hash=PASSWORD_HASH))
    db.commit()


@pytest.fixture
def arguments(other_coordinators, org, housing_round, annas, sign_ticket):
    home = org["units"]["home"].id
    return annas | {
        "round_id": housing_round.id, "unit_id": home, "name": "Sunny home",
        "token": sign_ticket("ux-housing", unit_id=home, round_id=housing_round.id),
        "code": housing_round.round_units[0].code, "key": "0" * 32,
        "staff_id": org["staff"]["bert"].id, "fmt": "xlsx", "batch_id": 1, "pivot_id": 1}


def _body(endpoint: str, arguments: dict) -> dict:
    """What the walk sends: the JSON API gets a whole (empty) response with the role's ticket."""
    if endpoint == "kiosk.submit":
        return {"json": {"ticket": arguments["token"], "uid": str(uuid.uuid4()), "answers": {}}}
    return {"data": {}}


def _outcome(answer) -> str:
    if answer.status_code == 302 and "/login" in answer.location:
        return "login"
    return {403: "forbidden", 404: "hidden"}.get(answer.status_code, "ok")


@pytest.mark.parametrize("role", ROLES)
def test_every_route_answers_each_role_as_the_table_says(
        app, client, login, hand_over_round, arguments, role):
    if role == "anonymous":
        forged = URLSafeSerializer("not-this-app", salt="kiosk-ticket").dumps({"round_id": 1})
        arguments = arguments | {"token": forged}
    elif role == "kiosk":
        # Cora hands the tablet over for the round and is logged out; the ticket it now holds.
        arguments = arguments | {"token": hand_over_round(arguments["round_id"], arguments["unit_id"])}
    else:
        login(role)
    wrong = []
    for (endpoint, method), expected in ACCESS.items():
        if endpoint == "auth.logout":
            continue  # would end the walk's own session
        rule = next(r for r in app.url_map.iter_rules() if r.endpoint == endpoint)
        with app.test_request_context():
            url = url_for(endpoint, **{name: arguments[name] for name in rule.arguments})
        got = _outcome(client.open(url, method=method, **_body(endpoint, arguments)))
        if got == "ok" and endpoint in HANDS_OVER:
            login(role)  # a hand-over logs the therapist out of the tablet: back to the walk
        if got != expected[role]:
            wrong.append(f"{method} {url}: {got}, expected {expected[role]}")
    assert wrong == []
