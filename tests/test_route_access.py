"""Every route, walked as anonymous, a tablet after a hand-over (kiosk), a therapist, a therapist
of another unit, a team lead, a coordinator, an admin and a reviewer. The table below is the access rule of the whole app;
a route missing from it fails."""
from __future__ import annotations

import uuid

import pytest
from flask import url_for
from itsdangerous import URLSafeSerializer
from sqlalchemy import select

from survey.models import AgeSchemeRow, Role, StaffUser, Variable
from survey.operations.reviews import open_review
from survey.queries import current_variables
from tests.conftest import PASSWORD_HASH

# Who: anonymous (holding a ticket this app did not sign), a kiosk (the tablet after Cora handed
# it over and was logged out: no staff login, only the ticket of the hand-over), Anna (therapist,
# North team, owns the client), Sven (therapist, South team), Tove (therapist and team lead of
# North team: not the therapist of Anna's client, so she may not open it), Cora (coordinator, North team and
# Sunny home), Carl (coordinator of another unit: South team), Olga (organisation-level
# coordinator, South team), Adam (admin), Rita (reviewer of North team and Sunny home: record
# reviews only).
ROLES = ("anonymous", "kiosk", "anna", "sven", "tove", "cora", "carl", "olga", "adam", "rita")
OPEN = dict.fromkeys(ROLES, "ok")
# Client pages behind a ticket: the pages 404 and the JSON API 403 without a valid one.
TICKET = OPEN | {"anonymous": "hidden"}
TICKET_API = OPEN | {"anonymous": "forbidden"}
STAFF = {"anonymous": "login", "kiosk": "login", "anna": "ok", "sven": "ok", "tove": "ok",
         "cora": "ok", "carl": "ok", "olga": "ok", "adam": "ok", "rita": "ok"}
TABLET = STAFF | {"rita": "forbidden"}  # everyone but reviewers hands the tablet over
CLINICIANS = STAFF | {"adam": "forbidden", "rita": "forbidden"}
THERAPISTS = CLINICIANS | {"cora": "forbidden", "carl": "forbidden", "olga": "forbidden"}
# Routes about Anna's client: Sven, Tove, Carl and Olga may use the route but cannot see the client.
CLIENT = CLINICIANS | {"sven": "hidden", "tove": "hidden", "carl": "hidden", "olga": "hidden"}
CLIENT_THERAPIST = THERAPISTS | {"sven": "hidden", "tove": "hidden"}
REPORTERS = STAFF | {"anna": "forbidden", "sven": "forbidden", "tove": "forbidden",
                     "rita": "forbidden"}
# A round of Sunny home (Cora's): Carl's South team is not in it, so to him it does not exist.
OWN_ROUND = REPORTERS | {"carl": "hidden"}
ORGANISATION = REPORTERS | {"cora": "forbidden", "carl": "forbidden"}  # Olga and admins only
COORDINATORS = REPORTERS | {"adam": "forbidden"}
OWN_ROUND_COORDINATORS = COORDINATORS | {"carl": "hidden"}
# A unit's follow-up: its own coordinators only (Cora's Sunny home here).
OWN_UNIT = COORDINATORS | {"carl": "hidden", "olga": "hidden"}
# A unit's records from a file: its own coordinators and admins.
OWN_UNIT_RECORDS = OWN_UNIT | {"adam": "ok"}
ADMINS = {role: "forbidden" for role in STAFF} | {"anonymous": "login", "kiosk": "login", "adam": "ok"}
# Record reviews: reviewers and coordinators; a review of North team (Rita's and Cora's).
REVIEWERS = STAFF | {"anna": "forbidden", "sven": "forbidden", "tove": "forbidden",
                     "adam": "forbidden"}
OWN_REVIEW = REVIEWERS | {"carl": "hidden", "olga": "hidden"}
# A unit's own variables: admins, and its coordinators with the defines_variables permission
# (Cora has none); the walk's variable is the organisation's, so no unit's page shows it.
UNIT_VARIABLES = COORDINATORS | {"cora": "forbidden", "carl": "hidden", "olga": "hidden", "adam": "ok"}
UNIT_VARIABLE = UNIT_VARIABLES | {"adam": "hidden"}

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
    ("kiosk.hand_over", "GET"): TABLET, ("kiosk.queue", "GET"): TABLET,
    # The locked screen is open to all; unlocking it needs a staff password (the walk sends
    # none: refused as 401, which the walk counts as "ok" like any other page it reached).
    ("kiosk.locked", "GET"): OPEN, ("kiosk.unlock", "POST"): OPEN,
    ("clinic.index", "GET"): CLINICIANS, ("clinic.results", "GET"): CLINICIANS,
    ("clinic.results_export", "POST"): CLINICIANS, ("clinic.register", "POST"): THERAPISTS,
    ("clinic.client", "GET"): CLIENT, ("clinic.close", "POST"): CLIENT,
    ("clinic.transfer", "POST"): CLIENT, ("clinic.session_done", "GET"): CLIENT,
    ("clinic.new_session", "POST"): CLIENT_THERAPIST, ("clinic.new_episode", "POST"): CLIENT_THERAPIST, ("clinic.set_age", "POST"): CLIENT_THERAPIST,
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
    ("coordinator.import_unit_records", "GET"): OWN_UNIT_RECORDS,
    ("coordinator.records_template", "POST"): OWN_UNIT_RECORDS,
    # No import exists in the walk: every one of them is told so.
    ("coordinator.undo_unit_records", "GET"): OWN_UNIT_RECORDS | {"cora": "hidden", "adam": "hidden"},
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
    ("review.index", "GET"): REVIEWERS, ("review.new_review", "GET"): OWN_REVIEW,
    ("review.resume", "GET"): OWN_REVIEW, ("review.record", "GET"): OWN_REVIEW,
    # The walk sends no status: nothing is closed.
    ("review.set_status", "POST"): OWN_REVIEW,
    # The age groups reports choose from; deleting asks first (the walk only asks).
    ("admin.age_schemes", "GET"): ADMINS, ("admin.new_age_scheme", "GET"): ADMINS,
    ("admin.edit_age_scheme", "GET"): ADMINS, ("admin.delete_age_scheme_page", "GET"): ADMINS,
    ("admin.variables", "GET"): ADMINS, ("admin.new_variable", "GET"): ADMINS,
    ("admin.edit_variable", "GET"): ADMINS, ("admin.order_variables", "POST"): ADMINS,
    # Last of the variable pages: the walk's variable is no longer current after it.
    ("admin.retire_variable", "POST"): ADMINS,
    ("coordinator.unit_variables", "GET"): UNIT_VARIABLES,
    ("coordinator.new_unit_variable", "GET"): UNIT_VARIABLES,
    ("coordinator.order_unit_variables", "POST"): UNIT_VARIABLES,
    ("coordinator.edit_unit_variable", "GET"): UNIT_VARIABLE,
    ("coordinator.retire_unit_variable", "POST"): UNIT_VARIABLE,
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
    therapist and team lead of North team; Rita, reviewer of North team and Sunny home."""
    south = org["units"]["south"]
    db.add(StaffUser(username="rita", display_name="Rita", role=Role.REVIEWER,
                     units=[org["units"]["north"], org["units"]["home"]], password_hash=PASSWORD_HASH))
    for username, wide in (("carl", False), ("olga", True)):
        db.add(StaffUser(username=username, display_name=username.title(), role=Role.COORDINATOR,
                         units=[south], organisation_wide=wide, password_hash=PASSWORD_HASH))
    db.add(StaffUser(username="tove", display_name="Tove", role=Role.THERAPIST, team_lead=True,
                     units=[org["units"]["north"]], password_hash=PASSWORD_HASH))
    db.commit()


@pytest.fixture
def north_review(db, org):
    """A review of North team's episodes (A-1, B-1) recording the unit's own review variable."""
    north = org["units"]["north"]
    db.add(Variable(key="north_plan", unit_id=north.id, kind="yes-no", phase="review",
                    names={"sv": "Plan finns", "nb": "Plan finnes", "da": "Plan findes",
                           "fi": "Suunnitelma on", "en": "A plan exists"}))
    review = open_review(db, north, "Journal 2026", org["staff"]["cora"])
    db.commit()
    return review


@pytest.fixture
def arguments(db, other_coordinators, org, housing_round, annas, sign_ticket, north_review):
    home = org["units"]["home"].id
    return annas | {"review_id": north_review.id, "position": 1} | {
        "scheme_id": db.scalar(select(AgeSchemeRow.id)),
        "round_id": housing_round.id, "unit_id": home, "name": "Sunny home",
        "token": sign_ticket("ux-housing", unit_id=home, round_id=housing_round.id),
        "code": housing_round.round_units[0].code, "key": "0" * 32,
        "staff_id": org["staff"]["bert"].id, "fmt": "xlsx", "batch_id": 1, "import_id": 1,
        "pivot_id": 1, "variable_id": current_variables(db)[0].id}


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
