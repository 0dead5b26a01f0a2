"""Therapists see their own clients only; a client's totals per session; every view is logged."""
from __future__ import annotations

import uuid
from datetime import date

import pytest
from sqlalchemy import select

from survey.models import AuditEvent, Response, TreatmentSession
from survey.operations import Submission, record_response, start_session


def _answer_session(app, db, client, session, kind, values):
    catalogue = app.extensions["survey_catalogue"]
    instrument = catalogue.get(f"{kind}-adult")
    record_response(db, catalogue, Submission(
        uid=str(uuid.uuid4()), questionnaire_id=instrument.id, questionnaire_version=1,
        unit_id=client.unit_id, session_id=session.id, language="sv", mode="self",
        answers=dict(zip([i.key for i in instrument.items], values))))


def test_a_therapist_lists_only_their_own_clients(client, org, login):
    login("anna")
    page = client.get("/clinic/").get_data(as_text=True)
    assert "A-1" in page and "B-1" not in page and "S-1" not in page


def test_a_therapist_cannot_open_another_therapists_client(client, org, login):
    login("anna")
    for code in ("B-1", "S-1"):
        other = org["clients"][code]
        assert client.get(f"/clinic/clients/{other.id}").status_code == 404
        assert client.post(f"/clinic/clients/{other.id}/sessions").status_code == 404
    assert client.get("/clinic/clients/99999").status_code == 404


def test_a_therapist_cannot_hand_over_another_therapists_session(client, db, org, login):
    episode = org["clients"]["B-1"].episodes[0]
    session = start_session(db, episode, date(2026, 2, 1))
    db.commit()
    login("anna")
    assert client.post(f"/clinic/sessions/{session.id}/alliance").status_code == 404


def test_a_coordinator_sees_the_clients_of_their_units(client, org, login):
    login("cora")  # North team and Sunny home
    page = client.get("/clinic/").get_data(as_text=True)
    assert "A-1" in page and "B-1" in page and "S-1" not in page
    assert client.get(f"/clinic/clients/{org['clients']['S-1'].id}").status_code == 404


@pytest.mark.parametrize("username, status", [("adam", 403), (None, 302)])
def test_admins_and_anonymous_users_see_no_clients(client, org, login, username, status):
    if username:
        login(username)
    assert client.get("/clinic/").status_code == status
    assert client.get(f"/clinic/clients/{org['clients']['A-1'].id}").status_code == status


def test_the_client_view_shows_totals_per_session_and_is_logged(app, client, db, org, login):
    anna_client = org["clients"]["A-1"]
    episode = anna_client.episodes[0]
    first = start_session(db, episode, date(2026, 2, 1))
    second = start_session(db, episode, date(2026, 2, 15))
    _answer_session(app, db, anna_client, first, "outcome", [4.0, 5.5, 6.0, 5.0])   # 20.5
    _answer_session(app, db, anna_client, first, "alliance", [9.0, 8.5, 9.5, 9.0])  # 36.0
    _answer_session(app, db, anna_client, second, "outcome", [6.0, 7.0, 7.5, 6.8])  # 27.3
    db.commit()
    login("anna")
    page = client.get(f"/clinic/clients/{anna_client.id}").get_data(as_text=True)
    rows = page.split("<tbody>")[1]
    assert "20.5" in rows and "36.0" in rows and "27.3" in rows
    assert rows.index("20.5") < rows.index("27.3")
    assert 'class="below">20.5' in rows  # under the adult cut-off of 25
    events = db.scalars(select(AuditEvent).where(AuditEvent.object_type == "client")).all()
    assert [(e.staff_id, e.action, e.object_id) for e in events] == [
        (org["staff"]["anna"].id, "view", anna_client.id)]


def test_starting_a_session_numbers_it_and_hands_over_the_outcome(app, client, db, org, login):
    login("anna")
    anna_client = org["clients"]["A-1"]
    for expected in (1, 2):
        started = client.post(f"/clinic/clients/{anna_client.id}/sessions")
        assert started.status_code == 302 and "/kiosk/t/" in started.location
        db.expire_all()
        numbers = db.scalars(select(TreatmentSession.number).order_by(TreatmentSession.number)).all()
        assert numbers[-1] == expected
    # The outcome page is the adult instrument (the client is 30–49).
    page = client.get(started.location).get_data(as_text=True)
    catalogue = app.extensions["survey_catalogue"]
    assert catalogue.get("outcome-adult").items[0].text["sv"] in page
    assert catalogue.get("outcome-child").items[0].text["sv"] not in page
    assert db.scalar(select(Response)) is None
