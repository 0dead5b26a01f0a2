"""Therapists' client pages: registering, episodes, transfer, the logged client view, a client's
data on request and its erasure."""
from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy import select
from werkzeug.http import parse_options_header

from survey.models import AuditEvent, Client, Episode, Response, Role, StaffUser, TreatmentSession
from survey.operations import Submission, record_response, start_session


def test_registering_refuses_a_code_used_twice_in_the_unit(client, org, login, register):
    login("anna")
    north = org["units"]["north"].id
    register("X-1", north)
    again = client.post("/clinic/clients", data={"code": "x-1", "unit": north, "gender": "man",
                                                 "age_group": "18-29", "opened_on": "2026-05-01"})
    assert again.status_code == 422 and "already has a client with code X-1" in again.get_data(as_text=True)
    other_unit = client.post("/clinic/clients", data={"code": "Y-1", "unit": org["units"]["south"].id,
                                                      "gender": "man", "age_group": "18-29", "opened_on": "2026-05-01"})
    assert other_unit.status_code == 422


def test_an_episode_closes_with_a_reason_and_a_new_one_can_open(client, db, org, login):
    login("anna")
    a = org["clients"]["A-1"]
    episode = a.episodes[0]
    assert client.post(f"/clinic/episodes/{episode.id}/close", data={"reason": "moved", "closed_on": "2026-03-01"}).status_code == 302
    db.expire_all()
    assert (episode.closed_on, episode.close_reason) == (date(2026, 3, 1), "moved")
    assert client.post(f"/clinic/clients/{a.id}/sessions", data={"rater": "client"}).status_code == 409
    client.post(f"/clinic/clients/{a.id}/episodes")
    db.expire_all()
    assert len(db.get(Client, a.id).episodes) == 2


def test_a_client_is_transferred_to_a_colleague(client, db, org, login):
    login("anna")
    a = org["clients"]["A-1"]
    moved = client.post(f"/clinic/clients/{a.id}/transfer", data={"therapist": org["staff"]["bert"].id})
    assert moved.status_code == 302
    assert client.get(f"/clinic/clients/{a.id}").status_code == 404
    login("bert")
    assert client.get(f"/clinic/clients/{a.id}").status_code == 200
    db.expire_all()
    assert db.get(Episode, a.episodes[0].id).therapist_id == org["staff"]["bert"].id
    # Sven works in South team: not a therapist of the client's unit.
    refused = client.post(f"/clinic/clients/{a.id}/transfer", data={"therapist": org["staff"]["sven"].id})
    assert refused.status_code == 302 and db.get(Client, a.id).therapist_id == org["staff"]["bert"].id


def test_the_client_view_is_logged(client, db, org, login):
    login("anna")
    a = org["clients"]["A-1"]
    client.get(f"/clinic/clients/{a.id}")
    events = db.scalars(select(AuditEvent).where(AuditEvent.object_type == "client")).all()
    assert [(e.staff_id, e.action, e.object_id) for e in events] == [(org["staff"]["anna"].id, "view", a.id)]


def test_a_new_therapist_without_clients_sees_empty_pages(client, db, org, login):
    db.add(StaffUser(username="nina", display_name="Nina", role=Role.THERAPIST, units=[org["units"]["north"]],
                     password_hash=org["staff"]["anna"].password_hash))
    db.commit()
    login("nina")
    assert "Inga klienter ännu" in client.get("/clinic/").get_data(as_text=True)
    assert client.get("/clinic/results").status_code == 200
    for path in ("/clinic/results.csv", "/clinic/results.xlsx"):
        assert client.post(path).status_code == 200, path


def test_the_client_page_title_is_plain_text(client, org, login):
    login("anna")
    page = client.get(f"/clinic/clients/{org['clients']['A-1'].id}").get_data(as_text=True)
    title = page.split("<title>")[1].split("</title>")[0]
    assert title == "Klient A-1 – Uppföljning"


def test_a_client_gets_their_data_and_can_be_erased(app, client, db, org, login):
    a1 = org["clients"]["A-1"]
    session = start_session(db, a1.episodes[0], date(2026, 2, 2))
    outcome = app.extensions["survey_catalogue"].get("outcome-adult")
    record_response(db, app.extensions["survey_catalogue"], Submission(
        uid=str(uuid.uuid4()), questionnaire_id=outcome.id, questionnaire_version=1,
        unit_id=a1.unit_id, session_id=session.id, language="sv", mode="self",
        answers={i.key: 6 for i in outcome.items}))
    db.commit()
    a1_id, session_id = a1.id, session.id
    login("anna")
    record = client.post(f"/clinic/clients/{a1_id}/export.json").json
    assert record["code"] == "A-1" and record["episodes"][0]["sessions"][0]["responses"][0]["total"] == 24.0
    assert client.post(f"/clinic/clients/{a1_id}/erase", data={"confirm": "A-1"}).status_code == 403
    login("cora")
    refused = client.post(f"/clinic/clients/{a1_id}/erase", data={"confirm": "B-1"})
    assert refused.status_code == 400 and db.get(Client, a1_id) is not None
    assert client.post(f"/clinic/clients/{a1_id}/erase", data={"confirm": "a-1"}).status_code == 302
    db.expunge_all()
    assert db.get(Client, a1_id) is None
    assert db.scalar(select(Response).where(Response.session_id == session_id)) is None
    assert db.get(TreatmentSession, session_id) is None
    actions = db.scalars(select(AuditEvent.action).where(AuditEvent.object_type == "client")).all()
    assert actions == ["export", "erase"]


def test_a_client_code_of_any_letters_downloads_under_a_safe_name(client, db, org, login):
    for code in ("ŁÓDŹ-1", 'X"; filename=evil.exe'):
        found = Client(code=code, unit=org["units"]["north"], therapist=org["staff"]["anna"],
                       gender="man", age_group="18-29")
        db.add(found)
        db.commit()
        login("anna")
        answer = client.post(f"/clinic/clients/{found.id}/export.json")
        assert answer.status_code == 200 and answer.json["code"] == code
        # One file name, exactly the code's (Werkzeug reads filename* as filename).
        assert parse_options_header(answer.headers["Content-Disposition"]) == (
            "attachment", {"filename": f"klient-{code}.json"})
        assert answer.headers["Cache-Control"] == "no-store"


def test_the_client_list_is_logged(client, db, org, login):
    login("anna")
    assert client.get("/clinic/").status_code == 200
    db.expire_all()
    event = db.scalar(select(AuditEvent).where(AuditEvent.detail.like("client list%")))
    assert (event.action, event.staff_id) == ("view", org["staff"]["anna"].id)
