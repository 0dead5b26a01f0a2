"""A team lead (a therapist whose account an admin granted the permission): their units' signals
left open, named by client code only where they may open the client, and their units' results
under the disclosure rule; nothing else beyond a therapist's pages."""
from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from survey.models import AuditEvent, Episode, Role, StaffUser
from survey.operations import start_session
from survey.queries import opens_every_client
from tests.conftest import PASSWORD_HASH


@pytest.fixture
def tove(db, org):
    """Therapist and team lead of North team, with a client of her own."""
    lead = StaffUser(username="tove", display_name="Tove", role=Role.THERAPIST, team_lead=True,
                     units=[org["units"]["north"]], password_hash=PASSWORD_HASH)
    db.add(lead)
    db.commit()
    return lead


def _old_signal(app, client, db, login, register, therapist: str, code: str) -> None:
    """A client of the therapist with an alliance under 36 at a session held long enough ago."""
    login(therapist)
    client_id = register(code, db.scalar(select(StaffUser).where(
        StaffUser.username == therapist)).units[0].id)
    episode = db.scalar(select(Episode).where(Episode.client_id == client_id))
    session = start_session(db, episode, date.today() - timedelta(days=app.config["SIGNAL_OPEN_DAYS"]))
    db.commit()
    sent = client.post(f"/clinic/sessions/{session.id}/paper",
                       data={"instrument": "alliance", "rater": "client", "total": 30})
    assert sent.status_code == 302


def test_a_team_lead_sees_the_units_signals_left_open_with_codes_only_of_her_own_clients(
        app, client, db, org, login, register, tove):
    _old_signal(app, client, db, login, register, "anna", "L-1")
    _old_signal(app, client, db, login, register, "tove", "L-2")
    _old_signal(app, client, db, login, register, "sven", "L-3")  # South team
    login("tove")
    page = client.get("/clinic/").get_data(as_text=True)
    listed = page.split('class="unattended"')[1].split("</ul>")[0]
    assert "L-2</a>" in listed and "(Tove)" in listed
    assert "L-1" not in listed and "En klient" in listed and "(Anna)" in listed
    assert "L-3" not in listed and "Sven" not in listed
    assert "Uppföljning per enhet" not in page  # the follow-up report stays the coordinators'
    login("anna")  # a therapist without the permission: no list
    assert 'class="unattended"' not in client.get("/clinic/").get_data(as_text=True)


def test_a_team_lead_reads_her_units_results_under_the_rule_and_nothing_more(
        client, db, org, login, annas, tove):
    login("tove")
    units = client.get("/clinic/results?scope=units&period=2026")
    assert units.status_code == 200
    page = units.get_data(as_text=True)
    assert "North team" in page and "South team" not in page
    assert "färre än 5" in page  # North team's few clients: hidden, as for a coordinator
    # Fixed periods only: dates asked for are not offered nor read.
    dated = client.get("/clinic/results?scope=units&from=2026-01-01&to=2026-01-09").get_data(as_text=True)
    assert 'name="period"' in dated and 'type="date"' not in dated
    therapists = client.get("/clinic/results?scope=therapists&period=2026").get_data(as_text=True)
    assert "Anna" in therapists and "färre än 5" in therapists
    assert client.get("/clinic/results?scope=organisation&period=2026").status_code == 403
    assert client.get("/clinic/").status_code == 200 and client.get("/clinic/results").status_code == 200
    for path in ("/reports/", f"/reports/units/{org['units']['north'].id}/follow-up",
                 f"/clinic/clients/{org['clients']['A-1'].id}"):
        assert client.get(path).status_code in (403, 404), path
    login("anna")
    assert client.get("/clinic/results?scope=units&period=2026").status_code == 403


def test_an_admin_grants_the_team_lead_permission_on_the_staff_form(client, db, org, login):
    anna = org["staff"]["anna"]
    login("adam")
    sent = client.post(f"/admin/staff/{anna.id}", data={
        "display_name": "Anna", "role": "therapist", "units": [str(org["units"]["north"].id)],
        "team_lead": "y"})
    assert sent.status_code == 302
    db.expire_all()
    assert db.get(StaffUser, anna.id).leads_team
    assert "team lead True" in db.scalars(select(AuditEvent.detail).where(
        AuditEvent.object_type == "staff")).all()[-1]
    form = client.get(f"/admin/staff/{anna.id}").get_data(as_text=True)
    assert re.search(r'<input checked[^>]*name="team_lead"', form)
    assert "Teamledare: ser enheternas öppna signaler och resultat (behandlare)" in form


def test_only_who_may_open_every_client_of_a_unit_reads_its_tables_exactly(db, org, tove):
    north, staff = org["units"]["north"].id, org["staff"]
    assert opens_every_client(db, staff["cora"], north)  # the unit's coordinator
    assert not opens_every_client(db, tove, north)  # a team lead: only her own clients
    assert not opens_every_client(db, staff["anna"], north)  # B-1 is Bert's
    assert not opens_every_client(db, staff["adam"], north)
    assert opens_every_client(db, staff["sven"], org["units"]["south"].id)  # every one his own
